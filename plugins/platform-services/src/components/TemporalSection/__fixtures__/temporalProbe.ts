import { TemporalProbeResult } from '@platform-services/plugin-platform-services-common';

const WEB_UI = 'https://temporal.local';

/** A dev Temporal server with a retention mismatch and a queue nobody polls. */
export function temporalProbe(
  overrides: Partial<TemporalProbeResult> = {},
): TemporalProbeResult {
  return {
    environment: 'dev',
    service: 'temporal',
    address: 'temporal-server-frontend.temporal:7233',
    webUiUrl: WEB_UI,
    reachable: true,
    health: 'SERVING',
    checkedAt: '2026-11-26T10:05:00.000Z',
    durationMs: 87,
    server: {
      version: '1.29.1',
      capabilities: { countGroupByExecutionStatus: true },
      backlogApi: 'task-queue-stats',
      countApi: 'group-by',
    },
    namespaces: [
      {
        name: 'default',
        status: 'registered',
        retention: {
          declared: '72h',
          declaredSeconds: 259_200,
          liveSeconds: 86_400,
          live: '1d',
          outcome: 'mismatch',
        },
        webUiUrl: `${WEB_UI}/namespaces/default/workflows`,
      },
      {
        name: 'payments',
        status: 'not-found',
        retention: {
          declared: '7d',
          declaredSeconds: 604_800,
          outcome: 'not-found',
        },
      },
    ],
    taskQueues: [
      {
        namespace: 'default',
        name: 'orders',
        source: 'configured',
        runningWorkflows: 12,
        types: [
          {
            type: 'workflow',
            pollers: [
              {
                identity: '1@orders-worker-7d9f',
                lastAccessTime: '2026-11-26T10:04:58.000Z',
              },
            ],
            backlog: { count: 0, ageSeconds: 0 },
          },
          {
            type: 'activity',
            pollers: [],
            backlog: { count: 42, ageSeconds: 310 },
          },
        ],
      },
    ],
    workflowCounts: [
      {
        namespace: 'default',
        total: 20,
        byStatus: {
          Running: 12,
          Completed: 5,
          Failed: 3,
          Canceled: 0,
          Terminated: 0,
          ContinuedAsNew: 0,
          TimedOut: 0,
        },
      },
    ],
    recentFailures: [
      {
        namespace: 'default',
        workflowId: 'order-1234',
        runId: 'run-abc',
        workflowType: 'ProcessOrder',
        taskQueue: 'orders',
        startTime: '2026-11-26T09:59:00.000Z',
        closeTime: '2026-11-26T10:01:00.000Z',
        webUiUrl: `${WEB_UI}/namespaces/default/workflows/order-1234/run-abc`,
      },
    ],
    errors: [],
    signals: [
      {
        id: 'temporal-backlog-no-pollers',
        namespace: 'default',
        taskQueue: 'orders',
        message:
          'Task queue default/orders has 42 activity tasks waiting and no pollers',
      },
      {
        id: 'temporal-namespace-missing',
        namespace: 'payments',
        message: 'Namespace payments is not registered',
      },
    ],
    ...overrides,
  };
}
