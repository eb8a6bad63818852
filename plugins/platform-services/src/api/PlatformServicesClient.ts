import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CatalogStatusResponse,
  HealthChangedEvent,
  HealthSummaryResponse,
  RunbookPlansResponse,
  RunRecord,
  RunRequest,
  RunsResponse,
  ServiceDetail,
  ServiceHealthResponse,
  ServicesResponse,
} from '@platform-services/plugin-platform-services-common';
import { readServerSentEvents } from './serverSentEvents';
import { PlatformServicesApi, TemporalStateResponse } from './PlatformServicesApi';

/** `?a=1&b=2` of the values that are set, or the empty string. */
function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

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

  getRunbookPlans(name: string, environment: string): Promise<RunbookPlansResponse> {
    return this.get(
      `/services/${encodeURIComponent(name)}/runbooks/plans${query({ environment })}`,
    );
  }

  startRun(name: string, request: RunRequest): Promise<RunRecord> {
    return this.send(`/services/${encodeURIComponent(name)}/runs`, 'POST', request);
  }

  getRuns(name: string, environment?: string, limit?: number): Promise<RunsResponse> {
    return this.get(`/services/${encodeURIComponent(name)}/runs${query({ environment, limit })}`);
  }

  getRun(name: string, runId: string): Promise<RunRecord> {
    return this.get(
      `/services/${encodeURIComponent(name)}/runs/${encodeURIComponent(runId)}`,
    );
  }

  async getTemporal(
    name: string,
    environment: string,
  ): Promise<TemporalStateResponse | undefined> {
    try {
      return await this.get<TemporalStateResponse>(
        `/services/${encodeURIComponent(name)}/temporal${query({ environment })}`,
      );
    } catch (error) {
      if (ResponseError.is(error) && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl(
      'platform-services',
    );
    const res = await this.deps.fetchApi.fetch(`${baseUrl}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  private async send<T>(path: string, method: 'POST', body: unknown): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('platform-services');
    const res = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
