import { condition, helmRelease, kustomization } from './__fixtures__/objects';
import { helmReleaseFinding, kustomizationFinding } from './fluxChecks';

const hrRef = { name: 'temporal-server', namespace: 'flux-system' };
const ksRef = { name: 'temporal', namespace: 'flux-system' };

describe('helmReleaseFinding', () => {
  it('is ok for a ready release of the declared chart', () => {
    const f = helmReleaseFinding(hrRef, [helmRelease()], 'dev', '0.51.0');
    expect(f.checks[0]).toMatchObject({
      id: 'helmrelease:flux-system/temporal-server',
      status: 'ok',
      message:
        'HelmRelease flux-system/temporal-server is ready: temporal 0.51.0 deployed',
    });
    expect(f.signals).toEqual([]);
  });

  it('degrades a ready release whose deployed chart differs from the declared one', () => {
    const f = helmReleaseFinding(hrRef, [helmRelease()], 'dev', '0.52.0');
    expect(f.checks[0]).toMatchObject({
      status: 'degraded',
      reason: 'ChartVersionMismatch',
    });
    expect(f.checks[0].message).toContain('but the catalog declares 0.52.0');
  });

  it('fails a stalled upgrade with the helmrelease-upgrade-failed signal and the Helm logs as details', () => {
    const hr = helmRelease({
      lastAttemptedReleaseAction: 'upgrade',
      conditions: [
        condition(
          'Stalled',
          'True',
          'RetriesExceeded',
          'Failed to upgrade after 1 attempt(s)',
        ),
        condition(
          'Ready',
          'False',
          'UpgradeFailed',
          'Helm upgrade failed: job failed\n\nLast Helm logs:\n\nwaiting for 14 resources',
          { observedGeneration: 1 },
        ),
      ],
      history: [
        { version: 4, status: 'failed', chartVersion: '0.51.0' },
        { version: 3, status: 'deployed', chartVersion: '0.50.0' },
      ],
    });
    const f = helmReleaseFinding(hrRef, [hr], 'dev', '0.51.0');
    expect(f.checks[0]).toMatchObject({
      status: 'failed',
      reason: 'RetriesExceeded',
    });
    expect(f.checks[0].message).toBe(
      'HelmRelease flux-system/temporal-server is stalled (RetriesExceeded: Failed to upgrade after 1 attempt(s)): ' +
        'Flux will not retry until its spec changes or a reset is requested. ' +
        'Last error (UpgradeFailed): Helm upgrade failed: job failed. Deployed chart: temporal 0.50.0; declared: 0.51.0.',
    );
    expect(f.checks[0].details).toEqual([
      'Last Helm logs:',
      'waiting for 14 resources',
    ]);
    expect(f.signals.map(s => s.id)).toEqual(['helmrelease-upgrade-failed']);
  });

  it('reports a suspended release as suspended, not healthy, even with Ready True', () => {
    const f = helmReleaseFinding(
      hrRef,
      [helmRelease({ suspend: true })],
      'dev',
      '0.51.0',
    );
    expect(f.checks[0].status).toBe('suspended');
    expect(f.checks[0].message).toContain(
      'is suspended: Flux does not reconcile it',
    );
  });

  it('fails when the HelmRelease does not exist, and is unknown when HelmReleases were not observed', () => {
    expect(
      helmReleaseFinding(hrRef, [], 'dev', undefined).checks[0],
    ).toMatchObject({
      status: 'failed',
      reason: 'NotFound',
    });
    expect(
      helmReleaseFinding(hrRef, undefined, 'dev', undefined).checks[0].status,
    ).toBe('unknown');
  });
});

describe('kustomizationFinding', () => {
  it('is ok when ready, naming the applied revision', () => {
    expect(
      kustomizationFinding(ksRef, [kustomization()], 'dev').checks[0],
    ).toMatchObject({
      status: 'ok',
      message:
        'Kustomization flux-system/temporal is ready: applied main@sha1:165b485c',
    });
  });

  it('treats DependencyNotReady as waiting (progressing), not as a failure of its own', () => {
    const ks = kustomization('temporal', [
      condition(
        'Ready',
        'False',
        'DependencyNotReady',
        "dependency 'flux-system/postgresql-cluster' is not ready",
        {
          observedGeneration: 1,
        },
      ),
    ]);
    const f = kustomizationFinding(ksRef, [ks], 'dev');
    expect(f.checks[0].status).toBe('progressing');
    expect(f.signals).toEqual([]);
  });

  it('fails with kustomization-not-ready on a failed health check', () => {
    const ks = kustomization('temporal', [
      condition('Ready', 'False', 'HealthCheckFailed', 'health check failed', {
        observedGeneration: 1,
      }),
    ]);
    const f = kustomizationFinding(ksRef, [ks], 'dev');
    expect(f.checks[0]).toMatchObject({
      status: 'failed',
      reason: 'HealthCheckFailed',
    });
    expect(f.signals.map(s => s.id)).toEqual(['kustomization-not-ready']);
  });
});
