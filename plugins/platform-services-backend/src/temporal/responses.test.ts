import { defaultPayloadConverter } from '@temporalio/client';
import {
  countsFromGroups,
  taskQueuesOf,
  timestampIso,
  toBacklog,
  toFailure,
  toPollers,
} from './responses';

const long = (n: number) => ({ toNumber: () => n });

describe('protobuf response helpers', () => {
  it('reads timestamps, leaving unset ones out', () => {
    expect(
      timestampIso({ seconds: long(1767268800), nanos: 500_000_000 }),
    ).toBe('2026-01-01T12:00:00.500Z');
    expect(timestampIso({ seconds: long(0), nanos: 0 })).toBeUndefined();
    expect(timestampIso(null)).toBeUndefined();
  });

  it('reads pollers', () => {
    expect(
      toPollers([
        {
          identity: 'worker@1',
          lastAccessTime: { seconds: long(1767268800) },
          ratePerSecond: 100000,
        },
        { identity: 'probe-test' },
      ]),
    ).toEqual([
      {
        identity: 'worker@1',
        lastAccessTime: '2026-01-01T12:00:00.000Z',
        ratePerSecond: 100000,
      },
      { identity: 'probe-test' },
    ]);
  });

  it('reads backlog stats and says nothing without them', () => {
    expect(
      toBacklog({
        approximateBacklogCount: long(3),
        approximateBacklogAge: { seconds: long(1), nanos: 598_000_000 },
        tasksAddRate: 1.9,
      }),
    ).toEqual({ count: 3, ageSeconds: 1.598, addRate: 1.9 });
    expect(toBacklog({ approximateBacklogAge: {} })).toEqual({
      count: 0,
      ageSeconds: 0,
    });
    expect(toBacklog(undefined)).toBeUndefined();
  });

  it('reads GROUP BY ExecutionStatus counts and fills in zeros', () => {
    const group = (status: string, count: number) => ({
      groupValues: [defaultPayloadConverter.toPayload(status)],
      count: long(count),
    });
    expect(
      countsFromGroups('default', long(6), [
        group('Running', 3),
        group('Failed', 2),
        group('Paused', 1),
      ]),
    ).toEqual({
      namespace: 'default',
      total: 6,
      byStatus: {
        Running: 3,
        Completed: 0,
        Failed: 2,
        Canceled: 0,
        Terminated: 0,
        ContinuedAsNew: 0,
        TimedOut: 0,
        Paused: 1,
      },
    });
  });

  it('finds distinct task queues, newest first, up to a limit', () => {
    const executions = ['a', 'b', 'a', 'c', '', 'd'].map(taskQueue => ({
      taskQueue,
    }));
    expect(taskQueuesOf(executions, 10)).toEqual(['a', 'b', 'c', 'd']);
    expect(taskQueuesOf(executions, 2)).toEqual(['a', 'b']);
  });

  it('describes a failed workflow with its Web UI link', () => {
    expect(
      toFailure(
        'default',
        {
          execution: { workflowId: 'order-1', runId: 'run-1' },
          type: { name: 'OrderWorkflow' },
          taskQueue: 'orders',
          startTime: { seconds: long(1767268800) },
          closeTime: { seconds: long(1767268860) },
        },
        'http://localhost:8233',
      ),
    ).toEqual({
      namespace: 'default',
      workflowId: 'order-1',
      runId: 'run-1',
      workflowType: 'OrderWorkflow',
      taskQueue: 'orders',
      startTime: '2026-01-01T12:00:00.000Z',
      closeTime: '2026-01-01T12:01:00.000Z',
      webUiUrl:
        'http://localhost:8233/namespaces/default/workflows/order-1/run-1',
    });
  });
});
