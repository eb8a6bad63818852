import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CatalogStatusResponse,
  HealthChangedEvent,
  HealthSummaryResponse,
  ServiceDetail,
  ServiceHealthResponse,
  ServicesResponse,
} from '@platform-services/plugin-platform-services-common';
import { readServerSentEvents } from './serverSentEvents';
import { PlatformServicesApi } from './PlatformServicesApi';

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

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

  getServiceHealth(name: string, environment?: string): Promise<ServiceHealthResponse> {
    return this.get(
      `/services/${encodeURIComponent(name)}/health${environment ? `?environment=${encodeURIComponent(environment)}` : ''}`,
    );
  }

  getHealthSummary(environment?: string): Promise<HealthSummaryResponse> {
    return this.get(
      `/health${environment ? `?environment=${encodeURIComponent(environment)}` : ''}`,
    );
  }

  subscribeToHealth(onEvent: (event: HealthChangedEvent) => void): () => void {
    const controller = new AbortController();
    let delay = 1000;
    const connect = async () => {
      while (!controller.signal.aborted) {
        try {
          const baseUrl = await this.deps.discoveryApi.getBaseUrl('platform-services');
          const res = await this.deps.fetchApi.fetch(`${baseUrl}/events`, {
            headers: { Accept: 'text/event-stream' },
            signal: controller.signal,
          });
          if (!res.ok || !res.body) throw await ResponseError.fromResponse(res);
          delay = 1000;
          for await (const message of readServerSentEvents(res.body)) {
            if (message.event === 'health-changed') {
              onEvent(JSON.parse(message.data) as HealthChangedEvent);
            }
          }
        } catch {
          if (controller.signal.aborted) return;
        }
        await sleep(delay);
        delay = Math.min(delay * 2, 30_000);
      }
    };
    void connect();
    return () => controller.abort();
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
