/*
 * What a stack folder records: state.json (processes, ports, credentials, what the current scenario
 * applied) for the stack's own commands, and stack.json (addresses and kubeconfigs) for its users.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Kubeconfigs } from './identities.ts';
import type { AppliedObject } from './scenarioObjects.ts';
import { stackPaths } from './layout.ts';
import { isAlive, type ProcessRecord } from './processes.ts';

/** The processes only a stack with controllers runs, in start order. */
const controllerProcessNames = [
  'controller-manager',
  'scheduler',
  'kwok',
  'git',
  'source-controller',
  'kustomize-controller',
] as const;

/** The stack's processes, in start order. */
export const processNames = [
  'etcd',
  'apiserver',
  ...controllerProcessNames,
  'temporal',
  'worker',
] as const;
export type ProcessName = (typeof processNames)[number];

/** The processes only a stack with controllers runs. */
export const controllerProcesses: readonly ProcessName[] =
  controllerProcessNames;

/** The processes a running stack must have (the worker runs or not, as the scenario says). */
export function requiredProcesses(state: StackState): ProcessName[] {
  return processNames.filter(
    name =>
      name !== 'worker' &&
      (state.reconciling || !controllerProcesses.includes(name)) &&
      (state.temporalEnabled || name !== 'temporal'),
  );
}

/** state.json. */
export interface StackState {
  dir: string;
  startedAt: string;
  /** The scenario last applied completely; undefined while the first one is applied. */
  scenario?: string;
  temporalEnabled: boolean;
  /**
   * Whether controllers run (kube-controller-manager, kube-scheduler, kwok, Flux's source-controller
   * and kustomize-controller with the stack's Git server): then Pods, ReplicaSets, Endpoints, the
   * status of workloads and of Flux's Kustomizations come from them, not from the scenario's files.
   */
  reconciling: boolean;
  processes: Partial<Record<ProcessName, ProcessRecord>>;
  ports: {
    etcdClient: number;
    etcdPeer: number;
    apiserver: number;
    temporal?: number;
    kwok?: number;
    git?: number;
    fluxStorage?: number;
    fluxSourceMetrics?: number;
    fluxSourceHealth?: number;
    fluxKustomizeMetrics?: number;
    fluxKustomizeHealth?: number;
  };
  kubeApiUrl: string;
  temporalAddress?: string;
  /** The admin's static token (also in certs/tokens.csv and kubeconfig-admin.yaml). */
  adminToken: string;
  kubeconfigs?: Kubeconfigs;
  /** Every object the current scenario applied, so the next one can delete what it lacks. */
  applied: AppliedObject[];
  baselineWorkflowsStarted: boolean;
}

/** stack.json: how to reach the stack. */
export interface StackSummary {
  kubeApiUrl: string;
  kubeconfigs: Kubeconfigs;
  temporalAddress: string | null;
  temporalNamespace: string | null;
  scenario: string;
}

export function readState(dir: string): StackState | undefined {
  const path = stackPaths(dir).state;
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StackState;
  } catch (error) {
    throw new Error(
      `${path} is not valid JSON (${(error as Error).message}); remove it`,
    );
  }
}

export function writeState(state: StackState): void {
  writeFileSync(
    stackPaths(state.dir).state,
    `${JSON.stringify(state, null, 2)}\n`,
    {
      mode: 0o600,
    },
  );
}

export function writeSummary(dir: string, summary: StackSummary): void {
  writeFileSync(
    stackPaths(dir).summary,
    `${JSON.stringify(summary, null, 2)}\n`,
  );
}

/**
 * Whether the recorded process still runs. On Linux its command line must also still match, so a
 * pid reused after a reboot is not mistaken for (or killed as) ours.
 */
export function isRecordedProcessAlive(record: ProcessRecord): boolean {
  if (!isAlive(record.pid)) return false;
  const cmdline = `/proc/${record.pid}/cmdline`;
  if (!existsSync(cmdline)) return true;
  try {
    const argv0 = readFileSync(cmdline, 'utf8').split('\0')[0];
    return argv0 === record.command[0];
  } catch {
    return false;
  }
}

/** The recorded processes that still run. */
export function liveProcesses(
  state: StackState,
): Array<{ name: ProcessName; record: ProcessRecord }> {
  return processNames.flatMap(name => {
    const record = state.processes[name];
    return record && isRecordedProcessAlive(record) ? [{ name, record }] : [];
  });
}
