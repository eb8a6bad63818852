import { createApiRef } from '@backstage/core-plugin-api';
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
  TemporalProbeResult,
} from '@platform-services/plugin-platform-services-common';

/**
 * `GET /api/platform-services/services/:name/temporal`: the last probe of the
 * service's Temporal server, or `pending` until the first one finishes.
 *
 * @public
 */
export type TemporalStateResponse =
  | { state: 'probed'; result: TemporalProbeResult }
  | { state: 'pending' };

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
  /** What the caller may run of each runbook step of a service, in one environment. */
  getRunbookPlans(name: string, environment: string): Promise<RunbookPlansResponse>;
  /**
   * Previews an action, runs a diagnostic or carries out a previewed action.
   * Sending the same `runId` again never runs the step twice.
   */
  startRun(name: string, request: RunRequest): Promise<RunRecord>;
  /** The service's runs, newest first; `environment` narrows them to one. */
  getRuns(name: string, environment?: string, limit?: number): Promise<RunsResponse>;
  /** One run, to follow its progress while its outcome is `running`. */
  getRun(name: string, runId: string): Promise<RunRecord>;
  /**
   * The Temporal server of a service in one environment; undefined when none
   * is configured for it.
   */
  getTemporal(name: string, environment: string): Promise<TemporalStateResponse | undefined>;
}

/** @public */
export const platformServicesApiRef = createApiRef<PlatformServicesApi>({
  id: 'plugin.platform-services.service',
});
