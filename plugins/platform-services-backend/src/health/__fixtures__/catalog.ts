import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';
import type {
  CatalogFile,
  CatalogService,
} from '@platform-services/plugin-platform-services-common';

/** examples/service-catalog.json: 20 services, temporal is the seed. */
export function exampleCatalog(): CatalogFile {
  return JSON.parse(
    readFileSync(
      resolvePackagePath(
        '@platform-services/plugin-platform-services-backend',
        '../../examples/service-catalog.json',
      ),
      'utf8',
    ),
  );
}

/** One service of the example catalog. */
export function exampleService(name: string): CatalogService {
  const service = exampleCatalog().services.find(s => s.name === name);
  if (!service) throw new Error(`no service ${name} in the example catalog`);
  return service;
}

/** The titles of the six Temporal runbooks. */
export const TEMPORAL_RUNBOOKS = {
  schema: 'Schema migration job fails on upgrade',
  frontendDb: 'Frontend pods unable to connect to PostgreSQL',
  historyOom: 'History service OOMKilled under workflow load',
  externalSecret: 'ExternalSecret not syncing credentials',
  webUi: 'Temporal Web UI unreachable via IngressRoute',
  backlog: 'Task queue backlog growing with no workers processing',
} as const;
