import { CatalogFile } from '@platform-services/plugin-platform-services-common';
import { catalogToEntities, layerSystemName } from './catalogToEntities';

const catalog: CatalogFile = {
  catalogVersion: 1,
  generatedAt: '2026-11-20T09:30:00Z',
  source: {
    repository: 'https://github.com/example-org/platform-gitops',
    commit: '165b485',
  },
  environments: [{ name: 'dev' }],
  services: [
    {
      name: 'postgresql-cluster',
      title: 'PostgreSQL cluster',
      description:
        'The **shared** cluster, see [CNPG](https://cloudnative-pg.io).\n\nMore text.',
      namespace: 'cnpg-system',
      type: 'Kustomization',
      layer: 'Data',
      status: 'Disabled',
      sourcePath: 'apps/base/postgresql-cluster/',
      flux: {
        kustomization: { name: 'postgresql-cluster', namespace: 'flux-system' },
      },
    },
    {
      name: 'temporal',
      title: 'Temporal',
      description: 'Durable execution.',
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
      owner: 'group:default/temporal-owners',
      flux: {
        kustomization: { name: 'temporal', namespace: 'flux-system' },
        helmRelease: { name: 'temporal-server', namespace: 'flux-system' },
      },
      dependsOn: [
        { service: 'postgresql-cluster', reason: 'Flux dependsOn' },
        { service: 'unknown-one', reason: 'typo' },
      ],
    },
  ],
};

const options = {
  defaultOwner: 'group:default/platform-team',
  lifecycle: 'production',
  locationRef: 'platform-services:/srv/service-catalog.json',
};

describe('catalogToEntities', () => {
  const entities = catalogToEntities(catalog, options);
  const byRef = new Map(entities.map(e => [`${e.kind}:${e.metadata.name}`, e]));

  it('makes a System per layer and a Component per service', () => {
    expect([...byRef.keys()].sort()).toEqual([
      'Component:postgresql-cluster',
      'Component:temporal',
      'System:application-services',
      'System:data',
    ]);
    expect(byRef.get('System:application-services')).toMatchObject({
      metadata: { title: 'Application services' },
      spec: { owner: 'group:default/platform-team' },
    });
  });

  it('turns dependsOn into spec.dependsOn, leaving out unknown services', () => {
    expect(byRef.get('Component:temporal')!.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/temporal-owners',
      system: 'application-services',
      dependsOn: ['component:default/postgresql-cluster'],
    });
    expect(byRef.get('Component:postgresql-cluster')!.spec).not.toHaveProperty(
      'dependsOn',
    );
  });

  it('carries the Flux objects, namespace and source location in annotations', () => {
    const temporal = byRef.get('Component:temporal')!;
    expect(temporal.metadata.annotations).toEqual({
      'backstage.io/managed-by-location':
        'platform-services:/srv/service-catalog.json',
      'backstage.io/managed-by-origin-location':
        'platform-services:/srv/service-catalog.json',
      'backstage.io/source-location':
        'url:https://github.com/example-org/platform-gitops/tree/165b485/apps/base/temporal/',
      'backstage.io/view-url':
        'https://github.com/example-org/platform-gitops/tree/165b485/apps/base/temporal/',
      'backstage.io/kubernetes-namespace': 'temporal',
      'platform-services.io/service': 'temporal',
      'platform-services.io/namespace': 'temporal',
      'platform-services.io/flux-kustomization': 'flux-system/temporal',
      'platform-services.io/flux-helmrelease': 'flux-system/temporal-server',
      'platform-services.io/source-path': 'apps/base/temporal/',
      'platform-services.io/catalog-commit': '165b485',
      'platform-services.io/status': 'Enabled',
    });
    expect(temporal.metadata.links).toEqual([
      { title: 'GitHub', url: 'https://github.com/temporalio/temporal' },
    ]);
    expect(temporal.metadata.tags).toEqual([
      'helmrelease',
      'application-services',
    ]);
  });

  it('uses the default owner, the first paragraph as description, and tags disabled services', () => {
    const pg = byRef.get('Component:postgresql-cluster')!;
    expect(pg.spec!.owner).toBe('group:default/platform-team');
    expect(pg.metadata.description).toBe('The **shared** cluster, see CNPG.');
    expect(pg.metadata.tags).toContain('disabled');
    expect(
      pg.metadata.annotations!['platform-services.io/flux-helmrelease'],
    ).toBeUndefined();
  });
});

describe('layerSystemName', () => {
  it('makes an entity name of a layer', () => {
    expect(layerSystemName('Application services')).toBe(
      'application-services',
    );
    expect(layerSystemName('CI/CD & GitOps')).toBe('ci-cd-gitops');
    expect(layerSystemName('!!!')).toBe('platform');
  });
});
