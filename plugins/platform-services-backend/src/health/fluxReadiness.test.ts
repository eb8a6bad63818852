import { condition, helmRelease } from './__fixtures__/objects';
import {
  deployedChartVersion,
  fluxReadiness,
  helmReleaseReadiness,
} from './fluxReadiness';

const readyTrue = condition('Ready', 'True', 'UpgradeSucceeded', 'ok', {
  observedGeneration: 1,
});

describe('fluxReadiness', () => {
  it('reports a suspended object as suspended, whatever its stale Ready says', () => {
    const r = fluxReadiness(
      helmRelease({ suspend: true, conditions: [readyTrue] }),
    );
    expect(r.state).toBe('suspended');
    expect(r.ready?.status).toBe('True');
  });

  it('reports an object never reconciled (observedGeneration below 1)', () => {
    expect(
      fluxReadiness(helmRelease({ observedGeneration: -1, conditions: [] }))
        .state,
    ).toBe('not-reconciled');
  });

  it('treats a Ready condition of an older generation as stale', () => {
    const r = fluxReadiness(
      helmRelease({ generation: 2, conditions: [readyTrue] }),
    );
    expect(r).toMatchObject({ state: 'stale', reconciledGeneration: 1 });
  });

  it('falls back to status.observedGeneration when Ready has no observedGeneration', () => {
    const hr = helmRelease({
      generation: 2,
      observedGeneration: 1,
      conditions: [condition('Ready', 'True', 'UpgradeSucceeded')],
    });
    expect(fluxReadiness(hr).state).toBe('stale');
    hr.status!.observedGeneration = 2;
    expect(fluxReadiness(hr).state).toBe('ready');
  });

  it('lets Stalled win over Ready and Reconciling', () => {
    const r = fluxReadiness(
      helmRelease({
        conditions: [
          condition(
            'Stalled',
            'True',
            'RetriesExceeded',
            'Failed to upgrade after 1 attempt(s)',
          ),
          condition('Reconciling', 'True', 'Progressing'),
          condition('Ready', 'False', 'UpgradeFailed', 'boom', {
            observedGeneration: 1,
          }),
        ],
      }),
    );
    expect(r).toMatchObject({
      state: 'stalled',
      reason: 'RetriesExceeded',
      message: 'Failed to upgrade after 1 attempt(s)',
    });
  });

  it('reports Reconciling as progressing, but a failed attempt waiting to retry as failed', () => {
    expect(
      fluxReadiness(
        helmRelease({
          conditions: [
            condition('Reconciling', 'True', 'Progressing'),
            condition('Ready', 'Unknown', 'Progressing', 'Running upgrade', {
              observedGeneration: 1,
            }),
          ],
        }),
      ).state,
    ).toBe('progressing');
    expect(
      fluxReadiness(
        helmRelease({
          conditions: [
            condition('Reconciling', 'True', 'ProgressingWithRetry'),
            condition('Ready', 'False', 'InstallFailed', 'timeout', {
              observedGeneration: 1,
            }),
          ],
        }),
      ),
    ).toMatchObject({ state: 'failed', reason: 'InstallFailed' });
  });

  it('maps Ready True, False and Unknown', () => {
    const state = (status: 'True' | 'False' | 'Unknown') =>
      fluxReadiness(
        helmRelease({
          conditions: [
            condition('Ready', status, 'R', 'm', { observedGeneration: 1 }),
          ],
        }),
      ).state;
    expect(state('True')).toBe('ready');
    expect(state('False')).toBe('failed');
    expect(state('Unknown')).toBe('progressing');
    expect(fluxReadiness(helmRelease({ conditions: [] })).state).toBe(
      'progressing',
    );
  });
});

describe('deployedChartVersion', () => {
  it('is the newest deployed release, not a newer failed attempt', () => {
    const hr = helmRelease({
      history: [
        { version: 4, status: 'failed', chartVersion: '0.51.0' },
        { version: 3, status: 'deployed', chartVersion: '0.50.0' },
      ],
    });
    expect(deployedChartVersion(hr)).toBe('0.50.0');
  });

  it('is unknown when every release in history failed', () => {
    expect(
      deployedChartVersion(
        helmRelease({
          history: [{ version: 1, status: 'failed', chartVersion: '0.51.0' }],
        }),
      ),
    ).toBeUndefined();
  });

  it('falls back to lastAttemptedRevision of a Ready release without history, without the OCI digest', () => {
    const hr = helmRelease({
      history: [],
      lastAttemptedRevision: '0.51.0+1a2b3c4d5e6f',
    });
    expect(deployedChartVersion(hr)).toBe('0.51.0');
  });
});

describe('helmReleaseReadiness', () => {
  it('compares the deployed chart version with the declared one', () => {
    expect(helmReleaseReadiness(helmRelease(), '0.51.0').chart).toEqual({
      chart: 'temporal',
      declared: '0.51.0',
      deployed: '0.51.0',
      lastAttempted: '0.51.0',
      matches: true,
    });
    expect(helmReleaseReadiness(helmRelease(), '0.52.0').chart.matches).toBe(
      false,
    );
    expect(helmReleaseReadiness(helmRelease()).chart.matches).toBeUndefined();
  });

  it('recognises a failed upgrade, also once it is stalled or rolled back', () => {
    const upgradeFailed = (
      conditions: ReturnType<typeof condition>[],
      action?: string,
    ) =>
      helmReleaseReadiness(
        helmRelease({ conditions, lastAttemptedReleaseAction: action }),
      ).upgradeFailed;
    expect(
      upgradeFailed([
        condition('Ready', 'False', 'UpgradeFailed', 'x', {
          observedGeneration: 1,
        }),
      ]),
    ).toBe(true);
    expect(
      upgradeFailed([
        condition('Ready', 'False', 'RollbackSucceeded', 'x', {
          observedGeneration: 1,
        }),
      ]),
    ).toBe(true);
    expect(
      upgradeFailed(
        [
          condition('Stalled', 'True', 'RetriesExceeded'),
          condition('Ready', 'False', 'ArtifactFailed', 'x', {
            observedGeneration: 1,
          }),
        ],
        'upgrade',
      ),
    ).toBe(true);
    expect(
      upgradeFailed(
        [
          condition('Ready', 'False', 'InstallFailed', 'x', {
            observedGeneration: 1,
          }),
        ],
        'install',
      ),
    ).toBe(false);
  });
});
