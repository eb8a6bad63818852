import {
  Connection,
  ConnectionOptions,
  TLSConfig,
  isGrpcServiceError,
} from '@temporalio/client';
import type {
  TemporalNamespaceState,
  TemporalNamespaceStatus,
  TemporalPartError,
  TemporalProbeResult,
  TemporalServerInfo,
  TemporalServingStatus,
  TemporalTaskQueueState,
  TemporalTaskQueueType,
  TemporalTaskQueueTypeState,
  TemporalWorkflowCounts,
  TemporalWorkflowFailure,
} from '@platform-services/plugin-platform-services-common';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { TemporalNamespaceConfig, TemporalServerConfig } from './config';
import { compareRetention } from './retention';
import {
  EXECUTION_STATUSES,
  countsFromGroups,
  int64,
  taskQueuesOf,
  toBacklog,
  toFailure,
  toPollers,
} from './responses';
import { backlogApiFor, countApiFor } from './serverFeatures';
import { TemporalObservation, temporalSignals } from './signals';
import { namespaceWebUiUrl } from './webUiLinks';

// Protobuf enum values (temporalio/api); @temporalio/proto is not a direct
// dependency, and these numbers are part of the wire format.
const HEALTH_STATUS: Record<number, TemporalServingStatus> = {
  0: 'UNKNOWN',
  1: 'SERVING',
  2: 'NOT_SERVING',
  3: 'SERVICE_UNKNOWN',
};
const NAMESPACE_STATUS: Record<number, TemporalNamespaceStatus> = {
  1: 'registered',
  2: 'deprecated',
  3: 'deleted',
};
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE = { workflow: 1, activity: 2 } as const;
const DESCRIBE_TASK_QUEUE_MODE_ENHANCED = 1;
// gRPC status codes
const CANCELLED = 1;
const DEADLINE_EXCEEDED = 4;
const NOT_FOUND = 5;
const UNAVAILABLE = 14;

/** The frontend's gRPC health service name for the Temporal API. */
const WORKFLOW_SERVICE = 'temporal.api.workflowservice.v1.WorkflowService';
/** How many recent workflows are read to find task queues. */
const DISCOVERY_PAGE_SIZE = 100;
/** At most this many discovered task queues per namespace are described. */
const MAX_DISCOVERED_TASK_QUEUES = 20;
const RECENT_FAILURES = 5;

/** The call did not finish within the probe's deadline. */
class ProbeDeadlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeDeadlineError';
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const message =
    cause instanceof Error && !error.message.includes(cause.message)
      ? `${error.message}: ${cause.message}`
      : error.message;
  // grpc-js ends UNAVAILABLE messages with an often empty "Resolution note:"
  return message.replace(/\.?\s*Resolution note:\s*$/, '');
}

/** Whether the error means the frontend did not answer at all. */
function isNoAnswer(error: unknown): boolean {
  if (error instanceof ProbeDeadlineError) return true;
  if (!isGrpcServiceError(error)) return true;
  return [CANCELLED, DEADLINE_EXCEEDED, UNAVAILABLE].includes(error.code);
}

function isNotFound(error: unknown): boolean {
  return isGrpcServiceError(error) && error.code === NOT_FOUND;
}

/**
 * Probes one Temporal server for one environment: frontend health, server
 * version, configured namespaces (state, retention), task queues (pollers,
 * backlog), workflow counts by status and recent failures.
 *
 * One connection per server, created on first use and reused; a probe that
 * finds the frontend silent closes it so the next one connects afresh
 * instead of waiting out gRPC's reconnect backoff.
 *
 * Every call is bounded by the configured deadline (a gRPC deadline, an
 * abort after a timer, and a race against that timer, so a stepping wall
 * clock cannot stretch it). The client's retry interceptor is left out: a
 * probe reports what it sees now and the next refresh is the retry. A part
 * that fails is named in `errors`; the probe itself never throws.
 */
export class TemporalProbe {
  readonly environment: string;
  readonly service: string;
  readonly refreshMs: number;
  private readonly config: TemporalServerConfig;
  private connecting?: Promise<Connection>;
  private previous?: TemporalObservation;

  constructor(config: TemporalServerConfig) {
    this.config = config;
    this.environment = config.environment;
    this.service = config.service;
    this.refreshMs = config.refreshMs;
  }

