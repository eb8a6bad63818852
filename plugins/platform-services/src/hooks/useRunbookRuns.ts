import { useApi } from '@backstage/core-plugin-api';
import {
  RunbookPlansResponse,
  RunRecord,
  ServiceDetail,
  StepAvailability,
} from '@platform-services/plugin-platform-services-common';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformServicesApiRef } from '../api';
import { emitRunsChanged, newRunId } from './runEvents';

/** How long to wait between two reads of a running run. */
const DEFAULT_POLL_INTERVAL_MS = 1000;

/**
 * One step's run as the page follows it. A run of an action goes through
 * `preview` (dry run, nothing changes), then `run` with the same `runId`,
 * then `poll` until its outcome is no longer `running`.
 */
export interface StepRunState {
  runId: string;
  environment: string;
  runbookId: string;
  stepIndex: number;
  /** What the page is waiting for; absent when it waits for nothing. */
  pending?: 'preview' | 'run' | 'poll';
  /** The run as the backend last described it. */
  record?: RunRecord;
  /** Why the last request failed. */
  error?: Error;
  /** Set while following a run fails; following goes on. */
  pollError?: Error;
}

/** Everything the step controls need, from {@link useRunbookRuns}. */
export interface RunbookRuns {
  service: string;
  environment: string;
  plans?: RunbookPlansResponse;
  loading: boolean;
  /** Why the plans could not be loaded. */
  error?: Error;
  retry(): void;
  /** What the caller may do with a step in this environment, once known. */
  availability(
    runbookId: string,
    stepIndex: number,
  ): StepAvailability | undefined;
  /** The step's latest run from this page, in this environment. */
  stateOf(runbookId: string, stepIndex: number): StepRunState | undefined;
  /** Runs a diagnostic step now, with a fresh run id. */
  runDiagnostic(runbookId: string, stepIndex: number): Promise<void>;
  /** Starts an action's dry run, with a fresh run id. */
  previewAction(runbookId: string, stepIndex: number): Promise<void>;
  /** Carries out the previewed action: the same run id, the confirmation typed. */
  runAction(
    runbookId: string,
    stepIndex: number,
    confirmation: string,
  ): Promise<void>;
  /** Forgets the step's run on the page (the history keeps it). */
  dismiss(runbookId: string, stepIndex: number): void;
}

