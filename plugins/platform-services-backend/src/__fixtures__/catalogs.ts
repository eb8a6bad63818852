import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small valid service-catalog.json as an object. */
export function smallCatalog(commit = '165b485') {
  return {
    catalogVersion: 1,
    generatedAt: '2026-11-20T09:30:00Z',
    source: {
      repository: 'https://github.com/example-org/platform-gitops',
      commit,
      catalogSha: '4d088b0b3a67b4c4',
    },
    environments: [{ name: 'dev' }, { name: 'prod' }],
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
        description: 'Durable execution.',
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
        owner: 'group:default/temporal-owners',
        flux: {
          kustomization: { name: 'temporal', namespace: 'flux-system' },
          helmRelease: { name: 'temporal-server', namespace: 'flux-system' },
        },
        dependsOn: [
          { service: 'postgresql-cluster', reason: 'Flux dependsOn' },
        ],
        runbooks: [
          {
            title: 'Schema migration job fails on upgrade',
            symptoms: 'HelmRelease stuck.',
            script:
              '# If schema is corrupted, retry:\nflux suspend helmrelease temporal-server -n flux-system\nflux resume helmrelease temporal-server -n flux-system',
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

/** A temporary folder with a catalog file in it. */
export function catalogFile(content: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'ps-catalog-'));
  const path = join(dir, 'service-catalog.json');
  const write = (c: unknown) =>
    writeFileSync(path, typeof c === 'string' ? c : JSON.stringify(c, null, 2));
  write(content);
  return { dir, path, write };
}
