/*
 * The local stack: etcd, kube-apiserver and the Temporal dev server as detached processes, our CRDs,
 * the identities of examples/rbac, a scenario of examples/cluster and the Temporal demo. Used by the
 * CLI (`yarn stack`) and by integration tests of other packages.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureServerBinaries } from './binaries.ts';
import { commitFiles, gitUrl, readWorkTree } from './flux.ts';
import { writeAdminTokenFile, writeServiceAccountKeys } from './certs.ts';
import { stackEntries, stackPaths } from './layout.ts';
import { freePort, killProcessGroup } from './processes.ts';
import { loadScenario } from './scenarios.ts';
import {
  applyBothSides,
  describeSwitch,
  switchScenario,
  type ScenarioSwitch,
} from './scenarioSwitch.ts';
import {
  startKubernetes,
  startTemporal,
  type RecordStarted,
} from './servers.ts';
import {
  liveProcesses,
  processNames,
  readState,
  writeState,
  type ProcessName,
  type StackState,
} from './state.ts';
import { demoNamespace } from './temporalDemo.ts';
import { timed } from './timing.ts';

/** Options of {@link startStack}. */
export interface StartStackOptions {
  /** The stack folder (created if missing); state, data, certificates, logs and kubeconfigs go here. */
  dir: string;
  /** The scenario of examples/cluster to apply first (default `healthy`). */
  scenario?: string;
  /** Whether to run the Temporal dev server and demo worker (default true). */
  temporal?: boolean;
  /**
   * Whether controllers run (default true): kube-controller-manager, kube-scheduler and kwok's
   * simulated nodes, so workloads make their pods and actions have outcomes. Without them every
   * object, status included, is what the scenario's files say.
   */
  controllers?: boolean;
  /** Receives progress lines (default: none). */
  log?: (line: string) => void;
}

/** A running stack. */
export interface Stack {
  dir: string;
  /** https://127.0.0.1:PORT */
  kubeApiUrl: string;
  adminKubeconfigPath: string;
  /** ServiceAccount platform-services-viewer: ClusterRole platform-services-read only. */
  viewerKubeconfigPath: string;
  /** ServiceAccount platform-services-operator: platform-services-read and platform-services-act. */
  operatorKubeconfigPath: string;
  /** 127.0.0.1:PORT, or undefined when started without Temporal. */
  temporalAddress: string | undefined;
  temporalNamespace: string | undefined;
  /** The scenario applied last. */
  readonly scenario: string;
  /** Milliseconds per start phase. */
  timings: Record<string, number>;
  /** Switches to another scenario (see {@link switchScenario}). */
  applyScenario(name: string): Promise<ScenarioSwitch>;
  /** The stack's Git repository (http://127.0.0.1:PORT/platform.git), or undefined without controllers. */
  gitUrl: string | undefined;
  /**
   * Commits a change to the stack's Git repository, as a person pushing to the platform's GitOps
   * repository would: `edit` gets every file (path relative to the repository root, content) and
   * changes, adds or deletes entries. Resolves with the Flux revision (`main@sha1:...`). Nothing asks
   * Flux to reconcile: source-controller finds the commit on its interval (1m) or when asked. Only
   * on a stack with controllers.
   */
  commitToGit(
    message: string,
    edit: (files: Map<string, string>) => void,
  ): Promise<string>;
  /** Stops every process of the stack and waits until they are gone. */
  stop(): Promise<void>;
}

/** One process's line in {@link StackStatus}. */
export interface ProcessStatus {
  name: ProcessName;
  pid: number;
  alive: boolean;
  logPath: string;
}

/** What `yarn stack status` shows. */
export interface StackStatus {
  dir: string;
  scenario: string | undefined;
  processes: ProcessStatus[];
  ports: StackState['ports'];
  kubeApiUrl: string;
  temporalAddress: string | undefined;
  kubeconfigs: StackState['kubeconfigs'];
}

function refuseIfRunning(dir: string): void {
  const state = readState(dir);
  const live = state ? liveProcesses(state) : [];
  if (live.length > 0) {
    const pids = live.map(p => `${p.name} ${p.record.pid}`).join(', ');
    throw new Error(
      `a stack is already running in ${dir} (${pids}); stop it first with \`yarn stack down --dir ${dir}\``,
    );
  }
}

