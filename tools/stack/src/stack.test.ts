/*
 * Starts one real stack without controllers (etcd, kube-apiserver, Temporal dev server, demo worker)
 * in a temporary folder and checks it the way the plugin will use it: every object, status included,
 * as the scenario's files write it. The reconciling stack (controllers and simulated nodes) is
 * reconcilingStack.test.ts. The first run on a machine builds the servers with
 * tools/build-servers.sh (several minutes); later runs start in about 15 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiException,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  VersionApi,
} from '@kubernetes/client-node';
import { Connection } from '@temporalio/client';
import { readServingCa } from './certs.ts';
import { KubeRest, refOf } from './kube.ts';
import { stackPaths } from './layout.ts';
import { isAlive } from './processes.ts';
import { rebaseGenerations, shiftTimestamps } from './scenarioObjects.ts';
import { listScenarios, loadScenario } from './scenarios.ts';
import { readState } from './state.ts';
import { startStack, type Stack } from './stack.ts';
import {
  demoNamespace,
  describeDemoTaskQueue,
  retentionDays,
} from './temporalDemo.ts';

jest.setTimeout(240_000);

const dir = mkdtempSync(join(tmpdir(), 'platform-services-stack-test-'));
let stack: Stack;
let connection: Connection;
let admin: KubeRest;

function kubeconfig(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  stack = await startStack({ dir, controllers: false });
  connection = await Connection.connect({ address: stack.temporalAddress! });
  admin = new KubeRest({
    server: stack.kubeApiUrl,
    caPem: readServingCa(stackPaths(dir).servingCert),
    token: readState(dir)!.adminToken,
  });
  // A machine without the cached servers builds them first (tools/build-servers.sh): up to ~20 min.
}, 40 * 60_000);

afterAll(async () => {
  admin?.close();
  await connection?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the local stack', () => {
  it('serves the Kubernetes API with the admin kubeconfig', async () => {
    const version = await kubeconfig(stack.adminKubeconfigPath)
      .makeApiClient(VersionApi)
      .getCode();
    expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(stack.kubeApiUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('gives the viewer read access and nothing more', async () => {
    const kc = kubeconfig(stack.viewerKubeconfigPath);
    const releases = (await kc
      .makeApiClient(CustomObjectsApi)
      .listNamespacedCustomObject({
        group: 'helm.toolkit.fluxcd.io',
        version: 'v2',
        namespace: 'flux-system',
        plural: 'helmreleases',
      })) as { items: Array<{ metadata: { name: string } }> };
    expect(releases.items.map(i => i.metadata.name)).toContain(
      'temporal-server',
    );

    const refused = kc
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: 'not-allowed' } } });
    await expect(refused).rejects.toBeInstanceOf(ApiException);
    await expect(refused).rejects.toMatchObject({ code: 403 });
  });

  it('refuses a second start in the same folder', async () => {
    await expect(startStack({ dir })).rejects.toThrow(
      new RegExp(`already running in ${dir} \\(etcd \\d+, apiserver \\d+`),
    );
  });

  it('runs Temporal with a 3-day retention in the demo namespace', async () => {
    const within = <T>(fn: () => Promise<T>) =>
      connection.withDeadline(Date.now() + 5_000, fn);
    const info = await within(() =>
      connection.workflowService.getSystemInfo({}),
    );
    expect(info.serverVersion).toMatch(/^1\.\d+/);
    const ns = await within(() =>
      connection.workflowService.describeNamespace({
        namespace: demoNamespace,
      }),
    );
    expect(Number(ns.config?.workflowExecutionRetentionTtl?.seconds)).toBe(
      retentionDays * 24 * 3600,
    );
  });

  it('has the demo worker polling in the healthy scenario', async () => {
    expect(stack.scenario).toBe('healthy');
    const state = await describeDemoTaskQueue(connection);
    expect(state.pollerIdentities.length).toBeGreaterThan(0);
  });

  it.each(listScenarios().map(s => s.name))(
    'switches to scenario %s and stores every status as written',
    async name => {
      const result = await stack.applyScenario(name);
      expect(result.scenario).toBe(name);
      expect(stack.scenario).toBe(name);

      const scenario = loadScenario(name);
      expect(result.applied).toBe(scenario.objects.length);
      const withStatus = scenario.objects.filter(
        o => o.status && o.kind !== 'Namespace',
      );
      const stored = await Promise.all(
        withStatus.map(o => admin.get(refOf(o))),
      );
      // As the fixtures mean them: generations on the live ones, times moved by the shift that
      // state.json records for the object.
      const shifts = new Map(
        readState(dir)!.applied.map(a => [
          `${a.kind}/${a.namespace}/${a.name}`,
          a.timeShiftSeconds,
        ]),
      );
      const expected = withStatus.map((o, i) =>
        shiftTimestamps(
          rebaseGenerations(
            o.status as Record<string, unknown>,
            o.metadata.generation ?? 1,
            stored[i]?.metadata.generation ?? 1,
          ),
          shifts.get(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)!,
        ),
      );
      expect(stored.map(o => o?.status)).toMatchObject(expected);
    },
  );

  it('shows the failed schema Job in schema-migration-failed', async () => {
    await stack.applyScenario('schema-migration-failed');
    const job = await kubeconfig(stack.adminKubeconfigPath)
      .makeApiClient(BatchV1Api)
      .readNamespacedJob({
        name: 'temporal-server-schema-4',
        namespace: 'temporal',
      });
    expect(job.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Failed', status: 'True' }),
    );
  });

  it('grows a backlog with no poller in taskqueue-backlog-no-workers', async () => {
    const result = await stack.applyScenario('taskqueue-backlog-no-workers');
    expect(result.worker).toBe('stopped');
    const state = await eventually(async () => {
      const s = await describeDemoTaskQueue(connection);
      return (s.backlog ?? 0) > 0 ? s : undefined;
    });
    expect(state.pollerIdentities).toEqual([]);
  });

  it('returns to healthy: the worker polls again and the failed Job is gone', async () => {
    await stack.applyScenario('healthy');
    const state = await describeDemoTaskQueue(connection);
    expect(state.pollerIdentities.length).toBeGreaterThan(0);
    await expect(
      kubeconfig(stack.adminKubeconfigPath)
        .makeApiClient(BatchV1Api)
        .readNamespacedJob({
          name: 'temporal-server-schema-4',
          namespace: 'temporal',
        }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('leaves no process behind when stopped', async () => {
    const pids = Object.values(readState(dir)!.processes).map(p => p!.pid);
    expect(pids.length).toBeGreaterThanOrEqual(3); // the worker runs in most scenarios
    await stack.stop();
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
