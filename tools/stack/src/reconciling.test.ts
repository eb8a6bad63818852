import type { KubeObject } from './kube.ts';
import { forControllers } from './reconciling.ts';
import { listScenarios, loadScenario } from './scenarios.ts';

const key = (o: KubeObject) =>
  `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describe('forControllers', () => {
  const healthy = loadScenario('healthy').objects;
  const written = forControllers(healthy);

  it('leaves the pods of workloads and Jobs, and selector Endpoints, to the controllers', () => {
    const names = written.map(key);
    expect(names.filter(n => n.startsWith('Pod temporal/'))).toEqual([]);
    expect(names).not.toContain('Endpoints temporal/temporal-server-frontend');
    expect(names).not.toContain('Endpoints cnpg-system/postgresql-cluster-rw');
    // The operator pods of upstream services belong to their Deployments too.
    expect(names.filter(n => n.startsWith('Pod '))).toEqual([
      'Pod cnpg-system/postgresql-cluster-1',
      'Pod cnpg-system/postgresql-cluster-2',
      'Pod cnpg-system/postgresql-cluster-3',
    ]);
  });

  it('writes the CloudNativePG instance pods without node or status, for the scheduler and kwok', () => {
    const pod = written.find(
      o => o.kind === 'Pod' && o.metadata.name === 'postgresql-cluster-1',
    )!;
    expect(pod.status).toBeUndefined();
    expect((pod.spec as { nodeName?: string }).nodeName).toBeUndefined();
    expect((pod.spec as { containers: unknown[] }).containers).toHaveLength(1);
  });

  it('writes workloads, Jobs and Services without status, custom resources with theirs', () => {
    const deployment = written.find(
      o =>
        o.kind === 'Deployment' &&
        o.metadata.name === 'temporal-server-frontend',
    )!;
    expect(deployment.status).toBeUndefined();
    expect(deployment.metadata.annotations).not.toHaveProperty(
      'deployment.kubernetes.io/revision',
    );
    expect(deployment.spec).toEqual(
      healthy.find(o => o === healthy.find(h => key(h) === key(deployment)))!
        .spec,
    );
    expect(written.find(o => o.kind === 'Job')!.status).toBeUndefined();
    const release = written.find(o => o.kind === 'HelmRelease')!;
    expect(release.status).toEqual(
      healthy.find(o => key(o) === key(release))!.status,
    );
  });

  it.each(listScenarios().map(s => s.name))(
    '%s: every fault names pods of a workload or instance the stack keeps',
    name => {
      const scenario = loadScenario(name);
      const objects = forControllers(scenario.objects);
      for (const fault of scenario.faults) {
        const [label, value] = fault.selector.split('=');
        const owner = objects.find(
          o =>
            o.metadata.namespace === fault.namespace &&
            ((o.kind === 'Deployment' &&
              (o.spec as any).selector.matchLabels[label] === value) ||
              (o.kind === 'Pod' &&
                (o.metadata.labels as Record<string, string>)[label] ===
                  value)),
        );
        expect([fault.selector, owner?.kind]).toEqual([
          fault.selector,
          expect.stringMatching(/^(Deployment|Pod)$/),
        ]);
      }
    },
  );
});

describe('scenario faults', () => {
  it('are read from scenario.yaml', () => {
    expect(loadScenario('history-oomkilled').faults).toEqual([
      {
        namespace: 'temporal',
        selector: 'app.kubernetes.io/component=history',
        stages: ['oomkilled-crashloop', 'oomkilled'],
        restarts: 5,
      },
    ]);
    expect(loadScenario('healthy').faults).toEqual([]);
  });
});
