import { defaultPayloadConverter } from '@temporalio/client';
import type {
  TemporalBacklog,
  TemporalExecutionStatus,
  TemporalPoller,
  TemporalWorkflowCounts,
  TemporalWorkflowFailure,
} from '@platform-services/plugin-platform-services-common';
import { workflowWebUiUrl } from './webUiLinks';

// Structural views of the protobuf messages the probe reads, so these
// helpers can be tested with plain objects. int64 fields arrive as Long.

/** An int64 as protobufjs decodes it (Long), or a plain number. */
export type Int64 = { toNumber(): number } | number | string | null | undefined;

/** `google.protobuf.Timestamp` / `Duration`. */
export interface SecondsAndNanos {
  seconds?: Int64;
  nanos?: number | null;
}

/** `temporal.api.taskqueue.v1.PollerInfo`. */
export interface PollerInfoLike {
  identity?: string | null;
  lastAccessTime?: SecondsAndNanos | null;
  ratePerSecond?: number | null;
}

/** `temporal.api.taskqueue.v1.TaskQueueStats`. */
export interface TaskQueueStatsLike {
  approximateBacklogCount?: Int64;
  approximateBacklogAge?: SecondsAndNanos | null;
  tasksAddRate?: number | null;
  tasksDispatchRate?: number | null;
}

/** `temporal.api.workflow.v1.WorkflowExecutionInfo`. */
export interface WorkflowExecutionInfoLike {
  execution?: { workflowId?: string | null; runId?: string | null } | null;
  type?: { name?: string | null } | null;
  taskQueue?: string | null;
  startTime?: SecondsAndNanos | null;
  closeTime?: SecondsAndNanos | null;
}

/** `CountWorkflowExecutionsResponse.AggregationGroup`. */
export interface AggregationGroupLike {
  groupValues?: Array<{
    metadata?: { [k: string]: Uint8Array } | null;
    data?: Uint8Array | null;
  }> | null;
  count?: Int64;
}

/**
 * The statuses a `ExecutionStatus = "..."` query accepts on every server
 * with advanced visibility (`Paused` is newer and appears only in GROUP BY
 * answers of servers that know it).
 */
export const EXECUTION_STATUSES: TemporalExecutionStatus[] = [
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
];

/** A number from an int64; precision loss above 2^53 does not matter here. */
export function int64(value: Int64): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return value.toNumber();
}

/** Seconds of a Duration, to the millisecond. */
export function durationSeconds(
  value: SecondsAndNanos | null | undefined,
): number {
  if (!value) return 0;
  const ms = int64(value.seconds) * 1000 + Math.round((value.nanos ?? 0) / 1e6);
  return ms / 1000;
}

/** RFC 3339 of a Timestamp; undefined when unset. */
export function timestampIso(
  value: SecondsAndNanos | null | undefined,
): string | undefined {
  if (!value || (int64(value.seconds) === 0 && !value.nanos)) return undefined;
  return new Date(
    int64(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6),
  ).toISOString();
}

export function toPollers(
  pollers: PollerInfoLike[] | null | undefined,
): TemporalPoller[] {
  return (pollers ?? []).map(poller => {
    const lastAccessTime = timestampIso(poller.lastAccessTime);
    return {
      identity: poller.identity ?? '',
      ...(lastAccessTime ? { lastAccessTime } : {}),
      ...(poller.ratePerSecond ? { ratePerSecond: poller.ratePerSecond } : {}),
    };
  });
}

/** The backlog of a task queue type; undefined when the server sent no stats. */
export function toBacklog(
  stats: TaskQueueStatsLike | null | undefined,
): TemporalBacklog | undefined {
  if (!stats) return undefined;
  return {
    count: int64(stats.approximateBacklogCount),
    ageSeconds: durationSeconds(stats.approximateBacklogAge),
    ...(stats.tasksAddRate ? { addRate: stats.tasksAddRate } : {}),
    ...(stats.tasksDispatchRate
      ? { dispatchRate: stats.tasksDispatchRate }
      : {}),
  };
}

function groupStatus(group: AggregationGroupLike): string | undefined {
  const [value] = group.groupValues ?? [];
  if (!value) return undefined;
  try {
    const decoded = defaultPayloadConverter.fromPayload<unknown>(value);
    return typeof decoded === 'string' ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/** Counts from a `GROUP BY ExecutionStatus` answer, with zeros filled in. */
export function countsFromGroups(
  namespace: string,
  total: Int64,
  groups: AggregationGroupLike[] | null | undefined,
): TemporalWorkflowCounts {
  const byStatus: TemporalWorkflowCounts['byStatus'] = {};
  for (const status of EXECUTION_STATUSES) byStatus[status] = 0;
  for (const group of groups ?? []) {
    const status = groupStatus(group);
    if (status) {
      const key = status as TemporalExecutionStatus;
      byStatus[key] = (byStatus[key] ?? 0) + int64(group.count);
    }
  }
  return { namespace, total: int64(total), byStatus };
}

/**
 * Distinct task queues of recent workflow executions, in the order the list
 * gave them (newest first), at most `max`.
 */
export function taskQueuesOf(
  executions: WorkflowExecutionInfoLike[] | null | undefined,
  max: number,
): string[] {
  const queues = new Set<string>();
  for (const execution of executions ?? []) {
    if (queues.size >= max) break;
    if (execution.taskQueue) queues.add(execution.taskQueue);
  }
  return [...queues];
}

export function toFailure(
  namespace: string,
  execution: WorkflowExecutionInfoLike,
  webUiUrl: string | undefined,
): TemporalWorkflowFailure {
  const workflowId = execution.execution?.workflowId ?? '';
  const runId = execution.execution?.runId ?? '';
  const startTime = timestampIso(execution.startTime);
  const closeTime = timestampIso(execution.closeTime);
  return {
    namespace,
    workflowId,
    runId,
    workflowType: execution.type?.name ?? '',
    ...(execution.taskQueue ? { taskQueue: execution.taskQueue } : {}),
    ...(startTime ? { startTime } : {}),
    ...(closeTime ? { closeTime } : {}),
    ...(webUiUrl
      ? { webUiUrl: workflowWebUiUrl(webUiUrl, namespace, workflowId, runId) }
      : {}),
  };
}
