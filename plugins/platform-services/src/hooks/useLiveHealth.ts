import { useApi } from '@backstage/core-plugin-api';
import { HealthChangedEvent } from '@platform-services/plugin-platform-services-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { platformServicesApiRef } from '../api';

interface LiveState<T> {
  value?: T;
  error?: Error;
  loading: boolean;
  retry: () => void;
}

/**
 * Loads `load()` and loads it again whenever the backend pushes a change that
 * `affects` says is relevant, so an open page follows the cluster without a
 * reload. A failed reload keeps showing the last answer next to the error.
 */
export function useLiveQuery<T>(
  load: () => Promise<T>,
  affects: (event: HealthChangedEvent) => boolean,
  deps: unknown[],
): LiveState<T> {
  const api = useApi(platformServicesApiRef);
  const [state, setState] = useState<{ value?: T; error?: Error; loading: boolean }>({
    loading: true,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const affectsRef = useRef(affects);
  affectsRef.current = affects;
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState(s => ({ ...s, loading: true }));
    loadRef.current().then(
      value => {
        if (mine === generation.current) setState({ value, loading: false });
      },
      error => {
        if (mine === generation.current) setState(s => ({ value: s.value, error, loading: false }));
      },
    );
  }, []);

  useEffect(() => {
    setState({ loading: true });
    reload();
    return api.subscribeToHealth(event => {
      if (affectsRef.current(event)) reload();
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, reload, ...deps]);

  return { ...state, retry: reload };
}

/** The live health of one service in one environment. */
export function useServiceHealth(name: string, environment?: string, upstream: string[] = []) {
  const api = useApi(platformServicesApiRef);
  return useLiveQuery(
    () => api.getServiceHealth(name, environment),
    e =>
      (!environment || e.environment === environment) &&
      e.services.some(s => s === name || upstream.includes(s)),
    [name, environment, upstream.join(',')],
  );
}

/** The live health of every service in one environment. */
export function useHealthSummary(environment?: string) {
  const api = useApi(platformServicesApiRef);
  return useLiveQuery(
    () => api.getHealthSummary(environment),
    e => !environment || e.environment === environment,
    [environment],
  );
}
