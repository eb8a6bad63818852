import {
  condition,
  deployment,
  minutesAgo,
  NOW,
  pod,
  runningContainer,
  temporalLabels,
} from './__fixtures__/objects';
import {
  classifyPod,
  evaluateWorkloadGroup,
  groupWorkloads,
  selectorMatches,
  workloadsOf,
} from './workloads';

const history = temporalLabels('history');

function oomPod(name: string, ready: boolean, finishedMinutesAgo = 8) {
  return pod(name, history, {
    ready,
    containers: [
      runningContainer({
        ready,
        restartCount: 5,
        ...(ready
          ? {}
          : {
              state: {
                waiting: {
                  reason: 'CrashLoopBackOff',
                  message: 'back-off 2m40s restarting failed container',
                },
              },
            }),
        lastState: {
          terminated: {
            reason: 'OOMKilled',
            exitCode: 137,
            finishedAt: minutesAgo(finishedMinutesAgo),
          },
        },
      }),
    ],
  });
}

describe('selectorMatches', () => {
  it('needs every matchLabel and every expression', () => {
    const selector = {
      matchLabels: { app: 'a' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['web', 'api'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    };
    expect(selectorMatches(selector, { app: 'a', tier: 'web' })).toBe(true);
    expect(selectorMatches(selector, { app: 'a', tier: 'db' })).toBe(false);
    expect(
      selectorMatches(selector, { app: 'a', tier: 'web', canary: '1' }),
    ).toBe(false);
  });

  it('selects nothing with an empty or missing selector', () => {
    expect(selectorMatches({}, { app: 'a' })).toBe(false);
    expect(selectorMatches(undefined, { app: 'a' })).toBe(false);
  });
});

describe('classifyPod', () => {
  it('finds nothing wrong with a ready pod', () => {
    expect(classifyPod(pod('p', history), NOW)).toEqual([]);
  });

  it('reports a recent OOMKill even when the container is running again', () => {
    expect(classifyPod(oomPod('p', true), NOW)).toEqual([
      expect.objectContaining({ kind: 'OOMKilled', restarts: 5 }),
    ]);
  });

  it('forgets an old OOMKill once the container is ready again, but not while it is not ready', () => {
    expect(classifyPod(oomPod('p', true, 180), NOW)).toEqual([]);
    expect(classifyPod(oomPod('p', false, 180), NOW).map(p => p.kind)).toEqual([
      'OOMKilled',
      'CrashLoopBackOff',
    ]);
  });

  it.each([
    ['ImagePullBackOff', 'ImagePull'],
    ['ErrImagePull', 'ImagePull'],
    ['CreateContainerConfigError', 'ContainerConfig'],
  ])('reports a container waiting with %s', (reason, kind) => {
    const p = pod('p', history, {
      ready: false,
      containers: [
        runningContainer({
          ready: false,
          state: { waiting: { reason, message: 'm' } },
        }),
      ],
    });
    expect(classifyPod(p, NOW)).toEqual([
      expect.objectContaining({ kind, reason, message: 'm' }),
    ]);
  });

  it('reports a pod Pending longer than the threshold, with the scheduler message', () => {
    const pending = (minutes: number) =>
      pod('p', history, {
        phase: 'Pending',
        containers: [],
        startTime: minutesAgo(minutes),
        conditions: [
          condition(
            'PodScheduled',
            'False',
            'Unschedulable',
            '0/1 nodes are available: 1 Insufficient memory.',
            {
              lastTransitionTime: minutesAgo(minutes),
            },
          ),
        ],
      });
    expect(classifyPod(pending(2), NOW)).toEqual([]);
    expect(classifyPod(pending(20), NOW)).toEqual([
      expect.objectContaining({
        kind: 'Pending',
        reason: 'Unschedulable',
        message: '0/1 nodes are available: 1 Insufficient memory.',
      }),
    ]);
  });

  it('counts a start time in the future as unknown, so the pod is not taken for a new one', () => {
    const future = new Date(NOW.getTime() + 3_600_000).toISOString();
    expect(
      classifyPod(pod('p', history, { ready: false, readySince: future }), NOW),
    ).toEqual([expect.objectContaining({ kind: 'NotReady' })]);
  });

  it('reports a running pod not ready for longer than the threshold', () => {
    expect(
      classifyPod(
        pod('p', history, { ready: false, readySince: minutesAgo(1) }),
        NOW,
      ),
    ).toEqual([]);
    expect(
      classifyPod(
        pod('p', history, { ready: false, readySince: minutesAgo(30) }),
        NOW,
      ),
    ).toEqual([
      expect.objectContaining({
        kind: 'NotReady',
        reason: 'ContainersNotReady',
      }),
    ]);
  });
});

describe('groupWorkloads', () => {
  it('groups by component label, and by Deployment without one', () => {
    const workloads = workloadsOf({
      deployments: [
        deployment('temporal-server-history', history, 2, 2),
        deployment(
          'external-secrets-webhook',
          { 'app.kubernetes.io/name': 'external-secrets-webhook' },
          1,
          1,
          'external-secrets',
        ),
      ],
    });
    const groups = groupWorkloads(workloads, [
      pod('temporal-server-history-1', history),
      pod('temporal-server-history-2', history),
      pod(
        'external-secrets-webhook-1',
        { 'app.kubernetes.io/name': 'external-secrets-webhook' },
        { namespace: 'external-secrets' },
      ),
      pod('orphan', { 'app.kubernetes.io/component': 'database' }),
    ]);
    expect(groups.map(g => [g.key, g.workloads.length, g.pods.length])).toEqual(
      [
        ['history', 1, 2],
        ['external-secrets-webhook', 1, 1],
        ['database', 0, 1],
      ],
    );
  });
});

describe('evaluateWorkloadGroup', () => {
  const group = (ready: number, pods: ReturnType<typeof pod>[]) => ({
    key: 'history',
    namespace: 'temporal',
    workloads: workloadsOf({
      deployments: [deployment('temporal-server-history', history, 2, ready)],
    }),
    pods,
  });

  it('is ok when every wanted pod is ready', () => {
    const f = evaluateWorkloadGroup(
      group(2, [pod('a', history), pod('b', history)]),
      NOW,
    );
    expect(f.checks[0]).toMatchObject({
      id: 'workload:temporal/history',
      component: 'history',
      status: 'ok',
      message: '2 of 2 history pods ready',
    });
  });

  it('explains OOMKills with restarts and the memory limit, and signals them for the component', () => {
    const f = evaluateWorkloadGroup(
      group(1, [oomPod('a', true), oomPod('b', false)]),
      NOW,
    );
    expect(f.checks[0]).toMatchObject({
      status: 'degraded',
      reason: 'OOMKilled',
    });
    expect(f.checks[0].message).toBe(
      '2 of 2 history pods were OOMKilled (up to 5 restarts); memory limit 1Gi. ' +
        '1 of 2 history pods is in CrashLoopBackOff (last exit: OOMKilled, code 137; up to 5 restarts). 1 of 2 ready.',
    );
    expect(f.checks[0].details).toHaveLength(2);
    expect(f.signals.map(s => [s.id, s.component])).toEqual([
      ['pods-oomkilled', 'history'],
      ['pods-crashlooping', 'history'],
    ]);
    expect(f.signals[0].object).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'temporal',
      name: 'temporal-server-history',
    });
  });

  it('fails when no pod is ready', () => {
    const f = evaluateWorkloadGroup(
      group(0, [oomPod('a', false), oomPod('b', false)]),
      NOW,
    );
    expect(f.checks[0].status).toBe('failed');
  });

  it('is progressing while pods are still starting without any problem', () => {
    const f = evaluateWorkloadGroup(
      group(1, [
        pod('a', history),
        pod('b', history, { ready: false, readySince: minutesAgo(1) }),
      ]),
      NOW,
    );
    expect(f.checks[0]).toMatchObject({
      status: 'progressing',
      reason: 'PodsStarting',
    });
    expect(f.signals).toEqual([]);
  });

  it('signals a missing Secret behind CreateContainerConfigError', () => {
    const p = pod('a', history, {
      ready: false,
      containers: [
        runningContainer({
          ready: false,
          state: {
            waiting: {
              reason: 'CreateContainerConfigError',
              message: 'secret "postgresql-cluster-app" not found',
            },
          },
        }),
      ],
    });
    expect(
      evaluateWorkloadGroup(group(0, [p]), NOW).signals.map(s => s.id),
    ).toEqual(['secret-missing']);
  });
});
