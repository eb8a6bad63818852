import { exampleService } from './__fixtures__/catalog';
import {
  condition,
  helmRelease,
  kustomization,
  NOW,
} from './__fixtures__/objects';
import { evaluateServiceHealth } from './evaluateServiceHealth';

const temporal = exampleService('temporal');
const flux = (hr = helmRelease()) => ({
  helmReleases: [hr],
  kustomizations: [kustomization()],
});

describe('evaluateServiceHealth', () => {
  it('reports a Disabled service as disabled without looking at the cluster', () => {
    const health = evaluateServiceHealth({
      service: exampleService('minio'),
      environment: 'dev',
      objects: {},
      now: NOW,
    });
    expect(health).toMatchObject({
      status: 'disabled',
      checks: [],
      summary: 'Disabled in the catalog',
    });
  });

  it('reports unknown without cluster data', () => {
    const health = evaluateServiceHealth({
      service: temporal,
      environment: 'dev',
      objects: undefined,
      now: NOW,
    });
    expect(health.status).toBe('unknown');
    expect(health.summary).toBe(
      'No cluster data for dev: the cluster is unreachable or not observed yet',
    );
  });

  it('is healthy with ready Flux objects and nothing else observed wrong', () => {
    const health = evaluateServiceHealth({
      service: temporal,
      environment: 'dev',
      objects: flux(),
      now: NOW,
    });
    expect(health.status).toBe('healthy');
    expect(health.evaluatedAt).toBe('2026-11-20T10:00:00.000Z');
    expect(health.chart).toMatchObject({
      declared: '0.51.0',
      deployed: '0.51.0',
      matches: true,
    });
  });

  it('is suspended when its HelmRelease is suspended, even though the stale Ready says True', () => {
    const health = evaluateServiceHealth({
      service: temporal,
      environment: 'dev',
      objects: flux(helmRelease({ suspend: true })),
      now: NOW,
    });
    expect(health.status).toBe('suspended');
    expect(health.causes).toEqual(['helmrelease:flux-system/temporal-server']);
  });

  it('is degraded by a degraded upstream, and says why', () => {
    const health = evaluateServiceHealth({
      service: temporal,
      environment: 'dev',
      objects: flux(),
      now: NOW,
      upstream: new Map([
        [
          'postgresql-cluster',
          {
            service: 'postgresql-cluster',
            status: 'degraded',
            summary: '1 of 3 instances ready',
            signals: [
              {
                id: 'postgres-cluster-degraded',
                message: '1 of 3 instances ready',
              },
            ],
          },
        ],
        [
          'external-secrets-config',
          {
            service: 'external-secrets-config',
            status: 'healthy',
            summary: 'ok',
            signals: [],
          },
        ],
      ]),
    });
    expect(health.status).toBe('degraded');
    expect(health.summary).toBe(
      'Upstream postgresql-cluster is degraded: 1 of 3 instances ready',
    );
    expect(health.runbooks[0].title).toBe(
      'Frontend pods unable to connect to PostgreSQL',
    );
  });

  it('adds what a probe found to the checks and signals', () => {
    const health = evaluateServiceHealth({
      service: temporal,
      environment: 'dev',
      objects: flux(),
      now: NOW,
      probe: {
        checks: [
          {
            id: 'temporal:frontend',
            kind: 'Temporal',
            status: 'failed',
            reason: 'Unavailable',
            message: 'The Temporal frontend does not answer',
          },
        ],
        signals: [
          {
            id: 'temporal-frontend-unreachable',
            message: 'The Temporal frontend does not answer',
          },
        ],
      },
    });
    expect(health.status).toBe('unhealthy');
    expect(health.runbooks[0].title).toBe(
      'Task queue backlog growing with no workers processing',
    );
  });

  it('fails a service whose Kustomization is missing from the cluster', () => {
    const health = evaluateServiceHealth({
      service: temporal,
      environment: 'dev',
      objects: { helmReleases: [helmRelease()], kustomizations: [] },
      now: NOW,
    });
    expect(health.status).toBe('unhealthy');
    expect(health.summary).toBe(
      'Kustomization flux-system/temporal does not exist: the service is not deployed in dev',
    );
  });

  it('reports drift separately from health', () => {
    const hr = helmRelease({
      values: { web: { resources: { limits: { memory: '512Mi' } } } },
    });
    hr.status!.conditions = [
      condition('Ready', 'True', 'UpgradeSucceeded', 'ok', {
        observedGeneration: 1,
      }),
    ];
    const health = evaluateServiceHealth({
      service: temporal,
      environment: 'dev',
      objects: flux(hr),
      now: NOW,
    });
    expect(health.status).toBe('healthy');
    expect(
      health.drift.find(d => d.parameter === 'TEMPORAL_WEB_MEMORY_LIMIT'),
    ).toMatchObject({
      outcome: 'mismatch',
      declared: '256Mi',
      live: '512Mi',
    });
  });
});