function clearStackFolder(dir: string): void {
  for (const entry of stackEntries) {
    rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

/**
 * Starts a stack in `dir`: refuses a folder whose recorded processes still run; otherwise clears the
 * stack's files there, starts etcd, kube-apiserver and (unless `temporal: false`) the Temporal dev
 * server on free loopback ports, installs tools/crds, applies examples/rbac, writes the kubeconfigs,
 * stack.json and state.json, and applies the scenario. If anything fails (or SIGINT/SIGTERM arrives)
 * every process started so far is killed.
 */
export async function startStack(options: StartStackOptions): Promise<Stack> {
  const dir = resolve(options.dir);
  const log = options.log ?? (() => {});
  const withTemporal = options.temporal ?? true;
  const reconciling = options.controllers ?? true;
  const scenario = loadScenario(options.scenario ?? 'healthy');
  const paths = stackPaths(dir);
  const timings: Record<string, number> = {};
  const startedAt = Date.now();

  mkdirSync(dir, { recursive: true });
  refuseIfRunning(dir);
  const binaries = await timed(timings, 'binaries', ensureServerBinaries);
  clearStackFolder(dir);
  mkdirSync(paths.logsDir, { recursive: true });
  mkdirSync(paths.certDir, { recursive: true });
  writeServiceAccountKeys({
    privateKey: paths.serviceAccountKey,
    publicKey: paths.serviceAccountPub,
  });
  const ports = {
    etcdClient: await freePort(),
    etcdPeer: await freePort(),
    apiserver: await freePort(),
    ...(reconciling
      ? {
          kwok: await freePort(),
          git: await freePort(),
          fluxStorage: await freePort(),
          fluxSourceMetrics: await freePort(),
          fluxSourceHealth: await freePort(),
          fluxKustomizeMetrics: await freePort(),
          fluxKustomizeHealth: await freePort(),
        }
      : {}),
    ...(withTemporal ? { temporal: await freePort() } : {}),
  };
  const state: StackState = {
    dir,
    startedAt: new Date(startedAt).toISOString(),
    temporalEnabled: withTemporal,
    reconciling,
    processes: {},
    ports,
    kubeApiUrl: `https://127.0.0.1:${ports.apiserver}`,
    temporalAddress: withTemporal ? `127.0.0.1:${ports.temporal}` : undefined,
    adminToken: writeAdminTokenFile(paths.tokenFile),
    applied: [],
    baselineWorkflowsStarted: false,
  };
  let interrupted = false;
  const started: RecordStarted = (name, record) => {
    state.processes[name] = record;
    writeState(state);
    // Started while the signal handler stops the others: stop this one too.
    if (interrupted) killProcessGroup(record.pid).catch(() => {});
    return record;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    log(`${signal}: stopping what was started`);
    stopProcesses(state).finally(() =>
      process.exit(signal === 'SIGINT' ? 130 : 143),
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  // Two independent chains: Kubernetes (etcd, apiserver, CRDs, identities, then the scenario's
  // objects) and Temporal (dev server, retention, then the worker and workflows).
  const kube = timed(timings, 'kubernetes', () =>
    startKubernetes({ state, binaries, started, timings }),
  );
  const connection = withTemporal
    ? timed(timings, 'temporal', () =>
        startTemporal({ state, temporal: binaries.temporal, started }),
      )
    : Promise.resolve(undefined);
  try {
    const switched = await applyBothSides(
      state,
      scenario,
      { kube, connection },
      log,
    );
    timings.scenarioKubernetes = switched.kubernetesMs;
    timings.scenarioTemporal = switched.temporalMs;
    log(describeSwitch(switched));
  } catch (error) {
    // After a signal the start fails because its processes die; the handler stops and exits.
    if (interrupted) return new Promise<never>(() => {});
    log(`start failed, stopping what was started: ${(error as Error).message}`);
    await stopProcesses(state);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    (await kube.catch(() => undefined))?.close();
    await (await connection.catch(() => undefined))?.close();
  }
  timings.total = Date.now() - startedAt;
  return stackHandle(state, timings);
}

function stackHandle(
  state: StackState,
  timings: Record<string, number>,
): Stack {
  const kubeconfigs = state.kubeconfigs!;
  let current = state.scenario!;
  return {
    dir: state.dir,
    kubeApiUrl: state.kubeApiUrl,
    adminKubeconfigPath: kubeconfigs.admin,
    viewerKubeconfigPath: kubeconfigs.viewer,
    operatorKubeconfigPath: kubeconfigs.operator,
    temporalAddress: state.temporalAddress,
    temporalNamespace: state.temporalEnabled ? demoNamespace : undefined,
    get scenario() {
      return current;
    },
    timings,
    async applyScenario(name: string) {
      const result = await switchScenario(state.dir, name);
      current = result.scenario;
      return result;
    },
    gitUrl: state.reconciling ? gitUrl(state) : undefined,
    async commitToGit(message, edit) {
      if (!state.reconciling) {
        throw new Error(
          'commitToGit: this stack runs no controllers and has no Git repository',
        );
      }
      const files = readWorkTree(state.dir);
      edit(files);
      const { revision } = await commitFiles(state.dir, files, message);
      return revision;
    },
    async stop() {
      await stopStack(state.dir);
    },
  };
}

/** Kills the recorded processes that still run: worker, Temporal, the controllers and the API server, then etcd. */
async function stopProcesses(state: StackState): Promise<ProcessStatus[]> {
  const live = liveProcesses(state);
  const stop = (names: ProcessName[]) =>
    Promise.all(
      live
        .filter(p => names.includes(p.name))
        .map(p => killProcessGroup(p.record.pid)),
    );
  await stop([
    'worker',
    'temporal',
    'kustomize-controller',
    'source-controller',
    'git',
    'kwok',
    'scheduler',
    'controller-manager',
    'apiserver',
  ]);
  await stop(['etcd']);
  return live.map(p => ({
    name: p.name,
    pid: p.record.pid,
    alive: false,
    logPath: p.record.logPath,
  }));
}

/**
 * Stops the stack in `dir`: kills each recorded process group that still runs and waits until it is
 * gone. Returns the processes it stopped; a folder with no stack is fine.
 */
export async function stopStack(dir: string): Promise<ProcessStatus[]> {
  const state = readState(resolve(dir));
  return state ? stopProcesses(state) : [];
}

/** The state of the stack in `dir`, or undefined when the folder has none. */
export function stackStatus(dir: string): StackStatus | undefined {
  const state = readState(resolve(dir));
  if (!state) return undefined;
  const live = new Set(liveProcesses(state).map(p => p.name));
  return {
    dir: state.dir,
    scenario: state.scenario,
    processes: processNames.flatMap(name => {
      const record = state.processes[name];
      return record
        ? [
            {
              name,
              pid: record.pid,
              alive: live.has(name),
              logPath: record.logPath,
            },
          ]
        : [];
    }),
    ports: state.ports,
    kubeApiUrl: state.kubeApiUrl,
    temporalAddress: state.temporalAddress,
    kubeconfigs: state.kubeconfigs,
  };
}
