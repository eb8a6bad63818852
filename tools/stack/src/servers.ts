/*
 * Starting the stack's servers: etcd and kube-apiserver (one kapi binary) with our CRDs and
 * identities, and the Temporal dev server. Each is recorded in state.json as soon as it runs.
 */
import type { Connection } from '@temporalio/client';
import { readServingCa } from './certs.ts';
import type { ServerBinaries } from './binaries.ts';
import { startControllers } from './controllers.ts';
import { startFlux } from './flux.ts';
import { installCrds } from './crds.ts';
import { writeIdentities } from './identities.ts';
import { KubeRest } from './kube.ts';
import { stackPaths } from './layout.ts';
import { spawnDetached, waitUntil, type ProcessRecord } from './processes.ts';
import { writeState, type ProcessName, type StackState } from './state.ts';
import {
  connectWhenReady,
  setRetention,
  temporalServerArgs,
  temporalServerEnv,
} from './temporalDemo.ts';
import { timed } from './timing.ts';

/** An admin client for a stack's API server, from its folder. */
export function adminClient(state: StackState): KubeRest {
  return new KubeRest({
    server: state.kubeApiUrl,
    caPem: readServingCa(stackPaths(state.dir).servingCert),
    token: state.adminToken,
  });
}

/** Records each process in state.json as soon as it starts, so `down` can stop an interrupted start. */
export type RecordStarted = (
  name: ProcessName,
  record: ProcessRecord,
) => ProcessRecord;

/**
 * Starts etcd and kube-apiserver, installs the CRDs, writes the identities and, on a reconciling
 * stack, starts the controllers, the simulated nodes, the Git server and Flux; resolves with an
 * admin client.
 */
export async function startKubernetes(options: {
  state: StackState;
  binaries: ServerBinaries;
  started: RecordStarted;
  timings: Record<string, number>;
}): Promise<KubeRest> {
  const { state, binaries, started, timings } = options;
  const kapi = binaries.kapi;
  const { ports } = state;
  const paths = stackPaths(state.dir);
  const etcd = started(
    'etcd',
    spawnDetached({
      command: kapi,
      args: [
        'etcd',
        '--data-dir',
        paths.etcdData,
        '--listen-client-url',
        `http://127.0.0.1:${ports.etcdClient}`,
        '--listen-peer-url',
        `http://127.0.0.1:${ports.etcdPeer}`,
        // At warn, etcd logs every request's stats (hundreds of KB per scenario).
        '--log-level',
        'error',
      ],
      logPath: paths.log('etcd'),
    }),
  );
  await waitUntil(
    'etcd',
    async () => {
      const res = await fetch(`http://127.0.0.1:${ports.etcdClient}/health`);
      return res.ok ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 100, process: etcd },
  );
  const apiserver = started(
    'apiserver',
    spawnDetached({
      command: kapi,
      args: apiserverArgs({ ports, paths }),
      logPath: paths.log('apiserver'),
    }),
  );
  const kube = await waitUntil(
    'kube-apiserver /readyz',
    async () => {
      // A new client per attempt: the CA appears in the cert dir only once the server made it.
      const client = adminClient(state);
      try {
        const answer = await client.request('GET', '/readyz', {
          timeoutMs: 2_000,
        });
        if (answer === 'ok') return client;
      } catch {
        // Not serving yet.
      }
      client.close();
      return undefined;
    },
    { timeoutMs: 120_000, intervalMs: 200, process: apiserver },
  );
  try {
    await timed(timings, 'crds', () => installCrds(kube));
    state.kubeconfigs = await timed(timings, 'identities', () =>
      writeIdentities({
        kube,
        server: state.kubeApiUrl,
        caPem: readServingCa(paths.servingCert),
        adminToken: state.adminToken,
        kubeconfigPath: paths.kubeconfig,
      }),
    );
    writeState(state);
    if (state.reconciling) {
      await timed(timings, 'controllers', () =>
        startControllers({
          state,
          kapi,
          kube,
          caPem: readServingCa(paths.servingCert),
          started,
        }),
      );
      await timed(timings, 'flux', () =>
        startFlux({ state, kube, binaries, started }),
      );
    }
    return kube;
  } catch (error) {
    kube.close();
    throw error;
  }
}

/** Starts the Temporal dev server and sets the demo namespace's retention; resolves with a connection. */
export async function startTemporal(options: {
  state: StackState;
  temporal: string;
  started: RecordStarted;
}): Promise<Connection> {
  const { state, started } = options;
  const paths = stackPaths(state.dir);
  const server = started(
    'temporal',
    spawnDetached({
      command: options.temporal,
      args: temporalServerArgs(state.ports.temporal!, paths.temporalDb),
      env: temporalServerEnv,
      logPath: paths.log('temporal'),
    }),
  );
  const connection = await connectWhenReady(state.temporalAddress!, {
    timeoutMs: 60_000,
    server,
  });
  try {
    await setRetention(connection);
    return connection;
  } catch (error) {
    await connection.close();
    throw error;
  }
}

function apiserverArgs(options: {
  ports: StackState['ports'];
  paths: ReturnType<typeof stackPaths>;
}): string[] {
  const { ports, paths } = options;
  return [
    'apiserver',
    `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${ports.apiserver}`,
    `--cert-dir=${paths.certDir}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${paths.serviceAccountPub}`,
    `--service-account-signing-key-file=${paths.serviceAccountKey}`,
    `--token-auth-file=${paths.tokenFile}`,
    '--anonymous-auth=false',
    '--authorization-mode=RBAC',
    '--disable-admission-plugins=ServiceAccount',
    '--endpoint-reconciler-type=none',
    '--allow-privileged=true',
  ];
}
