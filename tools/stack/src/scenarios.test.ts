import type { KubeObject } from './kube.ts';
import {
  listScenarios,
  loadScenario,
  objectKey,
  resolveScenario,
} from './scenarios.ts';

const object = (
  apiVersion: string,
  kind: string,
  name: string,
  extra: Partial<KubeObject> = {},
): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace: 'temporal' },
  ...extra,
});

describe('resolveScenario', () => {
  it('replaces base objects of the same identity whole and appends new ones', () => {
    const base = [
      object('apps/v1', 'Deployment', 'frontend', { spec: { replicas: 2 } }),
      object('v1', 'Service', 'frontend'),
    ];
    const overlay = [
      object('batch/v1', 'Job', 'schema-4'),
      object('apps/v1', 'Deployment', 'frontend', {
        status: { readyReplicas: 0 },
      }),
    ];
    expect(resolveScenario(base, overlay)).toEqual([
      overlay[1],
      base[1],
      overlay[0],
    ]);
  });

  it('matches by group, not version', () => {
    expect(
      objectKey(object('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'x')),
    ).toBe(
      objectKey(object('helm.toolkit.fluxcd.io/v2beta2', 'HelmRelease', 'x')),
    );
  });

  it('refuses an object that appears twice on one side', () => {
    const twice = [object('v1', 'Pod', 'p'), object('v1', 'Pod', 'p')];
    expect(() => resolveScenario(twice, [])).toThrow(
      'base: Pod temporal/p appears twice',
    );
  });
});

describe('the scenarios of examples/cluster', () => {
  const scenarios = listScenarios();

  it('include healthy and the backlog scenario', () => {
    expect(scenarios.map(s => s.name)).toEqual(
      expect.arrayContaining(['healthy', 'taskqueue-backlog-no-workers']),
    );
  });

  it.each(scenarios.map(s => s.name))('%s loads', name => {
    const scenario = loadScenario(name);
    expect(scenario.description).not.toBe('');
    expect(scenario.objects.length).toBeGreaterThan(0);
    for (const o of scenario.objects) {
      expect(o.metadata.name).toBeTruthy();
    }
  });

  it('stops the worker only where the scenario says so', () => {
    expect(loadScenario('healthy').temporal).toEqual({
      worker: 'running',
      startWorkflows: 0,
    });
    expect(loadScenario('taskqueue-backlog-no-workers').temporal.worker).toBe(
      'stopped',
    );
  });

  it('names the known scenarios when asked for an unknown one', () => {
    expect(() => loadScenario('no-such-scenario')).toThrow(
      /unknown scenario "no-such-scenario"; known scenarios: .*healthy/,
    );
  });
});
