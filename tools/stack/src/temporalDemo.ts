/*
 * The Temporal side of the local stack: the dev server's command line, readiness, the `default`
 * namespace's retention, the demo worker process, and demo workflows on the `platform-demo` task
 * queue (running, completed and failed executions; a backlog when no worker polls).
 */
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import type { temporal } from '@temporalio/proto';
import { repoPaths } from './layout.ts';
import {
  killProcessGroup,
  spawnDetached,
  waitUntil,
  type ProcessRecord,
} from './processes.ts';

/** The namespace the demo uses (the dev server always creates it). */
export const demoNamespace = 'default';
/** The task queue of the demo worker and workflows. */
export const demoTaskQueue = 'platform-demo';
/** Retention of closed executions in the demo namespace, as the platform's production namespaces. */
export const retentionDays = 3;

/** The poller identity of the demo worker with this pid. */
export function demoWorkerIdentity(pid: number): string {
  return `platform-demo-worker@pid-${pid}`;
}

/**
 * Poller bookkeeping, shortened so that a stopped worker disappears from DescribeTaskQueue within
 * seconds instead of 5 minutes: the server lists a poller for PollerHistoryTTL after its last poll,
 * and an idle poll lasts longPollExpirationInterval, so the TTL must stay well above it.
 */
const pollerDynamicConfig = [
  'matching.longPollExpirationInterval="5s"',
  'matching.PollerHistoryTTL="15s"',
];

/** Arguments of `temporal server start-dev` for the stack. */
export function temporalServerArgs(port: number, dbFile: string): string[] {
  return [
    'server',
    'start-dev',
    '--headless',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--db-filename',
    dbFile,
    '--namespace',
    demoNamespace,
    '--log-level',
    'warn',
    '--dynamic-config-value',
    'frontend.enableServerVersionCheck=false',
    ...pollerDynamicConfig.flatMap(value => ['--dynamic-config-value', value]),
  ];
}

/** Environment of the dev server: no version check (it would reach out to the internet). */
export const temporalServerEnv = { TEMPORAL_VERSION_CHECK_DISABLED: '1' };

/** Bounds one call: the client retries up to 10 times by default, which would hide a dead server. */
function within<T>(
  connection: Connection,
  ms: number,
  fn: () => Promise<T>,
): Promise<T> {
  return connection.withDeadline(Date.now() + ms, fn);
}

/** Connects once the frontend answers GetSystemInfo; fails after `timeoutMs` or if `server` exits. */
export async function connectWhenReady(
  address: string,
  options: { timeoutMs: number; server?: ProcessRecord },
): Promise<Connection> {
  return waitUntil(
    `Temporal at ${address}`,
    async () => {
      const connection = await Connection.connect({
        address,
        connectTimeout: '3s',
      });
      try {
        await within(connection, 3_000, () =>
          connection.workflowService.getSystemInfo({}),
        );
        return connection;
      } catch (error) {
        await connection.close();
        throw error;
      }
    },
    { timeoutMs: options.timeoutMs, intervalMs: 250, process: options.server },
  );
}

/** Sets the retention of closed executions in the demo namespace. */
export async function setRetention(
  connection: Connection,
  days = retentionDays,
): Promise<void> {
  await within(connection, 10_000, () =>
    connection.workflowService.updateNamespace({
      namespace: demoNamespace,
      config: { workflowExecutionRetentionTtl: msToTs(`${days} days`) },
    }),
  );
}

/** Pollers and backlog of the demo task queue's workflow tasks. */
export interface DemoTaskQueueState {
  pollerIdentities: string[];
  /** Approximate backlog (server >= 1.28 reports it); undefined when not reported. */
  backlog: number | undefined;
}

// Numeric values of temporal.api.enums.v1 (the proto package's named exports do not load from ESM).
const taskQueueKindNormal = 1 as temporal.api.enums.v1.TaskQueueKind;
const taskQueueTypeWorkflow = 1 as temporal.api.enums.v1.TaskQueueType;

