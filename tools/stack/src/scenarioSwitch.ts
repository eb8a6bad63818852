/*
 * Switching a running stack to a scenario: the Kubernetes side (objects applied, the previous
 * scenario's extra objects deleted) and the Temporal side (demo worker started or stopped, workflows
 * started), in parallel, then recorded in state.json and stack.json.
 */
import { resolve } from 'node:path';
import type { Connection } from '@temporalio/client';
import type { KubeRest } from './kube.ts';
import { stackPaths } from './layout.ts';
import {
  commitFiles,
  repositoryFiles,
  requestReconcile,
  waitForFlux,
  withLocalSource,
} from './flux.ts';
import {
  applyFaultsAndSettle,
  clearFaults,
  forControllers,
} from './reconciling.ts';
import { applyScenarioObjects } from './scenarioObjects.ts';
import { loadScenario, type Scenario } from './scenarios.ts';
import { adminClient } from './servers.ts';
import {
  isRecordedProcessAlive,
  liveProcesses,
  readState,
  requiredProcesses,
  writeState,
  writeSummary,
  type StackState,
} from './state.ts';
import {
  connectWhenReady,
  demoNamespace,
  startBaselineWorkflows,
  startDemoWorker,
  startScenarioWorkflows,
  stopDemoWorker,
} from './temporalDemo.ts';
import { measured } from './timing.ts';

/** What a scenario switch did and how long it took. */
export interface ScenarioSwitch {
  scenario: string;
  applied: number;
  deleted: number;
  worker: 'running' | 'stopped' | 'none';
  workflowsStarted: number;
  kubernetesMs: number;
  temporalMs: number;
  totalMs: number;
  /** Objects new or changed since the previous scenario (their times are written relative to now). */
  changed: number;
}