  /** Probes the server once. Never throws: failures are in the result. */
  async probe(): Promise<TemporalProbeResult> {
    const started = performance.now();
    const checkedAt = new Date().toISOString();
    const observation = await this.observe(checkedAt).catch(
      (error): TemporalObservation =>
        this.unreachable(checkedAt, `probe failed: ${describeError(error)}`),
    );
    observation.durationMs = Math.round(performance.now() - started);
    const result = {
      ...observation,
      signals: temporalSignals(observation, this.previous),
    };
    this.previous = observation;
    return result;
  }

  /** Closes the connection, if any. */
  async close(): Promise<void> {
    await this.dropConnection();
  }

  private unreachable(checkedAt: string, error: string): TemporalObservation {
    return {
      ...this.base(checkedAt),
      reachable: false,
      error,
    };
  }

  private base(checkedAt: string): TemporalObservation {
    return {
      environment: this.config.environment,
      service: this.config.service,
      address: this.config.address,
      ...(this.config.webUiUrl ? { webUiUrl: this.config.webUiUrl } : {}),
      reachable: true,
      checkedAt,
      durationMs: 0,
      namespaces: [],
      taskQueues: [],
      workflowCounts: [],
      recentFailures: [],
      errors: [],
    };
  }

  private async observe(checkedAt: string): Promise<TemporalObservation> {
    let connection: Connection;
    try {
      connection = await this.connection();
    } catch (error) {
      await this.dropConnection();
      return this.unreachable(
        checkedAt,
        error instanceof ProbeDeadlineError
          ? error.message
          : `cannot connect to ${this.config.address}: ${describeError(error)}`,
      );
    }
    const result = this.base(checkedAt);
    const errors = result.errors;

    const [health, systemInfo] = await Promise.allSettled([
      this.call(connection, 'health check', () =>
        connection.healthService.check({ service: WORKFLOW_SERVICE }),
      ),
      this.call(connection, 'getSystemInfo', () =>
        connection.workflowService.getSystemInfo({}),
      ),
    ]);
    if (health.status === 'rejected') {
      if (isNoAnswer(health.reason)) {
        await this.dropConnection();
        return this.unreachable(checkedAt, describeError(health.reason));
      }
      errors.push({ part: 'health', message: describeError(health.reason) });
    } else {
      result.health = HEALTH_STATUS[health.value.status] ?? 'UNKNOWN';
    }

    let server: TemporalServerInfo | undefined;
    if (systemInfo.status === 'fulfilled') {
      const capabilities: Record<string, boolean> = {};
      for (const [name, value] of Object.entries(
        systemInfo.value.capabilities ?? {},
      )) {
        if (typeof value === 'boolean') capabilities[name] = value;
      }
      server = {
        version: systemInfo.value.serverVersion,
        capabilities,
        backlogApi: backlogApiFor(systemInfo.value.serverVersion),
        countApi: countApiFor(capabilities),
      };
      result.server = server;
    } else {
      errors.push({
        part: 'system-info',
        message: describeError(systemInfo.reason),
      });
    }

    const perNamespace = await Promise.all(
      this.config.namespaces.map(ns =>
        this.observeNamespace(connection, ns, server, errors),
      ),
    );
    for (const part of perNamespace) {
      result.namespaces.push(part.namespace);
      result.taskQueues.push(...part.taskQueues);
      if (part.counts) result.workflowCounts.push(part.counts);
      result.recentFailures.push(...part.failures);
    }
    return result;
  }

  private async observeNamespace(
    connection: Connection,
    config: TemporalNamespaceConfig,
    server: TemporalServerInfo | undefined,
    errors: TemporalPartError[],
  ): Promise<{
    namespace: TemporalNamespaceState;
    taskQueues: TemporalTaskQueueState[];
    counts?: TemporalWorkflowCounts;
    failures: TemporalWorkflowFailure[];
  }> {
    const name = config.name;
    let status: TemporalNamespaceStatus = 'unknown';
    let liveSeconds: number | undefined;
    try {
      const described = await this.call(connection, 'describeNamespace', () =>
        connection.workflowService.describeNamespace({ namespace: name }),
      );
      status =
        NAMESPACE_STATUS[described.namespaceInfo?.state ?? 0] ?? 'unknown';
      const ttl = described.config?.workflowExecutionRetentionTtl;
      if (ttl) liveSeconds = int64(ttl.seconds);
    } catch (error) {
      if (isNotFound(error)) {
        status = 'not-found';
      } else {
        errors.push({
          part: 'namespace',
          namespace: name,
          message: describeError(error),
        });
      }
    }
    const namespace: TemporalNamespaceState = {
      name,
      status,
      retention: compareRetention(config.retention, status, liveSeconds),
      ...(this.config.webUiUrl && status !== 'not-found'
        ? { webUiUrl: namespaceWebUiUrl(this.config.webUiUrl, name) }
        : {}),
    };
    if (status === 'not-found' || status === 'deleted') {
      return { namespace, taskQueues: [], failures: [] };
    }

    const [taskQueues, counts, failures] = await Promise.all([
      this.observeTaskQueues(connection, config, server, errors),
      this.countWorkflows(connection, name, server, errors),
      this.recentFailures(connection, name, errors),
    ]);
    return { namespace, taskQueues, counts, failures };
  }

