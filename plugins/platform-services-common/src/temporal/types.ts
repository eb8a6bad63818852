/**
 * What the backend learns about a Temporal server by probing it: reachability,
 * namespaces and their retention, task queues (pollers and backlog), workflow
 * counts and recent failures. Types only: the probe is in the backend.
 */

import type { DriftOutcome, Signal, SignalId } from '../health/types';

/**
 * The signals a Temporal probe raises. `temporal-namespace-retention-mismatch`
 * is Temporal-only until the shared {@link SignalId} vocabulary adopts it.
 *
 * @public
 */
export type TemporalSignalId =
  | Extract<
      SignalId,
      | 'temporal-frontend-unreachable'
      | 'temporal-namespace-missing'
      | 'temporal-backlog-no-pollers'
    >
  | 'temporal-namespace-retention-mismatch';

/**
 * A symptom seen on a Temporal server, with the namespace and task queue it
 * concerns when there is one.
 *
 * @public
 */
export interface TemporalSignal extends Omit<Signal, 'id'> {
  id: TemporalSignalId;
  namespace?: string;
  taskQueue?: string;
}

/**
 * The gRPC health status of the frontend's WorkflowService
 * (`grpc.health.v1`). It is `NOT_SERVING` while the frontend starts or stops.
 *
 * @public
 */
export type TemporalServingStatus =
  | 'SERVING'
  | 'NOT_SERVING'
  | 'SERVICE_UNKNOWN'
  | 'UNKNOWN';

/**
 * How the probe reads task queue backlogs from this server version:
 * `task-queue-stats` (DescribeTaskQueue `reportStats`, server 1.28 and later),
 * `enhanced` (the deprecated enhanced mode, servers 1.25 to 1.27) or
 * `unsupported` (older servers: the backlog is unknown).
 *
 * @public
 */
export type TemporalBacklogApi =
  | 'task-queue-stats'
  | 'enhanced'
  | 'unsupported';

/**
 * How the probe counts workflows: one `GROUP BY ExecutionStatus` query
 * (server 1.22 and later) or one count query per status.
 *
 * @public
 */
export type TemporalCountApi = 'group-by' | 'per-status';

/** The server as GetSystemInfo describes it. @public */
export interface TemporalServerInfo {
  /** e.g. `1.29.1`. */
  version: string;
  /** The capability flags the server sets, e.g. `countGroupByExecutionStatus: true`. */
  capabilities: Record<string, boolean>;
  backlogApi: TemporalBacklogApi;
  countApi: TemporalCountApi;
}

/**
 * The state of a namespace. `not-found`: the server does not know it;
 * `unknown`: it could not be read (see the probe's `errors`).
 *
 * @public
 */
export type TemporalNamespaceStatus =
  | 'registered'
  | 'deprecated'
  | 'deleted'
  | 'not-found'
  | 'unknown';

/**
 * The workflow execution retention of a namespace against what the
 * configuration declares. `outcome` is `not-set` when nothing is declared,
 * `not-found` when the namespace is missing and `unknown` when the namespace
 * could not be read.
 *
 * @public
 */
export interface TemporalRetention {
  /** As configured, e.g. `72h` or `3d`. */
  declared?: string;
  declaredSeconds?: number;
  liveSeconds?: number;
  /** The live value written the short way, e.g. `3d`. */
  live?: string;
  outcome: DriftOutcome | 'unknown';
}

/** One configured namespace. @public */
export interface TemporalNamespaceState {
  name: string;
  status: TemporalNamespaceStatus;
  retention: TemporalRetention;
  /** The namespace's workflow list in the Temporal Web UI, when configured. */
  webUiUrl?: string;
}

/** The kinds of task a task queue holds that the probe looks at. @public */
export type TemporalTaskQueueType = 'workflow' | 'activity';

/** A worker that polled a task queue in the last few minutes. @public */
export interface TemporalPoller {
  identity: string;
  /** RFC 3339. */
  lastAccessTime?: string;
  ratePerSecond?: number;
}

