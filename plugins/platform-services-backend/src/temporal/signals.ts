import type {
  TemporalProbeResult,
  TemporalSignal,
  TemporalTaskQueueState,
  TemporalTaskQueueTypeState,
} from '@platform-services/plugin-platform-services-common';

/**
 * A poller counts as present when the server saw it this recently. Busy
 * workers poll continuously; an idle one re-polls at least once a minute
 * (the server ends a long poll after about a minute).
 */
export const RECENT_POLLER_MS = 60_000;

/** What {@link temporalSignals} reads: a probe result without its signals. */
export type TemporalObservation = Omit<TemporalProbeResult, 'signals'>;

function hasRecentPoller(
  state: TemporalTaskQueueTypeState,
  now: number,
): boolean {
  return (state.pollers ?? []).some(poller => {
    const seen = poller.lastAccessTime
      ? Date.parse(poller.lastAccessTime)
      : NaN;
    // Without a time, the server listed it within its poller TTL: count it.
    return Number.isNaN(seen) || now - seen <= RECENT_POLLER_MS;
  });
}

function previousBacklog(
  previous: TemporalObservation | undefined,
  queue: TemporalTaskQueueState,
  type: TemporalTaskQueueTypeState['type'],
): number | undefined {
  return previous?.taskQueues
    .find(q => q.namespace === queue.namespace && q.name === queue.name)
    ?.types.find(t => t.type === type)?.backlog?.count;
}

function backlogSignal(
  queue: TemporalTaskQueueState,
  state: TemporalTaskQueueTypeState,
  now: number,
  previous: TemporalObservation | undefined,
): TemporalSignal | undefined {
  // Unknown pollers (the call failed) say nothing.
  if (!state.pollers || hasRecentPoller(state, now)) return undefined;
  const where = `Task queue "${queue.name}" in namespace "${queue.namespace}"`;
  const noPoller = `no ${state.type} poller in the last minute`;
  let waiting: string | undefined;
  if (state.backlog) {
    if (state.backlog.count > 0) {
      const before = previousBacklog(previous, queue, state.type);
      const trend =
        before !== undefined && before < state.backlog.count
          ? `, up from ${before}`
          : '';
      waiting = `${state.backlog.count} ${
        state.type
      } task(s) waiting (oldest ${Math.round(
        state.backlog.ageSeconds,
      )}s${trend})`;
    }
  } else if (state.type === 'workflow' && (queue.runningWorkflows ?? 0) > 0) {
    // Servers without backlog stats: running workflows stand in for the backlog.
    waiting = `${queue.runningWorkflows} running workflow(s) (backlog unknown)`;
  }
  if (!waiting) return undefined;
  return {
    id: 'temporal-backlog-no-pollers',
    namespace: queue.namespace,
    taskQueue: queue.name,
    message: `${where} has ${waiting} and ${noPoller}`,
  };
}

/**
 * The symptoms a probe result shows.
 *
 * - `temporal-frontend-unreachable`: no answer, or the WorkflowService health
 *   is not SERVING.
 * - `temporal-namespace-missing`: a configured namespace is not found or
 *   deleted.
 * - `temporal-namespace-retention-mismatch`: the live retention differs from
 *   the declared one.
 * - `temporal-backlog-no-pollers`: tasks wait in a task queue (backlog above
 *   zero; on servers without backlog stats, running workflows) and no worker
 *   polled it in the last minute. The message says when the backlog grew
 *   since `previous`.
 *
 * Recency is judged against `checkedAt`, so the function is pure.
 */
export function temporalSignals(
  result: TemporalObservation,
  previous?: TemporalObservation,
): TemporalSignal[] {
  if (!result.reachable) {
    return [
      {
        id: 'temporal-frontend-unreachable',
        component: 'frontend',
        message: `Temporal frontend ${result.address} is unreachable${
          result.error ? `: ${result.error}` : ''
        }`,
      },
    ];
  }
  const signals: TemporalSignal[] = [];
  if (result.health !== 'SERVING') {
    const healthError = result.errors.find(e => e.part === 'health');
    signals.push({
      id: 'temporal-frontend-unreachable',
      component: 'frontend',
      message: result.health
        ? `Temporal frontend ${result.address} reports ${result.health} for the WorkflowService`
        : `Temporal frontend ${result.address} did not answer the health check${
            healthError ? `: ${healthError.message}` : ''
          }`,
    });
  }
  for (const ns of result.namespaces) {
    if (ns.status === 'not-found' || ns.status === 'deleted') {
      signals.push({
        id: 'temporal-namespace-missing',
        namespace: ns.name,
        message: `Namespace "${ns.name}" is ${
          ns.status === 'deleted' ? 'deleted' : 'not found'
        } on ${result.address}`,
      });
    } else if (ns.retention.outcome === 'mismatch') {
      signals.push({
        id: 'temporal-namespace-retention-mismatch',
        namespace: ns.name,
        message: `Namespace "${ns.name}" keeps closed workflows for ${ns.retention.live}, the configuration declares ${ns.retention.declared}`,
      });
    }
  }
  const now = Date.parse(result.checkedAt);
  for (const queue of result.taskQueues) {
    for (const state of queue.types) {
      const signal = backlogSignal(queue, state, now, previous);
      if (signal) signals.push(signal);
    }
  }
  return signals;
}