  private async observeTaskQueues(
    connection: Connection,
    config: TemporalNamespaceConfig,
    server: TemporalServerInfo | undefined,
    errors: TemporalPartError[],
  ): Promise<TemporalTaskQueueState[]> {
    const namespace = config.name;
    let names = config.taskQueues;
    const source = names ? 'configured' : 'discovered';
    if (!names) {
      try {
        const recent = await this.call(
          connection,
          'listWorkflowExecutions',
          () =>
            connection.workflowService.listWorkflowExecutions({
              namespace,
              pageSize: DISCOVERY_PAGE_SIZE,
            }),
        );
        names = taskQueuesOf(recent.executions, MAX_DISCOVERED_TASK_QUEUES);
      } catch (error) {
        errors.push({
          part: 'task-queue-discovery',
          namespace,
          message: describeError(error),
        });
        return [];
      }
    }
    const backlogApi = server?.backlogApi ?? backlogApiFor(undefined);
    return Promise.all(
      names.map(async name => {
        const [types, runningWorkflows] = await Promise.all([
          this.describeTaskQueue(
            connection,
            namespace,
            name,
            backlogApi,
            errors,
          ),
          this.countRunning(connection, namespace, name, errors),
        ]);
        return {
          namespace,
          name,
          source,
          types,
          ...(runningWorkflows !== undefined ? { runningWorkflows } : {}),
        };
      }),
    );
  }

  private async describeTaskQueue(
    connection: Connection,
    namespace: string,
    name: string,
    backlogApi: TemporalServerInfo['backlogApi'],
    errors: TemporalPartError[],
  ): Promise<TemporalTaskQueueTypeState[]> {
    const taskQueue = { name, kind: TASK_QUEUE_KIND_NORMAL };
    const types: TemporalTaskQueueType[] = ['workflow', 'activity'];
    if (backlogApi === 'enhanced') {
      // One call for both types; it must target the root workflow partition.
      try {
        const described = await this.call(connection, 'describeTaskQueue', () =>
          connection.workflowService.describeTaskQueue({
            namespace,
            taskQueue,
            taskQueueType: TASK_QUEUE_TYPE.workflow,
            apiMode: DESCRIBE_TASK_QUEUE_MODE_ENHANCED,
            versions: { unversioned: true },
            taskQueueTypes: [
              TASK_QUEUE_TYPE.workflow,
              TASK_QUEUE_TYPE.activity,
            ],
            reportPollers: true,
            reportStats: true,
          }),
        );
        const byType = described.versionsInfo?.['']?.typesInfo ?? {};
        return types.map(type => {
          const info = byType[String(TASK_QUEUE_TYPE[type])];
          const backlog = toBacklog(info?.stats);
          return {
            type,
            pollers: toPollers(info?.pollers),
            ...(backlog ? { backlog } : {}),
          };
        });
      } catch (error) {
        errors.push({
          part: 'task-queue',
          namespace,
          taskQueue: name,
          message: describeError(error),
        });
        return types.map(type => ({ type }));
      }
    }
    return Promise.all(
      types.map(async (type): Promise<TemporalTaskQueueTypeState> => {
        try {
          const described = await this.call(
            connection,
            'describeTaskQueue',
            () =>
              connection.workflowService.describeTaskQueue({
                namespace,
                taskQueue,
                taskQueueType: TASK_QUEUE_TYPE[type],
                reportStats: backlogApi === 'task-queue-stats',
              }),
          );
          const backlog =
            backlogApi === 'task-queue-stats'
              ? toBacklog(described.stats)
              : undefined;
          return {
            type,
            pollers: toPollers(described.pollers),
            ...(backlog ? { backlog } : {}),
          };
        } catch (error) {
          errors.push({
            part: 'task-queue',
            namespace,
            taskQueue: name,
            taskQueueType: type,
            message: describeError(error),
          });
          return { type };
        }
      }),
    );
  }

