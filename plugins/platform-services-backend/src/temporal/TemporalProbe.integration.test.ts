/*
 * The probe against a real Temporal dev server (the Temporal CLI's
 * `server start-dev`, built by tools/build-servers.sh and cached outside the
 * clone). Workflows run on a task queue with no worker; the test plays the
 * worker itself with raw PollWorkflowTaskQueue calls.
 */
import { Client, Connection } from '@temporalio/client';
import type { TemporalProbeResult } from '@platform-services/plugin-platform-services-common';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TemporalServerConfig } from './config';
import { TemporalProbe } from './TemporalProbe';
import { TemporalProbeScheduler } from './TemporalProbeScheduler';

jest.setTimeout(180_000);

const REPO_ROOT = resolve(__dirname, '../../../..');
const DEADLINE_MS = 3_000;
const WEB_UI = 'http://localhost:8233';
const COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION = 5;
const TASK_QUEUE_KIND_NORMAL = 1;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function temporalBinary(): string {
  const out = execFileSync(
    'bash',
    [join(REPO_ROOT, 'tools/build-servers.sh')],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = out.split('\n').find(l => l.startsWith('TEMPORAL='));
  if (!line)
    throw new Error('tools/build-servers.sh printed no TEMPORAL= line');
  return line.slice('TEMPORAL='.length).trim();
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Retries `read` until `check` passes (it throws with expect otherwise). */
async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => void,
  timeoutMs = 45_000,
): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (error) {
      if (performance.now() - started > timeoutMs) throw error;
    }
    await sleep(750);
  }
}