/** Waits for all, then rejects with the first failure (so nothing is left half-started behind us). */
async function allSettledOrThrow<T extends readonly unknown[]>(promises: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find(r => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map(
    r => (r as PromiseFulfilledResult<unknown>).value,
  ) as unknown as T;
}

/**
 * The Kubernetes side of a scenario: its objects applied, the previous scenario's extra ones
 * deleted. With controllers, only what they do not make is written, the pods that carry a fault
 * this scenario does not want are replaced, its faults are put on its pods, and the switch returns
 * once the cluster has settled.
 */
async function applyKubernetesSide(
  state: StackState,
  scenario: Scenario,
  kube: KubeRest,
  log: (line: string) => void,
): Promise<{ applied: number; deleted: number; changed: number }> {
  kube.takeWarnings();
  const written = state.reconciling
    ? {
        ...scenario,
        objects: withLocalSource(state, forControllers(scenario.objects)),
      }
    : scenario;
  let revision: string | undefined;
  if (state.reconciling) {
    // The scenario is a commit: what Flux applies comes from Git.
    const commit = await commitFiles(
      state.dir,
      repositoryFiles(written.objects),
      `scenario ${scenario.name}`,
    );
    revision = commit.revision;
    const replaced = await clearFaults(kube, scenario.faults);
    if (replaced > 0) log(`replaced ${replaced} pods that carried a fault`);
  }
  const result = await applyScenarioObjects(kube, written, state.applied);
  state.applied = [...result.applied, ...result.kept];
  writeState(state);
  if (state.reconciling) {
    await requestReconcile(kube);
    await applyFaultsAndSettle(kube, scenario, written.objects);
    const reconciling = await waitForFlux(kube, revision!);
    if (reconciling.length > 0) {
      log(`Flux is still reconciling ${revision}: ${reconciling.join(', ')}`);
    }
  }
  const warnings = Map.groupBy(kube.takeWarnings(), w => w.text);
  for (const [text, requests] of warnings) {
    log(`API server warning (${requests.length} objects): ${text}`);
  }
  for (const ref of result.kept) {
    log(
      `kept ${ref.kind} ${ref.name}: namespaces are never deleted (no namespace controller)`,
    );
  }
  return {
    applied: result.applied.length,
    deleted: result.deleted.length,
    changed: result.changed,
  };
}

/**
 * The Temporal side of a scenario: the demo worker started or stopped, the baseline workflows
 * started once per stack, then the scenario's own workflows (after a stop, so they stay queued).
 */
async function applyTemporalSide(
  state: StackState,
  scenario: Scenario,
  connection: Connection | undefined,
): Promise<{ worker: ScenarioSwitch['worker']; workflowsStarted: number }> {
  if (!connection || !state.temporalAddress) {
    return { worker: 'none', workflowsStarted: 0 };
  }
  const worker = state.processes.worker;
  const running = worker !== undefined && isRecordedProcessAlive(worker);
  if (scenario.temporal.worker === 'running' && !running) {
    await startDemoWorker({
      connection,
      address: state.temporalAddress,
      logPath: stackPaths(state.dir).log('worker'),
      spawned: record => {
        state.processes.worker = record;
        writeState(state);
      },
    });
  } else if (scenario.temporal.worker === 'stopped' && worker) {
    await stopDemoWorker(connection, worker);
    delete state.processes.worker;
    writeState(state);
  }
  let workflowsStarted = 0;
  if (!state.baselineWorkflowsStarted) {
    workflowsStarted += await startBaselineWorkflows(connection);
    state.baselineWorkflowsStarted = true;
    writeState(state);
  }
  await startScenarioWorkflows(
    connection,
    scenario.name,
    scenario.temporal.startWorkflows,
  );
  workflowsStarted += scenario.temporal.startWorkflows;
  return { worker: scenario.temporal.worker, workflowsStarted };
}

/** Records `scenario` as the stack's current one in state.json and stack.json. */
function recordScenario(state: StackState, scenario: string): void {
  state.scenario = scenario;
  writeState(state);
  writeSummary(state.dir, {
    kubeApiUrl: state.kubeApiUrl,
    kubeconfigs: state.kubeconfigs!,
    temporalAddress: state.temporalAddress ?? null,
    temporalNamespace: state.temporalEnabled ? demoNamespace : null,
    scenario,
  });
}

/** Both sides of a scenario, measured; they run in parallel (they share nothing). */
export async function applyBothSides(
  state: StackState,
  scenario: Scenario,
  clients: {
    kube: Promise<KubeRest>;
    connection: Promise<Connection | undefined>;
  },
  log: (line: string) => void,
): Promise<ScenarioSwitch> {
  const start = Date.now();
  const [kubernetes, temporal] = await allSettledOrThrow([
    clients.kube.then(kube =>
      measured(() => applyKubernetesSide(state, scenario, kube, log)),
    ),
    clients.connection.then(connection =>
      measured(() => applyTemporalSide(state, scenario, connection)),
    ),
  ]);
  recordScenario(state, scenario.name);
  return {
    scenario: scenario.name,
    ...kubernetes.value,
    ...temporal.value,
    kubernetesMs: kubernetes.ms,
    temporalMs: temporal.ms,
    totalMs: Date.now() - start,
  };
}

function requireRunningState(dir: string): StackState {
  const state = readState(dir);
  if (!state) {
    throw new Error(
      `no stack in ${dir} (no state.json); start one with \`yarn stack up --dir ${dir}\``,
    );
  }
  const live = new Set(liveProcesses(state).map(p => p.name));
  const needed = requiredProcesses(state);
  const dead = needed.filter(name => !live.has(name));
  if (dead.length > 0) {
    const notAlive = dead.join(', ');
    const again = `yarn stack down --dir ${dir} && yarn stack up --dir ${dir}`;
    throw new Error(
      `the stack in ${dir} is not running (${notAlive} not alive); start it again with \`${again}\``,
    );
  }
  return state;
}

/**
 * Switches the running stack in `dir` to scenario `name`: applies its objects, deletes the objects of
 * the previous scenario that it lacks, starts or stops the demo worker and starts its workflows.
 */
export async function switchScenario(
  dir: string,
  name: string,
  log: (line: string) => void = () => {},
): Promise<ScenarioSwitch> {
  const scenario = loadScenario(name); // an unknown name fails before anything changes
  const state = requireRunningState(resolve(dir));
  const kube = adminClient(state);
  let connection: Connection | undefined;
  try {
    if (state.temporalEnabled && state.temporalAddress) {
      connection = await connectWhenReady(state.temporalAddress, {
        timeoutMs: 15_000,
        server: state.processes.temporal,
      });
    }
    return await applyBothSides(
      state,
      scenario,
      { kube: Promise.resolve(kube), connection: Promise.resolve(connection) },
      log,
    );
  } finally {
    kube.close();
    await connection?.close();
  }
}

/** One line about a scenario switch. */
export function describeSwitch(result: ScenarioSwitch): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const { applied, changed, deleted, worker, workflowsStarted } = result;
  return [
    `scenario ${result.scenario}:`,
    `${applied} objects applied (${changed} changed), ${deleted} deleted`,
    `in ${s(result.kubernetesMs)};`,
    `worker ${worker}, ${workflowsStarted} workflows started`,
    `in ${s(result.temporalMs)}; total ${s(result.totalMs)}`,
  ].join(' ');
}
