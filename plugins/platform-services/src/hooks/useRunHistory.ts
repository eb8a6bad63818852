import { useApi } from '@backstage/core-plugin-api';
import { RunRecord } from '@platform-services/plugin-platform-services-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { platformServicesApiRef } from '../api';
import { onRunsChanged } from './runEvents';

/** The run history of a service, from {@link useRunHistory}. */
export interface RunHistory {
  /** Newest first. */
  runs?: RunRecord[];
  loading: boolean;
  /** Why the last load failed; the previous runs stay shown. */
  error?: Error;
  refresh(): void;
}

/**
 * The runs of one service in one environment, newest first. Loads again when
 * this page starts or finishes a run, and every few seconds while a run is
 * still running (someone else's included).
 */
export function useRunHistory(
  service: string,
  environment?: string,
  options: { limit?: number; pollIntervalMs?: number } = {},
): RunHistory {
  const api = useApi(platformServicesApiRef);
  const limit = options.limit ?? 50;
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  const [state, setState] = useState<{
    runs?: RunRecord[];
    error?: Error;
    loading: boolean;
  }>({
    loading: true,
  });
  const generation = useRef(0);

  const refresh = useCallback(() => {
    const mine = ++generation.current;
    setState(s => ({ ...s, loading: true }));
    api.getRuns(service, environment, limit).then(
      response => {
        if (mine !== generation.current) return;
        const runs = [...response.runs].sort((a, b) =>
          b.requestedAt.localeCompare(a.requestedAt),
        );
        setState({ runs, loading: false });
      },
      error => {
        if (mine === generation.current) {
          setState(s => ({ runs: s.runs, error, loading: false }));
        }
      },
    );
  }, [api, service, environment, limit]);

  useEffect(() => {
    setState({ loading: true });
    refresh();
    const unsubscribe = onRunsChanged(changed => {
      if (changed === service) refresh();
    });
    // The next query's refresh makes the answers of this one stale.
    return unsubscribe;
  }, [refresh, service]);

  const running = state.runs?.some(r => r.outcome === 'running') ?? false;
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(refresh, pollIntervalMs);
    return () => clearInterval(timer);
  }, [running, refresh, pollIntervalMs]);

  return { ...state, refresh };
}