describe('TemporalProbe against a real Temporal dev server', () => {
  let server: ChildProcess;
  let serverOutput = '';
  let dir: string;
  let address: string;
  let admin: Connection;
  let client: Client;
  const probes: TemporalProbe[] = [];
  const poller = new AbortController();
  let pollerLoop: Promise<void> | undefined;

  const taskQueue = `no-worker-${Date.now().toString(36)}`;
  const runningId = `${taskQueue}-stays-running`;
  const failId = `${taskQueue}-fails`;
  const terminateId = `${taskQueue}-terminated`;

  function probeOf(
    overrides: Partial<TemporalServerConfig> = {},
  ): TemporalProbe {
    const probe = new TemporalProbe({
      environment: 'dev',
      service: 'temporal',
      address,
      namespaces: [{ name: 'default' }],
      webUiUrl: WEB_UI,
      deadlineMs: DEADLINE_MS,
      refreshMs: 500,
      ...overrides,
    });
    probes.push(probe);
    return probe;
  }

  function serverExited(): boolean {
    return server.exitCode !== null || server.signalCode !== null;
  }

  beforeAll(async () => {
    const binary = temporalBinary();
    const port = await freePort();
    address = `127.0.0.1:${port}`;
    dir = mkdtempSync(join(tmpdir(), 'temporal-probe-'));
    server = spawn(
      binary,
      [
        'server',
        'start-dev',
        '--headless',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--db-filename',
        join(dir, 'temporal.db'),
        '--namespace',
        'default',
        '--log-level',
        'warn',
        '--dynamic-config-value',
        'frontend.enableServerVersionCheck=false',
      ],
      {
        detached: true,
        env: { ...process.env, TEMPORAL_VERSION_CHECK_DISABLED: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const keep = (chunk: Buffer) => {
      serverOutput = (serverOutput + chunk.toString()).slice(-20_000);
    };
    server.stdout!.on('data', keep);
    server.stderr!.on('data', keep);

    // Ready: the WorkflowService reports SERVING and the namespace answers.
    const connection = Connection.lazy({ address });
    admin = connection;
    const ready = async () => {
      const health = await connection.withDeadline(Date.now() + 2_000, () =>
        connection.healthService.check({
          service: 'temporal.api.workflowservice.v1.WorkflowService',
        }),
      );
      if (health.status !== 1) return false;
      await connection.withDeadline(Date.now() + 2_000, () =>
        connection.workflowService.describeNamespace({ namespace: 'default' }),
      );
      return true;
    };
    const started = performance.now();
    while (!(await ready().catch(() => false))) {
      if (serverExited()) {
        throw new Error(`temporal server exited early:\n${serverOutput}`);
      }
      if (performance.now() - started > 90_000) {
        throw new Error(
          `temporal server not ready after 90 s:\n${serverOutput}`,
        );
      }
      await sleep(500);
    }
    client = new Client({ connection: admin, namespace: 'default' });
  });

  afterAll(async () => {
    poller.abort();
    await pollerLoop;
    await Promise.all(probes.map(p => p.close()));
    await admin?.close();
    if (server?.pid && !serverExited()) {
      process.kill(-server.pid, 'SIGKILL');
      await once(server, 'exit');
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports a healthy server, its version and what it supports', async () => {
    const result = await probeOf().probe();
    console.log(`healthy probe took ${result.durationMs} ms`);
    expect(result).toMatchObject({
      environment: 'dev',
      reachable: true,
      health: 'SERVING',
      server: {
        backlogApi: 'task-queue-stats',
        countApi: 'group-by',
        capabilities: expect.objectContaining({
          countGroupByExecutionStatus: true,
        }),
      },
      namespaces: [{ name: 'default', status: 'registered' }],
      errors: [],
      signals: [],
    });
    expect(result.server?.version).toMatch(/^1\.(2[89]|[3-9]\d)\./);
    expect(result.namespaces[0].webUiUrl).toBe(
      `${WEB_UI}/namespaces/default/workflows`,
    );
  });

  it('compares the namespace retention with the declared one', async () => {
    await admin.withDeadline(Date.now() + 10_000, () =>
      admin.workflowService.updateNamespace({
        namespace: 'default',
        config: {
          // protobufjs encodes a plain number into an int64 field
          workflowExecutionRetentionTtl: { seconds: (3 * 86_400) as never },
        },
      }),
    );
    const declared = (retention: string) =>
      probeOf({ namespaces: [{ name: 'default', retention }] }).probe();

    for (const retention of ['72h', '3d']) {
      const result = await eventually(
        () => declared(retention),
        r => expect(r.namespaces[0].retention.outcome).toBe('match'),
      );
      expect(result.namespaces[0].retention).toEqual({
        declared: retention,
        declaredSeconds: 259_200,
        liveSeconds: 259_200,
        live: '3d',
        outcome: 'match',
      });
      expect(result.signals).toEqual([]);
    }

    const mismatch = await declared('7d');
    expect(mismatch.namespaces[0].retention.outcome).toBe('mismatch');
    expect(mismatch.signals).toEqual([
      expect.objectContaining({
        id: 'temporal-namespace-retention-mismatch',
        namespace: 'default',
      }),
    ]);

    const missing = await probeOf({
      namespaces: [
        { name: 'default' },
        { name: 'no-such-namespace', retention: '3d' },
      ],
    }).probe();
    expect(missing.namespaces[1]).toMatchObject({
      name: 'no-such-namespace',
      status: 'not-found',
      retention: { outcome: 'not-found' },
    });
    expect(missing.signals.map(s => [s.id, s.namespace])).toEqual([
      ['temporal-namespace-missing', 'no-such-namespace'],
    ]);
    expect(missing.errors).toEqual([]);
  });

  it('finds a task queue with waiting workflows and no pollers', async () => {
    for (const workflowId of [runningId, failId, terminateId]) {
      await client.workflow.start('NoWorkerWorkflow', {
        taskQueue,
        workflowId,
      });
    }
    const probe = probeOf();
    const result = await eventually(
      () => probe.probe(),
      r => {
        const queue = r.taskQueues.find(q => q.name === taskQueue);
        expect(queue?.types[0].backlog?.count).toBeGreaterThan(0);
        // visibility can trail the start calls briefly
        expect(queue?.runningWorkflows).toBe(3);
      },
    );
    const queue = result.taskQueues.find(q => q.name === taskQueue)!;
    expect(queue).toMatchObject({
      namespace: 'default',
      source: 'discovered',
      runningWorkflows: 3,
      types: [
        { type: 'workflow', pollers: [] },
        { type: 'activity', pollers: [], backlog: { count: 0 } },
      ],
    });
    expect(result.signals).toContainEqual(
      expect.objectContaining({
        id: 'temporal-backlog-no-pollers',
        namespace: 'default',
        taskQueue,
      }),
    );
    console.log(
      `backlog on ${taskQueue}: ${JSON.stringify(queue.types[0].backlog)}`,
    );

    // A configured task queue is described without discovery.
    const configured = await probeOf({
      namespaces: [{ name: 'default', taskQueues: [taskQueue] }],
    }).probe();
    expect(configured.taskQueues.map(q => [q.name, q.source])).toEqual([
      [taskQueue, 'configured'],
    ]);
  });

  it('answers in part when one call fails', async () => {
    // The server refuses task queue names over 1000 characters.
    const tooLong = 'q'.repeat(1_100);
    const result = await probeOf({
      namespaces: [{ name: 'default', taskQueues: [taskQueue, tooLong] }],
    }).probe();
    expect(result.reachable).toBe(true);
    expect(result.namespaces[0].status).toBe('registered');
    expect(result.workflowCounts).toHaveLength(1);
    expect(result.taskQueues[0].types[0].pollers).toBeDefined();
    expect(result.taskQueues[1].types).toEqual([
      { type: 'workflow' },
      { type: 'activity' },
    ]);
    expect(result.errors).toContainEqual(
      expect.objectContaining({
        part: 'task-queue',
        namespace: 'default',
        taskQueue: tooLong,
        taskQueueType: 'workflow',
        message: expect.stringContaining('INVALID_ARGUMENT'),
      }),
    );
  });

  it('sees a worker polling and clears the signal', async () => {
    await client.workflow.getHandle(terminateId).terminate('probe test');

    // The test's own worker: it fails one workflow and leaves the other
    // running with nothing to do.
    const connection = admin;
    pollerLoop = (async () => {
      while (!poller.signal.aborted) {
        try {
          const task = await connection.withDeadline(Date.now() + 70_000, () =>
            connection.withAbortSignal(poller.signal, () =>
              connection.workflowService.pollWorkflowTaskQueue({
                namespace: 'default',
                taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
                identity: 'probe-test',
              }),
            ),
          );
          if (!task.taskToken?.length) continue;
          const fail = task.workflowExecution?.workflowId === failId;
          await connection.workflowService.respondWorkflowTaskCompleted({
            namespace: 'default',
            taskToken: task.taskToken,
            identity: 'probe-test',
            commands: fail
              ? [
                  {
                    commandType: COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
                    failWorkflowExecutionCommandAttributes: {
                      failure: { message: 'failed by the probe test' },
                    },
                  },
                ]
              : [],
          });
        } catch {
          if (!poller.signal.aborted) await sleep(250);
        }
      }
    })();

    const probe = probeOf();
    const result = await eventually(
      () => probe.probe(),
      r => {
        const queue = r.taskQueues.find(q => q.name === taskQueue);
        expect(queue?.types[0].pollers?.map(p => p.identity)).toContain(
          'probe-test',
        );
        expect(r.signals.filter(s => s.taskQueue === taskQueue)).toEqual([]);
      },
    );
    const pollers = result.taskQueues.find(q => q.name === taskQueue)!.types[0]
      .pollers!;
    expect(
      pollers.find(p => p.identity === 'probe-test')?.lastAccessTime,
    ).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('counts workflows by status and links recent failures', async () => {
    const probe = probeOf();
    const result = await eventually(
      () => probe.probe(),
      r => {
        expect(r.workflowCounts[0]?.byStatus).toMatchObject({
          Running: 1,
          Failed: 1,
          Terminated: 1,
          Completed: 0,
        });
        // Counts and lists are separate visibility queries: both may lag.
        expect(r.recentFailures).toHaveLength(1);
      },
    );
    expect(result.workflowCounts).toEqual([
      {
        namespace: 'default',
        total: 3,
        byStatus: expect.objectContaining({
          Running: 1,
          Failed: 1,
          Terminated: 1,
        }),
      },
    ]);
    const runId = (await client.workflow.getHandle(failId).describe()).runId;
    expect(result.recentFailures).toEqual([
      expect.objectContaining({
        namespace: 'default',
        workflowId: failId,
        runId,
        workflowType: 'NoWorkerWorkflow',
        taskQueue,
        webUiUrl: `${WEB_UI}/namespaces/default/workflows/${failId}/${runId}`,
      }),
    ]);
    expect(
      result.taskQueues.find(q => q.name === taskQueue)?.runningWorkflows,
    ).toBe(1);
  });

  it('answers unreachable within the deadline once the server is gone', async () => {
    const probe = probeOf({ refreshMs: 300 });
    const scheduler = new TemporalProbeScheduler([probe]);
    scheduler.start();
    try {
      const healthy = await eventually(
        async () => scheduler.latest('dev'),
        r => expect(r?.reachable).toBe(true),
      );
      expect(
        healthy?.signals.some(s => s.id === 'temporal-frontend-unreachable'),
      ).toBe(false);

      poller.abort();
      await pollerLoop;
      const killedAt = Date.now();
      process.kill(-server.pid!, 'SIGKILL');
      await once(server, 'exit');

      // The scheduler's probe holds a live connection: the first probe after
      // the kill reuses it, the next one has to connect again. A probe that
      // was already in flight before the kill is skipped (refresh joins it).
      const timed = async (): Promise<[TemporalProbeResult, number]> => {
        for (;;) {
          const started = performance.now();
          const result = (await scheduler.refresh('dev'))!;
          if (Date.parse(result.checkedAt) >= killedAt) {
            return [result, Math.round(performance.now() - started)];
          }
        }
      };
      const [reused, reusedMs] = await timed();
      const [reconnect, reconnectMs] = await timed();
      console.log(
        `stopped server: probe on the open connection ${reusedMs} ms (${reused.error}); ` +
          `probe that reconnects ${reconnectMs} ms (${reconnect.error})`,
      );
      for (const [result, ms] of [
        [reused, reusedMs],
        [reconnect, reconnectMs],
      ] as const) {
        expect(result.reachable).toBe(false);
        expect(result.error).toBeTruthy();
        expect(result.signals).toEqual([
          expect.objectContaining({
            id: 'temporal-frontend-unreachable',
            component: 'frontend',
          }),
        ]);
        expect(result.namespaces).toEqual([]);
        // Generous: slow machines; the bound that matters is "it returns".
        expect(ms).toBeLessThan(3 * DEADLINE_MS);
      }

      // A reader never waits: latest() is synchronous and now says unreachable.
      const latest = await eventually(
        async () => scheduler.latest('dev'),
        r => expect(r?.reachable).toBe(false),
      );
      expect(latest?.environment).toBe('dev');
    } finally {
      await scheduler.stop();
    }
  });
});