/** DescribeTaskQueue (default mode with stats) for the demo task queue's workflow tasks. */
export async function describeDemoTaskQueue(
  connection: Connection,
): Promise<DemoTaskQueueState> {
  const answer = await within(connection, 5_000, () =>
    connection.workflowService.describeTaskQueue({
      namespace: demoNamespace,
      taskQueue: { name: demoTaskQueue, kind: taskQueueKindNormal },
      taskQueueType: taskQueueTypeWorkflow,
      reportStats: true,
    }),
  );
  const backlog = answer.stats?.approximateBacklogCount;
  return {
    pollerIdentities: (answer.pollers ?? []).map(p => p.identity ?? ''),
    backlog:
      backlog === undefined || backlog === null ? undefined : Number(backlog),
  };
}

/**
 * Starts the demo worker process and resolves once it polls the task queue. `spawned` hears of the
 * process at once, so it can be recorded (and stopped) before it is ready.
 */
export async function startDemoWorker(options: {
  connection: Connection;
  address: string;
  logPath: string;
  spawned: (worker: ProcessRecord) => void;
  timeoutMs?: number;
}): Promise<ProcessRecord> {
  const worker = spawnDetached({
    command: process.execPath,
    args: [
      '--experimental-strip-types',
      '--disable-warning=ExperimentalWarning',
      '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON',
      repoPaths.demoWorkerScript,
      options.address,
    ],
    logPath: options.logPath,
  });
  options.spawned(worker);
  const identity = demoWorkerIdentity(worker.pid);
  try {
    await waitUntil(
      `demo worker polling ${demoTaskQueue}`,
      async () => {
        const state = await describeDemoTaskQueue(options.connection);
        return state.pollerIdentities.includes(identity) ? true : undefined;
      },
      {
        timeoutMs: options.timeoutMs ?? 60_000,
        intervalMs: 250,
        process: worker,
      },
    );
  } catch (error) {
    await killProcessGroup(worker.pid);
    throw error;
  }
  return worker;
}

/**
 * Stops the demo worker and resolves once the server lists no poller on the task queue any more
 * (within the shortened poller TTL).
 */
export async function stopDemoWorker(
  connection: Connection | undefined,
  worker: ProcessRecord,
): Promise<void> {
  await killProcessGroup(worker.pid);
  if (!connection) return;
  await waitUntil(
    `no poller left on ${demoTaskQueue}`,
    async () =>
      (await describeDemoTaskQueue(connection)).pollerIdentities.length === 0
        ? true
        : undefined,
    { timeoutMs: 60_000, intervalMs: 500 },
  );
}

const day = 24 * 3600 * 1000;

/**
 * The executions every stack has once: two long-running subscriptions, three orders that complete
 * and two payments that fail. They complete or fail as soon as a worker polls.
 */
export async function startBaselineWorkflows(
  connection: Connection,
): Promise<number> {
  const client = new Client({ connection, namespace: demoNamespace });
  const starts: Array<[string, string, unknown[]]> = [
    ['subscriptionWorkflow', 'demo-subscription-acme', ['acme', 7 * day]],
    ['subscriptionWorkflow', 'demo-subscription-globex', ['globex', 7 * day]],
    ['orderWorkflow', 'demo-order-1001', ['1001', 500]],
    ['orderWorkflow', 'demo-order-1002', ['1002', 500]],
    ['orderWorkflow', 'demo-order-1003', ['1003', 500]],
    ['paymentWorkflow', 'demo-payment-2001', ['2001']],
    ['paymentWorkflow', 'demo-payment-2002', ['2002']],
  ];
  await Promise.all(
    starts.map(([type, workflowId, args]) =>
      within(connection, 10_000, () =>
        client.workflow.start(type, {
          taskQueue: demoTaskQueue,
          workflowId,
          args,
        }),
      ),
    ),
  );
  return starts.length;
}

/** Starts `count` order workflows (2 s of work each) for a scenario, 20 at a time. */
export async function startScenarioWorkflows(
  connection: Connection,
  scenario: string,
  count: number,
): Promise<void> {
  const client = new Client({ connection, namespace: demoNamespace });
  const batch = Date.now().toString(36);
  for (let first = 0; first < count; first += 20) {
    const ids = Array.from(
      { length: Math.min(20, count - first) },
      (_, i) => `${scenario}-order-${batch}-${first + i + 1}`,
    );
    await Promise.all(
      ids.map(workflowId =>
        within(connection, 10_000, () =>
          client.workflow.start('orderWorkflow', {
            taskQueue: demoTaskQueue,
            workflowId,
            args: [workflowId, 2_000],
          }),
        ),
      ),
    );
  }
}