/** Tasks waiting in a task queue, as the server estimates them. @public */
export interface TemporalBacklog {
  count: number;
  /** Age of the oldest waiting task. */
  ageSeconds: number;
  /** Tasks added per second, recently. */
  addRate?: number;
  /** Tasks handed to workers per second, recently. */
  dispatchRate?: number;
}

/**
 * One task type of a task queue. A field is absent when it is unknown: the
 * call failed (see the probe's `errors`) or, for `backlog`, the server cannot
 * report it (see `server.backlogApi`).
 *
 * @public
 */
export interface TemporalTaskQueueTypeState {
  type: TemporalTaskQueueType;
  pollers?: TemporalPoller[];
  backlog?: TemporalBacklog;
}

/** A task queue of a namespace. @public */
export interface TemporalTaskQueueState {
  namespace: string;
  name: string;
  /** Named in the configuration, or found on recent workflows. */
  source: 'configured' | 'discovered';
  /** The workflow type first, then the activity type. */
  types: TemporalTaskQueueTypeState[];
  /** Running workflows on this task queue; absent when the count failed. */
  runningWorkflows?: number;
}

/**
 * Workflow execution statuses as visibility queries name them.
 *
 * @public
 */
export type TemporalExecutionStatus =
  | 'Running'
  | 'Completed'
  | 'Failed'
  | 'Canceled'
  | 'Terminated'
  | 'ContinuedAsNew'
  | 'TimedOut'
  | 'Paused';

/** Workflow executions of a namespace that visibility still holds. @public */
export interface TemporalWorkflowCounts {
  namespace: string;
  total: number;
  /** Every status the server knows, zero included. */
  byStatus: Partial<Record<TemporalExecutionStatus, number>>;
}

/** A recently failed workflow execution. @public */
export interface TemporalWorkflowFailure {
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue?: string;
  /** RFC 3339. */
  startTime?: string;
  /** RFC 3339. */
  closeTime?: string;
  /** The execution in the Temporal Web UI, when configured. */
  webUiUrl?: string;
}

/** The parts of a probe that can fail on their own. @public */
export type TemporalProbePart =
  | 'health'
  | 'system-info'
  | 'namespace'
  | 'task-queue-discovery'
  | 'task-queue'
  | 'running-workflows'
  | 'workflow-counts'
  | 'recent-failures';

/**
 * A part of the probe that failed while the frontend answered; the rest of
 * the result still holds.
 *
 * @public
 */
export interface TemporalPartError {
  part: TemporalProbePart;
  namespace?: string;
  taskQueue?: string;
  taskQueueType?: TemporalTaskQueueType;
  message: string;
}

/**
 * One probe of a Temporal server for one environment. When `reachable` is
 * false, `error` says why and the lists are empty.
 *
 * @public
 */
export interface TemporalProbeResult {
  environment: string;
  /** The catalog service the server belongs to, e.g. `temporal`. */
  service: string;
  /** The frontend's host:port. */
  address: string;
  /** Base URL of the Temporal Web UI, when configured. */
  webUiUrl?: string;
  /** Whether the frontend answered the health check. */
  reachable: boolean;
  /** Absent when the health check did not answer. */
  health?: TemporalServingStatus;
  /** RFC 3339; when the probe started. */
  checkedAt: string;
  durationMs: number;
  /** Why the frontend is unreachable. */
  error?: string;
  server?: TemporalServerInfo;
  namespaces: TemporalNamespaceState[];
  taskQueues: TemporalTaskQueueState[];
  workflowCounts: TemporalWorkflowCounts[];
  /** The newest failed executions, at most five per namespace. */
  recentFailures: TemporalWorkflowFailure[];
  /** Parts that failed while the frontend answered. */
  errors: TemporalPartError[];
  signals: TemporalSignal[];
}
