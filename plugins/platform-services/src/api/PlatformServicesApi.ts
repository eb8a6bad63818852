import { createApiRef } from '@backstage/core-plugin-api';
import {
  CatalogStatusResponse,
  HealthChangedEvent,
  HealthSummaryResponse,
  ServiceDetail,
  ServiceHealthResponse,
  ServicesResponse,
} from '@platform-services/plugin-platform-services-common';

/**
 * What the page needs from the platform-services backend.
 *
 * @public
 */
export interface PlatformServicesApi {
  listServices(): Promise<ServicesResponse>;
  getService(name: string): Promise<ServiceDetail>;
  getCatalogStatus(): Promise<CatalogStatusResponse>;
  /** Live health of one service; `environment` defaults to the first. */
  getServiceHealth(name: string, environment?: string): Promise<ServiceHealthResponse>;
  /** Live health of every service in one environment. */
  getHealthSummary(environment?: string): Promise<HealthSummaryResponse>;
  /**
   * Calls `onEvent` whenever the backend says health changed, until the
   * returned function is called. Reconnects by itself.
   */
  subscribeToHealth(onEvent: (event: HealthChangedEvent) => void): () => void;
}

/** @public */
export const platformServicesApiRef = createApiRef<PlatformServicesApi>({
  id: 'plugin.platform-services.service',
});
