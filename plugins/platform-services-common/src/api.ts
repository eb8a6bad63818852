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
