import { CatalogProblem } from './catalog/validate';
import { CatalogProvenance, ServiceSummary } from './catalog/model';

/** `GET /api/platform-services/services`. @public */
export interface ServicesResponse {
  catalog: CatalogProvenance | null;
  services: ServiceSummary[];
}

/** The catalog in force, as `GET /api/platform-services/catalog` reports it. @public */
export interface AcceptedCatalogInfo extends CatalogProvenance {
  /** Hash of the accepted file's content; changes whenever the file does. */
  revision: string;
  serviceCount: number;
  acceptedAt: string;
  /** The path or URL it was read from. */
  location: string;
  /** Warnings found when it was accepted. */
  problems: CatalogProblem[];
}

/** The last time the plugin read the catalog file. @public */
export interface CatalogAttempt {
  at: string;
  location: string;
  ok: boolean;
  /** True when the file had the same content as the accepted one. */
  unchanged: boolean;
  problems: CatalogProblem[];
}

/** `GET /api/platform-services/catalog`. @public */
export interface CatalogStatusResponse {
  accepted: AcceptedCatalogInfo | null;
  lastAttempt: CatalogAttempt | null;
}

/** How fresh an answer served from a cluster's watch cache is. @public */
export interface Freshness {
  /** The cluster that serves the environment; null when none is configured. */
  cluster: string | null;
  connected: boolean;
  /** Since when the cache is connected, or since when it is not. */
  since?: string;
  /** Set while the data is stale: when it stopped being fresh. */
  staleSince?: string;
  lastError?: string;
  /** Kinds the cluster identity may not read: the answer leaves them out. */
  partial: Array<{ kind: string; namespace?: string; message: string }>;
}

/** `GET /api/platform-services/services/:name/health`. @public */
export interface ServiceHealthResponse {
  environment: string;
  environments: string[];
  freshness: Freshness;
  health: import('./health/types').ServiceHealth;
}

/** `GET /api/platform-services/health`: every service in one environment. @public */
export interface HealthSummaryResponse {
  environment: string;
  environments: string[];
  freshness: Freshness;
  services: Array<import('./health/types').ServiceHealthSummary>;
}

/** What the push channel (`GET /api/platform-services/events`) sends. @public */
export interface HealthChangedEvent {
  type: 'health-changed';
  environment: string;
  /** Services whose health answer changed. */
  services: string[];
  at: string;
}
