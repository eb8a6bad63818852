import {
  ServiceDetail,
  ServiceParameter,
} from '@platform-services/plugin-platform-services-common';

const REPO = 'https://github.com/example/platform';
const COMMIT = '165b485';
const link = (path: string) => `${REPO}/blob/${COMMIT}/${path}`;

/**
 * The Temporal configuration table of the static service page
 * (/work/shared/seed/temporal-service-page.md), value for value.
 */
const table: Array<[name: string, dev: string, prod: string]> = [
  ['TEMPORAL_CHART_VERSION', '0.51.0', '0.51.0'],
  ['TEMPORAL_DB_NAME', 'temporal', 'temporal'],
  ['TEMPORAL_SERVER_CPU_LIMIT', '1000m', '4000m'],
  ['TEMPORAL_SERVER_CPU_REQUEST', '1000m', '1000m'],
  ['TEMPORAL_SERVER_MEMORY_LIMIT', '1Gi', '4Gi'],
  ['TEMPORAL_SERVER_MEMORY_REQUEST', '1Gi', '2Gi'],
  ['TEMPORAL_STORAGE_SIZE', '5Gi', '20Gi'],
  ['TEMPORAL_VISIBILITY_DB_NAME', 'temporal_visibility', 'temporal_visibility'],
  ['TEMPORAL_WEB_CPU_LIMIT', '250m', '1000m'],
  ['TEMPORAL_WEB_CPU_REQUEST', '250m', '200m'],
  ['TEMPORAL_WEB_MEMORY_LIMIT', '256Mi', '1Gi'],
  ['TEMPORAL_WEB_MEMORY_REQUEST', '256Mi', '512Mi'],
];

/** The parameters whose dev and prod values differ on the seed page. */
export const DIFFERING = [
  'TEMPORAL_SERVER_CPU_LIMIT',
  'TEMPORAL_SERVER_MEMORY_LIMIT',
  'TEMPORAL_SERVER_MEMORY_REQUEST',
  'TEMPORAL_STORAGE_SIZE',
  'TEMPORAL_WEB_CPU_LIMIT',
  'TEMPORAL_WEB_CPU_REQUEST',
  'TEMPORAL_WEB_MEMORY_LIMIT',
  'TEMPORAL_WEB_MEMORY_REQUEST',
];

const livePaths: Record<string, string> = {
  TEMPORAL_CHART_VERSION: 'spec.chart.spec.version',
  TEMPORAL_SERVER_CPU_LIMIT: 'spec.values.server.resources.limits.cpu',
};

const TOPOLOGY = `graph TD
  subgraph temporal-ns["temporal namespace"]
    FE[Frontend x2]
    HI[History x2]
  end
  FE -->|"sql :5432"| PG[postgresql-cluster-rw]
  HI -->|"sql :5432"| PG`;

const REQUEST_FLOW = `sequenceDiagram
  participant Client as Temporal Client
  participant FE as Frontend Service
  Client->>FE: StartWorkflowExecution (gRPC)`;

/** A fresh Temporal service with the seed page's configuration. */
export function temporalService(): ServiceDetail {
  const parameters: ServiceParameter[] = table.map(([name, dev, prod]) => ({
    name,
    values: { dev, prod },
    ...(livePaths[name]
      ? { live: { object: 'helmRelease' as const, path: livePaths[name] } }
      : {}),
  }));
  return {
    name: 'temporal',
    title: 'Temporal',
    description: 'Durable execution platform.',
    links: [],
    namespace: 'temporal',
    type: 'HelmRelease',
    chart: { name: 'temporal', version: '0.51.0', repository: 'temporal' },
    layer: 'Application services',
    status: 'Enabled',
    source: { path: 'apps/base/temporal/', url: link('apps/base/temporal/') },
    flux: {
      kustomization: { name: 'temporal', namespace: 'flux-system' },
      helmRelease: { name: 'temporal-server', namespace: 'flux-system' },
    },
    dependsOn: [],
    downstream: [],
    features: [],
    diagrams: [
      {
        title: 'Temporal Deployment Topology',
        format: 'mermaid',
        source: TOPOLOGY,
      },
      {
        title: 'Temporal Request Flow',
        format: 'mermaid',
        source: REQUEST_FLOW,
      },
    ],
    environments: [
      {
        name: 'dev',
        title: 'Dev',
        overrides: {
          path: 'clusters/stages/dev/services/environment.env',
          url: link('clusters/stages/dev/services/environment.env'),
        },
      },
      {
        name: 'prod',
        title: 'Prod',
        overrides: {
          path: 'clusters/stages/prod/services/environment.env',
          url: link('clusters/stages/prod/services/environment.env'),
        },
      },
    ],
    configuration: {
      file: {
        path: 'base/services/environment.env',
        url: link('base/services/environment.env'),
      },
      parameters,
    },
    runbooks: [],
    related: [],
    catalog: {
      repository: REPO,
      commit: COMMIT,
      generatedAt: '2025-01-01T00:00:00Z',
    },
  };
}
