import { useApi } from '@backstage/core-plugin-api';
import { useEffect } from 'react';
import { platformServicesApiRef, TemporalStateResponse } from '../api';
import { useLiveQuery } from './useLiveHealth';

/** The Temporal state of one service, from {@link useTemporalProbe}. */
export interface TemporalProbeState {
  /** Undefined until loaded, and once loaded when no server is configured. */
  value?: TemporalStateResponse;
  error?: Error;
  loading: boolean;
  retry: () => void;
}

/**
 * The last probe of a service's Temporal server in one environment: loaded
 * again every `refreshMs` (15 s), every few seconds until the first probe is
 * in, and whenever the health channel says the service changed. `value` is
 * undefined once loaded when no Temporal server is configured for it.
 */
export function useTemporalProbe(
  service: string,
  environment: string,
  options: { refreshMs?: number; pendingRefreshMs?: number } = {},
): TemporalProbeState {
  const api = useApi(platformServicesApiRef);
  const refreshMs = options.refreshMs ?? 15_000;
  const pendingRefreshMs = options.pendingRefreshMs ?? 3_000;
  const query = useLiveQuery(
    () => api.getTemporal(service, environment),
    e => e.environment === environment && e.services.includes(service),
    [service, environment],
  );
  const configured = query.value !== undefined;
  const pending = query.value?.state === 'pending';
  const { retry } = query;
  useEffect(() => {
    // Nothing to follow once the backend said no server is configured.
    if (!configured && !query.error) return undefined;
    const timer = setInterval(retry, pending ? pendingRefreshMs : refreshMs);
    return () => clearInterval(timer);
  }, [configured, pending, retry, refreshMs, pendingRefreshMs, query.error]);
  return query;
}
