import { createApiRef } from '@backstage/core-plugin-api';
import {
  CatalogStatusResponse,
  ServiceDetail,
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
}

/** @public */
export const platformServicesApiRef = createApiRef<PlatformServicesApi>({
  id: 'plugin.platform-services.service',
});
