import {
  HealthSummaryResponse,
  ServiceHealthResponse,
} from '@platform-services/plugin-platform-services-common';

/** Temporal in the schema-migration-failed state, as the backend answers it. */
export function failingTemporalHealth(): ServiceHealthResponse {
  return {
    environment: 'dev',
    environments: ['dev', 'prod'],
    freshness: {
      cluster: 'local',
      connected: true,
      since: '2026-11-26T10:00:00.000Z',
      partial: [],
    },
    health: {
      service: 'temporal',
      environment: 'dev',
      evaluatedAt: '2026-11-26T10:05:00.000Z',
      status: 'unhealthy',
      summary: 'Unhealthy: HelmRelease flux-system/temporal-server upgrade failed',
      causes: ['helmrelease:flux-system/temporal-server', 'job:temporal/temporal-server-schema-1'],
      signals: [
        { id: 'helmrelease-upgrade-failed', message: 'upgrade retries exhausted' },
        { id: 'schema-job-failed', component: 'schema', message: 'schema job failed' },
      ],
      checks: [
        {
          id: 'helmrelease:flux-system/temporal-server',
          kind: 'HelmRelease',
          object: { kind: 'HelmRelease', namespace: 'flux-system', name: 'temporal-server' },
          status: 'failed',
          reason: 'UpgradeFailed',
          message: 'Helm upgrade failed: pq: relation already exists',
        },
        {
          id: 'job:temporal/temporal-server-schema-1',
          kind: 'Job',
          component: 'schema',
          object: { kind: 'Job', namespace: 'temporal', name: 'temporal-server-schema-1' },
          status: 'failed',
          reason: 'BackoffLimitExceeded',
          message: 'The schema job failed',
          details: ['pod temporal-server-schema-1-abcde: Error (exit code 1)'],
        },
        {
          id: 'workload:temporal/frontend',
          kind: 'Workload',
          component: 'frontend',
          status: 'ok',
          reason: 'Ready',
          message: '2 of 2 frontend pods ready',
        },
      ],
      runbooks: [
        {
          runbookId: 'schema-migration-job-fails-on-upgrade',
          title: 'Schema migration job fails on upgrade',
          score: 10,
          matched: [],
          signalCount: 2,
          reason: 'Answers helmrelease-upgrade-failed and schema-job-failed',
        },
      ],
      drift: [
        {
          parameter: 'TEMPORAL_WEB_MEMORY_LIMIT',
          environment: 'dev',
          outcome: 'mismatch',
          declared: '256Mi',
          live: '512Mi',
          object: 'helmRelease',
          path: 'spec.values.web.resources.limits.memory',
          message: 'declared 256Mi, live 512Mi',
        },
      ],
      chart: { chart: 'temporal', declared: '0.51.0', deployed: '0.51.0', matches: true },
    },
  };
}

/** The health of every service, with PostgreSQL degraded. */
export function healthSummary(): HealthSummaryResponse {
  return {
    environment: 'dev',
    environments: ['dev', 'prod'],
    freshness: { cluster: 'local', connected: true, partial: [] },
    services: [
      { service: 'postgresql-cluster', status: 'degraded', summary: 'Degraded: 1 of 3 instances ready', signals: [] },
      { service: 'external-secrets-config', status: 'healthy', summary: 'Healthy', signals: [] },
      { service: 'temporal', status: 'unhealthy', summary: 'Unhealthy', signals: [] },
    ],
  };
}
