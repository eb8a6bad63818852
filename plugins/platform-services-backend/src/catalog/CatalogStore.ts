import { CatalogProblem } from '@platform-services/plugin-platform-services-common';

/** A catalog file that was accepted, as stored. */
export interface StoredCatalog {
  revision: string;
  content: string;
  location: string;
  acceptedAt: string;
  problems: CatalogProblem[];
}

/** One attempt to read the catalog file. */
export interface StoredAttempt {
  at: string;
  location: string;
  ok: boolean;
  unchanged: boolean;
  problems: CatalogProblem[];
}

/** Keeps the accepted catalog and the last attempt across restarts. */
export interface CatalogStore {
  getAccepted(): Promise<StoredCatalog | undefined>;
  /** The accepted revision, without reading the content. */
  getAcceptedRevision(): Promise<string | undefined>;
  /** Stores a newly accepted catalog and the attempt that accepted it together. */
  accept(catalog: StoredCatalog, attempt: StoredAttempt): Promise<void>;
  recordAttempt(attempt: StoredAttempt): Promise<void>;
  getLastAttempt(): Promise<StoredAttempt | undefined>;
}
