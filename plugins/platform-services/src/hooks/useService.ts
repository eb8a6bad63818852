import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformServicesApiRef } from '../api';

/** Loads one service's whole model. */
export function useService(name: string) {
  const api = useApi(platformServicesApiRef);
  return useAsyncRetry(() => api.getService(name), [api, name]);
}

/** Loads the list of services. */
export function useServices() {
  const api = useApi(platformServicesApiRef);
  return useAsyncRetry(() => api.listServices(), [api]);
}
