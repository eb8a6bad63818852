import { minimalCatalog } from './__fixtures__/minimal';
import { buildServiceModel } from './model';
import { repositoryLink } from './links';
import { slugify } from './slug';

describe('buildServiceModel', () => {
  it('derives downstream dependencies, sorts services and resolves links at the commit', () => {
    const model = buildServiceModel(minimalCatalog());
    expect(model.summaries.map(s => s.name)).toEqual([
      'postgresql-cluster',
      'temporal',
    ]);
    const pg = model.services.get('postgresql-cluster')!;
    expect(pg.downstream).toEqual([
      { service: 'temporal', reason: 'Flux dependsOn', title: 'Temporal' },
    ]);
    expect(model.summaries[0].downstream).toEqual(['temporal']);

    const temporal = model.services.get('temporal')!;
    expect(temporal.dependsOn).toEqual([
      {
        service: 'postgresql-cluster',
        reason: 'Flux dependsOn',
        known: true,
        title: 'PostgreSQL cluster',
      },
    ]);
    expect(temporal.source.url).toBe(
      'https://github.com/example-org/platform-gitops/tree/165b485/apps/base/temporal/',
    );
    expect(temporal.configuration!.file.url).toBe(
      'https://github.com/example-org/platform-gitops/blob/165b485/base/services/environment.env',
    );
    expect(temporal.environments[0].overrides!.url).toContain(
      '/blob/165b485/clusters/stages/dev/',
    );
    expect(temporal.related[0].url).toContain(
      '/blob/165b485/base/services/temporal.yaml',
    );
    expect(temporal.catalog).toEqual({
      repository: 'https://github.com/example-org/platform-gitops',
      commit: '165b485',
      catalogSha: '4d088b0b3a67b4c4',
      generatedAt: '2026-11-20T09:30:00Z',
    });
  });

  it('gives runbooks their id and their steps', () => {
    const temporal = buildServiceModel(minimalCatalog()).services.get(
      'temporal',
    )!;
    expect(temporal.runbooks[0].id).toBe(
      'history-service-oomkilled-under-workflow-load',
    );
    expect(temporal.runbooks[0].steps.map(s => s.comments)).toEqual([
      [],
      ['Check events:'],
    ]);
  });

  it('marks dependencies on unknown services instead of dropping them', () => {
    const c = minimalCatalog();
    c.services[1].dependsOn!.push({ service: 'ghost', reason: 'typo' });
    const temporal = buildServiceModel(c).services.get('temporal')!;
    expect(temporal.dependsOn[1]).toEqual({
      service: 'ghost',
      reason: 'typo',
      known: false,
    });
  });
});

describe('repositoryLink', () => {
  it('follows the host URL style', () => {
    expect(
      repositoryLink('https://gitlab.com/g/r.git', 'abc', 'a/b.yaml'),
    ).toBe('https://gitlab.com/g/r/-/blob/abc/a/b.yaml');
    expect(repositoryLink('https://bitbucket.org/g/r', 'abc', 'apps/')).toBe(
      'https://bitbucket.org/g/r/src/abc/apps/',
    );
    expect(repositoryLink('https://github.com/g/r/', 'abc', './x y.env')).toBe(
      'https://github.com/g/r/blob/abc/x%20y.env',
    );
  });
});

describe('slugify', () => {
  it('makes a DNS-1123 label of a title', () => {
    expect(slugify('Temporal Web UI unreachable via IngressRoute')).toBe(
      'temporal-web-ui-unreachable-via-ingressroute',
    );
    expect(slugify('***')).toBe('runbook');
    expect(slugify('x'.repeat(100))).toHaveLength(63);
  });
});
