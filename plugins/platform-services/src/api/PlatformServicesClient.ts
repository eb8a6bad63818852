import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CatalogStatusResponse,
  ServiceDetail,
  ServicesResponse,
} from '@platform-services/plugin-platform-services-common';
import { PlatformServicesApi } from './PlatformServicesApi';

/**
 * The platform-services backend over HTTP.
 *
 * @public
 */
export class PlatformServicesClient implements PlatformServicesApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  listServices(): Promise<ServicesResponse> {
    return this.get('/services');
  }

  getService(name: string): Promise<ServiceDetail> {
    return this.get(`/services/${encodeURIComponent(name)}`);
  }

  getCatalogStatus(): Promise<CatalogStatusResponse> {
    return this.get('/catalog');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl(
      'platform-services',
    );
    const res = await this.deps.fetchApi.fetch(`${baseUrl}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