function keyOf(environment: string, runbookId: string, stepIndex: number) {
  return JSON.stringify([environment, runbookId, stepIndex]);
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Runs runbook steps of one service in one environment: loads what the
 * caller may run (the backend's plans), starts runs and follows them until
 * they finish. Run state lives here rather than in the step controls, so a
 * run keeps being followed while its runbook is collapsed.
 */
export function useRunbookRuns(
  service: ServiceDetail | string,
  environment: string,
  options: { pollIntervalMs?: number } = {},
): RunbookRuns {
  const api = useApi(platformServicesApiRef);
  const name = typeof service === 'string' ? service : service.name;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;

  const plans = useAsyncRetry(
    async () =>
      environment ? api.getRunbookPlans(name, environment) : undefined,
    [api, name, environment],
  );

  const [states, setStates] = useState<Record<string, StepRunState>>({});
  const statesRef = useRef(states);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const update = useCallback(
    (
      key: string,
      change: (s: StepRunState | undefined) => StepRunState | undefined,
    ) => {
      const next = { ...statesRef.current };
      const value = change(next[key]);
      if (value) next[key] = value;
      else delete next[key];
      statesRef.current = next;
      if (mounted.current) setStates(next);
    },
    [],
  );

  /** Changes the step's state only while it still follows `runId`. */
  const updateRun = useCallback(
    (key: string, runId: string, change: Partial<StepRunState>) =>
      update(key, s => (s && s.runId === runId ? { ...s, ...change } : s)),
    [update],
  );

  const follow = useCallback(
    async (key: string, record: RunRecord) => {
      let current = record;
      while (current.outcome === 'running' && mounted.current) {
        await sleep(pollIntervalMs);
        if (!mounted.current || statesRef.current[key]?.runId !== record.runId)
          return;
        try {
          current = await api.getRun(name, record.runId);
          updateRun(key, record.runId, {
            record: current,
            pollError: undefined,
          });
        } catch (e) {
          updateRun(key, record.runId, { pollError: e as Error });
        }
      }
      updateRun(key, record.runId, { pending: undefined });
      emitRunsChanged(name);
    },
    [api, name, pollIntervalMs, updateRun],
  );

  const start = useCallback(
    async (
      runbookId: string,
      stepIndex: number,
      mode: 'preview' | 'run',
      runId: string,
      confirmation?: string,
    ) => {
      const key = keyOf(environment, runbookId, stepIndex);
      try {
        const record = await api.startRun(name, {
          runId,
          environment,
          runbookId,
          stepIndex,
          mode,
          ...(confirmation !== undefined ? { confirmation } : {}),
        });
        if (mode === 'preview') {
          updateRun(key, runId, {
            record,
            pending: undefined,
            error: undefined,
          });
          return;
        }
        updateRun(key, runId, {
          record,
          error: undefined,
          pending: record.outcome === 'running' ? 'poll' : undefined,
        });
        emitRunsChanged(name);
        if (record.outcome === 'running') await follow(key, record);
      } catch (e) {
        updateRun(key, runId, { pending: undefined, error: e as Error });
        if (mode === 'run') emitRunsChanged(name);
      }
    },
    [api, name, environment, follow, updateRun],
  );

  // A new run of a step: a diagnostic, or an action's dry run; none while
  // one is pending.
  const startNew = useCallback(
    async (runbookId: string, stepIndex: number, mode: 'preview' | 'run') => {
      const key = keyOf(environment, runbookId, stepIndex);
      if (statesRef.current[key]?.pending) return;
      const runId = newRunId();
      update(key, () => ({
        runId,
        environment,
        runbookId,
        stepIndex,
        pending: mode,
      }));
      await start(runbookId, stepIndex, mode, runId);
    },
    [environment, start, update],
  );

  const runDiagnostic = useCallback(
    (runbookId: string, stepIndex: number) =>
      startNew(runbookId, stepIndex, 'run'),
    [startNew],
  );

  const previewAction = useCallback(
    (runbookId: string, stepIndex: number) =>
      startNew(runbookId, stepIndex, 'preview'),
    [startNew],
  );

  const runAction = useCallback(
    async (runbookId: string, stepIndex: number, confirmation: string) => {
      const key = keyOf(environment, runbookId, stepIndex);
      const state = statesRef.current[key];
      // Only a previewed run may be carried out, and only once at a time;
      // the backend also never runs the same run id twice.
      if (!state || state.pending || state.record?.outcome !== 'previewed')
        return;
      update(key, s => s && { ...s, pending: 'run', error: undefined });
      await start(runbookId, stepIndex, 'run', state.runId, confirmation);
    },
    [environment, start, update],
  );

  const dismiss = useCallback(
    (runbookId: string, stepIndex: number) => {
      const key = keyOf(environment, runbookId, stepIndex);
      // A run being started or followed stays: it finishes whether shown or not.
      const pending = statesRef.current[key]?.pending;
      if (pending === 'run' || pending === 'poll') return;
      update(key, () => undefined);
    },
    [environment, update],
  );

  // While another environment's plans load, the previous ones do not apply.
  const currentPlans =
    plans.value && plans.value.environment === environment
      ? plans.value
      : undefined;

  const availabilities = useMemo(() => {
    const map = new Map<string, StepAvailability>();
    for (const runbook of currentPlans?.runbooks ?? []) {
      for (const step of runbook.steps) {
        map.set(JSON.stringify([runbook.runbookId, step.stepIndex]), step);
      }
    }
    return map;
  }, [currentPlans]);

  return {
    service: name,
    environment,
    plans: currentPlans,
    loading: plans.loading,
    error: plans.error,
    retry: plans.retry,
    availability: (runbookId, stepIndex) =>
      availabilities.get(JSON.stringify([runbookId, stepIndex])),
    stateOf: (runbookId, stepIndex) =>
      states[keyOf(environment, runbookId, stepIndex)],
    runDiagnostic,
    previewAction,
    runAction,
    dismiss,
  };
}
