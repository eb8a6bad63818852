import { CatalogFile } from '../types';

/** A small valid catalog; tests copy it and break one thing. */
export function minimalCatalog(): CatalogFile {
  return {
    catalogVersion: 1,
    generatedAt: '2026-11-20T09:30:00Z',
    source: {
      repository: 'https://github.com/example-org/platform-gitops',
      commit: '165b485',
      catalogSha: '4d088b0b3a67b4c4',
    },
    environments: [
      {
        name: 'dev',
        title: 'Dev',
        overrides: 'clusters/stages/dev/environment.env',
      },
      { name: 'prod', title: 'Prod' },
    ],
    services: [
      {
        name: 'postgresql-cluster',
        title: 'PostgreSQL cluster',
        description: 'The shared PostgreSQL cluster.',
        namespace: 'cnpg-system',
        type: 'Kustomization',
        layer: 'Data',
        status: 'Enabled',
        sourcePath: 'apps/base/postgresql-cluster/',
        flux: {
          kustomization: {
            name: 'postgresql-cluster',
            namespace: 'flux-system',
          },
        },
      },
      {
        name: 'temporal',
        title: 'Temporal',
        description: 'Durable execution.\n\nSecond paragraph.',
        links: [
          { title: 'GitHub', url: 'https://github.com/temporalio/temporal' },
        ],
        namespace: 'temporal',
        type: 'HelmRelease',
        chart: {
          name: 'temporal',
          version: '0.51.0',
          repository: 'https://go.temporal.io/helm-charts',
        },
        layer: 'Application services',
        status: 'Enabled',
        sourcePath: 'apps/base/temporal/',
        flux: {
          kustomization: { name: 'temporal', namespace: 'flux-system' },
          helmRelease: { name: 'temporal-server', namespace: 'flux-system' },
        },
        dependsOn: [
          { service: 'postgresql-cluster', reason: 'Flux dependsOn' },
        ],
        configuration: {
          file: 'base/services/environment.env',
          parameters: [
            {
              name: 'TEMPORAL_CHART_VERSION',
              values: { dev: '0.51.0', prod: '0.51.0' },
              live: { object: 'helmRelease', path: 'spec.chart.spec.version' },
            },
            { name: 'TEMPORAL_SERVER_MEMORY_LIMIT', values: { dev: '1Gi' } },
          ],
        },
        runbooks: [
          {
            title: 'History service OOMKilled under workflow load',
            symptoms: 'History pods restarting.',
            script:
              'kubectl get pods -n temporal -l app.kubernetes.io/component=history -o wide\n# Check events:\nkubectl top pods -n temporal',
          },
        ],
        related: [
          {
            path: 'base/services/temporal.yaml',
            description: 'Flux Kustomization',
          },
        ],
      },
    ],
  };
}
