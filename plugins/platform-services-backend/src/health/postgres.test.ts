import { condition, NOW, pod } from './__fixtures__/objects';
import { PostgresClusterObject } from './objects';
import { postgresClusterFinding } from './postgres';

function cluster(
  ready: number,
  phase: string,
  targetPrimary = 'postgresql-cluster-1',
): PostgresClusterObject {
  return {
    metadata: { name: 'postgresql-cluster', namespace: 'cnpg-system' },
    spec: { instances: 3 },
    status: {
      instances: 3,
      readyInstances: ready,
      phase,
      currentPrimary: 'postgresql-cluster-1',
      targetPrimary,
    },
  };
}

describe('postgresClusterFinding', () => {
  it('is ok in healthy state with every instance ready', () => {
    const f = postgresClusterFinding(
      cluster(3, 'Cluster in healthy state'),
      [],
      NOW,
    );
    expect(f.checks[0]).toMatchObject({
      status: 'ok',
      message:
        'PostgreSQL cluster cnpg-system/postgresql-cluster is healthy: 3 of 3 instances ready; primary postgresql-cluster-1',
    });
    expect(f.signals).toEqual([]);
  });

  it('is degraded with some instances ready, listing the instance pods’ problems', () => {
    const notReady = pod(
      'postgresql-cluster-3',
      { 'cnpg.io/cluster': 'postgresql-cluster' },
      {
        namespace: 'cnpg-system',
        phase: 'Pending',
        containers: [],
        startTime: '2026-11-20T09:41:00Z',
        conditions: [
          condition(
            'PodScheduled',
            'False',
            'Unschedulable',
            '0/1 nodes are available',
          ),
        ],
      },
    );
    const f = postgresClusterFinding(
      cluster(1, 'Waiting for the instances to become active'),
      [notReady],
      NOW,
    );
    expect(f.checks[0]).toMatchObject({
      status: 'degraded',
      reason: 'ClusterIsNotReady',
    });
    expect(f.checks[0].message).toBe(
      'PostgreSQL cluster cnpg-system/postgresql-cluster: 1 of 3 instances ready, phase "Waiting for the instances to become active"; primary postgresql-cluster-1',
    );
    expect(f.checks[0].details).toEqual([
      'postgresql-cluster-3: Unschedulable (0/1 nodes are available)',
    ]);
    expect(f.signals.map(s => s.id)).toEqual(['postgres-cluster-degraded']);
  });

  it('fails with no ready instance, and is progressing during a switchover', () => {
    expect(
      postgresClusterFinding(cluster(0, 'Setting up primary'), [], NOW)
        .checks[0].status,
    ).toBe('failed');
    expect(
      postgresClusterFinding(
        cluster(3, 'Switchover in progress', 'postgresql-cluster-2'),
        [],
        NOW,
      ).checks[0].status,
    ).toBe('progressing');
  });
});
