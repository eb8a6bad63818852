import type { TemporalTaskQueueState } from '@platform-services/plugin-platform-services-common';
import { TemporalObservation, temporalSignals } from './signals';

const checkedAt = '2026-01-01T12:00:00.000Z';
const secondsAgo = (s: number) =>
  new Date(Date.parse(checkedAt) - s * 1000).toISOString();

function observation(
  overrides: Partial<TemporalObservation> = {},
): TemporalObservation {
  return {
    environment: 'dev',
    service: 'temporal',
    address: 'temporal-frontend:7233',
    reachable: true,
    health: 'SERVING',
    checkedAt,
    durationMs: 12,
    namespaces: [
      {
        name: 'default',
        status: 'registered',
        retention: { outcome: 'not-set' },
      },
    ],
    taskQueues: [],
    workflowCounts: [],
    recentFailures: [],
    errors: [],
    ...overrides,
  };
}

function queue(
  workflow: TemporalTaskQueueState['types'][number],
  extra: Partial<TemporalTaskQueueState> = {},
): TemporalTaskQueueState {
  return {
    namespace: 'default',
    name: 'orders',
    source: 'discovered',
    types: [
      workflow,
      { type: 'activity', pollers: [], backlog: { count: 0, ageSeconds: 0 } },
    ],
    ...extra,
  };
}

describe('temporalSignals', () => {
  it('raises nothing for a healthy server', () => {
    expect(temporalSignals(observation())).toEqual([]);
  });

  it('raises only unreachable when the frontend does not answer', () => {
    expect(
      temporalSignals(
        observation({
          reachable: false,
          health: undefined,
          error: '14 UNAVAILABLE: No connection established',
        }),
      ),
    ).toEqual([
      {
        id: 'temporal-frontend-unreachable',
        component: 'frontend',
        message:
          'Temporal frontend temporal-frontend:7233 is unreachable: 14 UNAVAILABLE: No connection established',
      },
    ]);
  });

  it('raises unreachable when the WorkflowService is not serving', () => {
    const [signal] = temporalSignals(observation({ health: 'NOT_SERVING' }));
    expect(signal.id).toBe('temporal-frontend-unreachable');
    expect(signal.message).toContain('NOT_SERVING');
  });

  it('raises unreachable with the reason when the health check failed', () => {
    const [signal] = temporalSignals(
      observation({
        health: undefined,
        errors: [{ part: 'health', message: '16 UNAUTHENTICATED: bad key' }],
      }),
    );
    expect(signal.id).toBe('temporal-frontend-unreachable');
    expect(signal.message).toContain('UNAUTHENTICATED');
  });

  it('raises namespace-missing and retention-mismatch', () => {
    const signals = temporalSignals(
      observation({
        namespaces: [
          {
            name: 'gone',
            status: 'not-found',
            retention: {
              declared: '3d',
              declaredSeconds: 259200,
              outcome: 'not-found',
            },
          },
          {
            name: 'deleted',
            status: 'deleted',
            retention: { outcome: 'not-found' },
          },
          {
            name: 'orders',
            status: 'registered',
            retention: {
              declared: '7d',
              declaredSeconds: 604800,
              liveSeconds: 259200,
              live: '3d',
              outcome: 'mismatch',
            },
          },
          {
            name: 'billing',
            status: 'registered',
            retention: {
              declared: '72h',
              declaredSeconds: 259200,
              liveSeconds: 259200,
              live: '3d',
              outcome: 'match',
            },
          },
        ],
      }),
    );
    expect(signals.map(s => [s.id, s.namespace])).toEqual([
      ['temporal-namespace-missing', 'gone'],
      ['temporal-namespace-missing', 'deleted'],
      ['temporal-namespace-retention-mismatch', 'orders'],
    ]);
    expect(signals[2].message).toBe(
      'Namespace "orders" keeps closed workflows for 3d, the configuration declares 7d',
    );
  });

  it('raises backlog-no-pollers for waiting tasks and no recent poller', () => {
    const signals = temporalSignals(
      observation({
        taskQueues: [
          queue({
            type: 'workflow',
            pollers: [],
            backlog: { count: 3, ageSeconds: 12.4 },
          }),
        ],
      }),
    );
    expect(signals).toEqual([
      {
        id: 'temporal-backlog-no-pollers',
        namespace: 'default',
        taskQueue: 'orders',
        message:
          'Task queue "orders" in namespace "default" has 3 workflow task(s) waiting (oldest 12s) and no workflow poller in the last minute',
      },
    ]);
  });

  it('counts a poller older than a minute as gone', () => {
    const signals = temporalSignals(
      observation({
        taskQueues: [
          queue({
            type: 'workflow',
            pollers: [
              { identity: 'worker@old', lastAccessTime: secondsAgo(90) },
            ],
            backlog: { count: 1, ageSeconds: 90 },
          }),
        ],
      }),
    );
    expect(signals.map(s => s.id)).toEqual(['temporal-backlog-no-pollers']);
  });

  it('raises nothing when a worker polled in the last minute', () => {
    expect(
      temporalSignals(
        observation({
          taskQueues: [
            queue({
              type: 'workflow',
              pollers: [
                { identity: 'worker@1', lastAccessTime: secondsAgo(20) },
              ],
              backlog: { count: 5, ageSeconds: 1 },
            }),
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('raises nothing for an empty backlog or unknown pollers', () => {
    expect(
      temporalSignals(
        observation({
          taskQueues: [
            queue({
              type: 'workflow',
              pollers: [],
              backlog: { count: 0, ageSeconds: 0 },
            }),
            queue(
              { type: 'workflow', backlog: { count: 4, ageSeconds: 3 } },
              { name: 'failed-describe' },
            ),
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('says when the backlog grew since the previous probe', () => {
    const before = observation({
      taskQueues: [
        queue({
          type: 'workflow',
          pollers: [],
          backlog: { count: 2, ageSeconds: 5 },
        }),
      ],
    });
    const now = observation({
      taskQueues: [
        queue({
          type: 'workflow',
          pollers: [],
          backlog: { count: 7, ageSeconds: 20 },
        }),
      ],
    });
    expect(temporalSignals(now, before)[0].message).toContain(
      '(oldest 20s, up from 2)',
    );
  });

  it('falls back to running workflows when the backlog is unknown', () => {
    const [signal] = temporalSignals(
      observation({
        taskQueues: [
          queue({ type: 'workflow', pollers: [] }, { runningWorkflows: 2 }),
        ],
      }),
    );
    expect(signal.message).toBe(
      'Task queue "orders" in namespace "default" has 2 running workflow(s) (backlog unknown) and no workflow poller in the last minute',
    );
    expect(
      temporalSignals(
        observation({
          taskQueues: [
            queue({ type: 'workflow', pollers: [] }, { runningWorkflows: 0 }),
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('looks at activity tasks too', () => {
    const signals = temporalSignals(
      observation({
        taskQueues: [
          {
            namespace: 'default',
            name: 'orders',
            source: 'configured',
            types: [
              {
                type: 'workflow',
                pollers: [{ identity: 'w', lastAccessTime: secondsAgo(1) }],
                backlog: { count: 0, ageSeconds: 0 },
              },
              {
                type: 'activity',
                pollers: [],
                backlog: { count: 9, ageSeconds: 61 },
              },
            ],
          },
        ],
      }),
    );
    expect(signals.map(s => s.message)).toEqual([
      'Task queue "orders" in namespace "default" has 9 activity task(s) waiting (oldest 61s) and no activity poller in the last minute',
    ]);
  });
});