  private async countRunning(
    connection: Connection,
    namespace: string,
    taskQueue: string,
    errors: TemporalPartError[],
  ): Promise<number | undefined> {
    try {
      const counted = await this.call(
        connection,
        'countWorkflowExecutions',
        () =>
          connection.workflowService.countWorkflowExecutions({
            namespace,
            query: `TaskQueue = ${JSON.stringify(
              taskQueue,
            )} AND ExecutionStatus = "Running"`,
          }),
      );
      return int64(counted.count);
    } catch (error) {
      errors.push({
        part: 'running-workflows',
        namespace,
        taskQueue,
        message: describeError(error),
      });
      return undefined;
    }
  }

  private async countWorkflows(
    connection: Connection,
    namespace: string,
    server: TemporalServerInfo | undefined,
    errors: TemporalPartError[],
  ): Promise<TemporalWorkflowCounts | undefined> {
    const count = (query: string) =>
      this.call(connection, 'countWorkflowExecutions', () =>
        connection.workflowService.countWorkflowExecutions({
          namespace,
          query,
        }),
      );
    try {
      if ((server?.countApi ?? 'group-by') === 'group-by') {
        const counted = await count('GROUP BY ExecutionStatus');
        return countsFromGroups(namespace, counted.count, counted.groups);
      }
      const counts = await Promise.all(
        EXECUTION_STATUSES.map(status =>
          count(`ExecutionStatus = "${status}"`),
        ),
      );
      const byStatus: TemporalWorkflowCounts['byStatus'] = {};
      EXECUTION_STATUSES.forEach((status, i) => {
        byStatus[status] = int64(counts[i].count);
      });
      const total = Object.values(byStatus).reduce(
        (sum, n) => sum + (n ?? 0),
        0,
      );
      return { namespace, total, byStatus };
    } catch (error) {
      errors.push({
        part: 'workflow-counts',
        namespace,
        message: describeError(error),
      });
      return undefined;
    }
  }

  private async recentFailures(
    connection: Connection,
    namespace: string,
    errors: TemporalPartError[],
  ): Promise<TemporalWorkflowFailure[]> {
    try {
      const listed = await this.call(connection, 'listWorkflowExecutions', () =>
        connection.workflowService.listWorkflowExecutions({
          namespace,
          query: 'ExecutionStatus = "Failed"',
          pageSize: RECENT_FAILURES,
        }),
      );
      return (listed.executions ?? [])
        .slice(0, RECENT_FAILURES)
        .map(execution =>
          toFailure(namespace, execution, this.config.webUiUrl),
        );
    } catch (error) {
      errors.push({
        part: 'recent-failures',
        namespace,
        message: describeError(error),
      });
      return [];
    }
  }

  /** One call, bounded by the deadline whatever the wall clock does. */
  private async call<T>(
    connection: Connection,
    what: string,
    fn: () => Promise<T>,
  ): Promise<T> {
    const ms = this.config.deadlineMs;
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(
          new ProbeDeadlineError(`${what} did not answer within ${ms} ms`),
        );
      }, ms);
    });
    try {
      return await Promise.race([
        connection.withDeadline(Date.now() + ms, () =>
          connection.withAbortSignal(abort.signal, fn),
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private connection(): Promise<Connection> {
    if (!this.connecting) {
      const connecting = this.connect();
      this.connecting = connecting;
      connecting.catch(() => {
        if (this.connecting === connecting) this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  private async connect(): Promise<Connection> {
    const { address, apiKey, deadlineMs } = this.config;
    const options: ConnectionOptions = {
      address,
      connectTimeout: deadlineMs,
      // No retry interceptor: see the class comment.
      interceptors: [],
      ...(apiKey ? { apiKey } : {}),
    };
    const tls = await this.tlsConfig();
    if (tls) options.tls = tls;
    const pending = Connection.connect(options);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ProbeDeadlineError(
              `no connection to ${address} within ${deadlineMs} ms`,
            ),
          ),
        deadlineMs,
      );
    });
    try {
      return await Promise.race([pending, timeout]);
    } catch (error) {
      // A connection that arrives after we gave up is closed, not leaked.
      pending.then(late => late.close()).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Certificates are read at each connect, so rotated files are picked up. */
  private async tlsConfig(): Promise<TLSConfig | undefined> {
    const tls = this.config.tls;
    if (!tls) return undefined;
    const [ca, crt, key] = await Promise.all(
      [tls.caFile, tls.certFile, tls.keyFile].map(file =>
        file ? readFile(file) : undefined,
      ),
    );
    return {
      ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
      ...(ca ? { serverRootCACertificate: ca } : {}),
      ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    };
  }

  private async dropConnection(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    if (connecting) {
      await connecting.then(c => c.close()).catch(() => undefined);
    }
  }
}
