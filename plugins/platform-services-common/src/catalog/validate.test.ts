import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { minimalCatalog } from './__fixtures__/minimal';
import {
  findDependencyCycles,
  validateCatalog,
  validateCatalogText,
  CatalogProblem,
} from './validate';
import { CatalogFile } from './types';

function problemsOf(catalog: unknown): CatalogProblem[] {
  return validateCatalog(catalog).problems;
}

function refused(catalog: unknown): CatalogProblem[] {
  const result = validateCatalog(catalog);
  expect(result.ok).toBe(false);
  return result.problems;
}

function withChange(change: (c: any) => void): CatalogFile {
  const c = minimalCatalog();
  change(c);
  return c;
}

describe('validateCatalog', () => {
  it('accepts a valid catalog without problems', () => {
    const result = validateCatalog(minimalCatalog());
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
  });

  it('accepts the example catalog that ships with the project', () => {
    const text = readFileSync(
      resolve(__dirname, '../../../../examples/service-catalog.json'),
      'utf8',
    );
    const result = validateCatalogText(text);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('carries every part of the seed page for temporal in the example catalog', () => {
    const text = readFileSync(
      resolve(__dirname, '../../../../examples/service-catalog.json'),
      'utf8',
    );
    const catalog = JSON.parse(text) as CatalogFile;
    expect(catalog.services.length).toBeGreaterThanOrEqual(15);
    expect(catalog.source).toMatchObject({
      commit: '165b485',
      catalogSha: '4d088b0b3a67b4c4',
    });
    const temporal = catalog.services.find(s => s.name === 'temporal')!;
    expect(temporal.dependsOn!.map(d => d.service)).toEqual([
      'external-secrets-config',
      'postgresql-cluster',
    ]);
    expect(temporal.features).toHaveLength(8);
    expect(temporal.diagrams!.map(d => d.title)).toEqual([
      'Temporal Deployment Topology',
      'Temporal Request Flow',
    ]);
    expect(temporal.configuration!.parameters).toHaveLength(12);
    for (const p of temporal.configuration!.parameters) {
      expect(Object.keys(p.values).sort()).toEqual(['dev', 'prod']);
    }
    expect(temporal.runbooks).toHaveLength(6);
    expect(temporal.related).toHaveLength(3);
    for (const s of catalog.services) {
      expect(s.runbooks?.length ?? 0).toBeGreaterThanOrEqual(1);
    }
  });

  it('ignores unknown fields anywhere', () => {
    const result = validateCatalog(
      withChange(c => {
        c.futureField = { x: 1 };
        c.services[1].newThing = 'yes';
        c.services[1].flux.extra = true;
      }),
    );
    expect(result.ok).toBe(true);
  });

  it('refuses a newer catalogVersion as a whole, saying to upgrade', () => {
    const problems = refused(withChange(c => (c.catalogVersion = 2)));
    expect(problems).toEqual([
      expect.objectContaining({
        pointer: '/catalogVersion',
        message: expect.stringMatching(
          /expected catalogVersion 1, got 2.*upgrade/,
        ),
      }),
    ]);
  });

  it('refuses a file that does not match the top-level structure', () => {
    expect(refused([])).toEqual([
      expect.objectContaining({
        pointer: '',
        message: expect.stringContaining('expected'),
      }),
    ]);
    const problems = refused({ catalogVersion: 1 });
    expect(problems.map(p => p.pointer)).toEqual(
      expect.arrayContaining([
        '/generatedAt',
        '/source',
        '/environments',
        '/services',
      ]),
    );
  });

  it('names the pointer of a missing required field and what was expected', () => {
    const problems = refused(withChange(c => delete c.services[1].namespace));
    expect(problems).toEqual([
      {
        pointer: '/services/1/namespace',
        message:
          'is required but missing: expected the Kubernetes namespace of the workloads',
        severity: 'error',
      },
    ]);
  });

  it('checks patterns, enums, formats and types with the received value', () => {
    const problems = refused(
      withChange(c => {
        c.services[0].name = 'Not_A_Label';
        c.services[1].type = 'Deployment';
        c.generatedAt = 'yesterday';
        c.environments[0].name = 'Dev';
        c.services[1].configuration.parameters[0].name = 'lower_case';
        c.services[1].configuration.parameters[1].values.dev = 1024;
        c.services[1].status = 'On';
      }),
    );
    const byPointer = Object.fromEntries(
      problems.map(p => [p.pointer, p.message]),
    );
    expect(byPointer['/services/0/name']).toMatch(
      /expected a DNS-1123 label.*got "Not_A_Label"/,
    );
    expect(byPointer['/services/1/type']).toBe(
      'expected "HelmRelease" or "Kustomization", got "Deployment"',
    );
    expect(byPointer['/generatedAt']).toMatch(/RFC 3339.*got "yesterday"/);
    expect(byPointer['/environments/0/name']).toMatch(
      /environment name.*got "Dev"/,
    );
    expect(byPointer['/services/1/configuration/parameters/0/name']).toMatch(
      /upper-case/,
    );
    expect(byPointer['/services/1/configuration/parameters/1/values/dev']).toBe(
      'expected the value as a string, got number 1024',
    );
    expect(byPointer['/services/1/status']).toMatch(/"Enabled" or "Disabled"/);
  });

  it('requires a chart and a HelmRelease for HelmRelease services', () => {
    const problems = refused(
      withChange(c => {
        delete c.services[1].chart;
        delete c.services[1].flux.helmRelease;
      }),
    );
    expect(problems.map(p => p.pointer).sort()).toEqual([
      '/services/1/chart',
      '/services/1/flux/helmRelease',
    ]);
  });

  it('requires at least one environment', () => {
    const problems = refused(withChange(c => (c.environments = [])));
    expect(problems).toEqual([
      expect.objectContaining({
        pointer: '/environments',
        message: 'expected at least one environment, got an empty array',
      }),
    ]);
  });

  it('refuses duplicate service names, naming both places', () => {
    const problems = refused(
      withChange(c => c.services.push({ ...c.services[0], title: 'Again' })),
    );
    expect(problems).toEqual([
      {
        pointer: '/services/2/name',
        message:
          'expected a unique service name, but "postgresql-cluster" is already used at /services/0/name',
        severity: 'error',
      },
    ]);
  });

  it('refuses duplicate environment names', () => {
    const problems = refused(
      withChange(c => c.environments.push({ name: 'dev' })),
    );
    expect(problems[0].pointer).toBe('/environments/2/name');
  });

  it('refuses a value for an environment that is not declared', () => {
    const problems = refused(
      withChange(
        c => (c.services[1].configuration.parameters[0].values.staging = '1'),
      ),
    );
    expect(problems).toEqual([
      {
        pointer: '/services/1/configuration/parameters/0/values/staging',
        message: 'expected a declared environment (dev, prod), got "staging"',
        severity: 'error',
      },
    ]);
  });

  it('refuses duplicate parameter names within a service', () => {
    const problems = refused(
      withChange(c =>
        c.services[1].configuration.parameters.push({
          name: 'TEMPORAL_CHART_VERSION',
          values: {},
        }),
      ),
    );
    expect(problems[0].pointer).toBe(
      '/services/1/configuration/parameters/2/name',
    );
  });

  it('refuses a live binding to a HelmRelease the service does not have', () => {
    const problems = refused(
      withChange(c => {
        c.services[0].configuration = {
          file: 'x.env',
          parameters: [
            {
              name: 'PG_VERSION',
              values: {},
              live: { object: 'helmRelease', path: 'spec.x' },
            },
          ],
        };
      }),
    );
    expect(problems[0].pointer).toBe(
      '/services/0/configuration/parameters/0/live/object',
    );
  });

  it('refuses runbook ids that repeat within a service, explicit or derived from the title', () => {
    const explicit = refused(
      withChange(c => {
        c.services[1].runbooks[0].id = 'oom';
        c.services[1].runbooks.push({ ...c.services[1].runbooks[0] });
      }),
    );
    expect(explicit).toEqual([
      {
        pointer: '/services/1/runbooks/1/id',
        message:
          'expected a runbook id unique within the service, but "oom" is already used by /services/1/runbooks/0',
        severity: 'error',
      },
    ]);
    const derived = refused(
      withChange(c =>
        c.services[1].runbooks.push({ ...c.services[1].runbooks[0] }),
      ),
    );
    expect(derived[0].pointer).toBe('/services/1/runbooks/1/title');
    expect(derived[0].message).toContain(
      '"history-service-oomkilled-under-workflow-load" (derived from the title)',
    );
  });

  it('accepts the same runbook id in two services', () => {
    const result = validateCatalog(
      withChange(
        c => (c.services[0].runbooks = [{ ...c.services[1].runbooks[0] }]),
      ),
    );
    expect(result.ok).toBe(true);
  });

  it('flags an unknown dependency on its exact pointer but keeps the file usable', () => {
    const result = validateCatalog(
      withChange(c =>
        c.services[1].dependsOn.push({ service: 'redis', reason: 'cache' }),
      ),
    );
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([
      {
        pointer: '/services/1/dependsOn/1/service',
        message: 'expected the name of a service in this file, got "redis"',
        severity: 'warning',
      },
    ]);
  });

  it('reports a dependency cycle with its full path and keeps the file usable', () => {
    const result = validateCatalog(
      withChange(c => {
        c.services.push({
          ...c.services[0],
          name: 'c',
          dependsOn: [{ service: 'temporal', reason: 'r' }],
        });
        c.services[0].dependsOn = [{ service: 'c', reason: 'r' }];
      }),
    );
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([
      {
        // temporal's dependency on postgresql-cluster closes the cycle.
        pointer: '/services/1/dependsOn/0/service',
        message:
          'dependency cycle: postgresql-cluster -> c -> temporal -> postgresql-cluster',
        severity: 'warning',
      },
    ]);
  });

  it('reports a service that depends on itself as a cycle', () => {
    const problems = problemsOf(
      withChange(
        c =>
          (c.services[0].dependsOn = [
            { service: 'postgresql-cluster', reason: 'r' },
          ]),
      ),
    );
    expect(problems.map(p => p.message)).toEqual([
      'dependency cycle: postgresql-cluster -> postgresql-cluster',
    ]);
  });
});

describe('findDependencyCycles', () => {
  it('finds no cycle in a deep chain and handles 10,000 services without recursion', () => {
    const c = minimalCatalog();
    const base = c.services[0];
    c.services = Array.from({ length: 10000 }, (_, i) => ({
      ...base,
      name: `s${i}`,
      dependsOn: i > 0 ? [{ service: `s${i - 1}`, reason: 'chain' }] : [],
    }));
    expect(findDependencyCycles(c)).toEqual([]);
    c.services[0].dependsOn = [{ service: 's9999', reason: 'closes' }];
    const cycles = findDependencyCycles(c);
    expect(cycles).toHaveLength(1);
    expect(cycles[0].path).toHaveLength(10001);
  });
});

describe('validateCatalogText', () => {
  it('refuses text that is not JSON, saying where parsing stopped', () => {
    const result = validateCatalogText('{"catalogVersion": 1,');
    expect(result.ok).toBe(false);
    expect(result.problems[0].pointer).toBe('');
    expect(result.problems[0].message).toMatch(/^expected JSON: /);
  });

  it('refuses a file over the size limit before parsing it', () => {
    const result = validateCatalogText(JSON.stringify(minimalCatalog()), {
      maxBytes: 100,
    });
    expect(result.ok).toBe(false);
    expect(result.problems[0].message).toMatch(
      /expected a file of at most 100 bytes, got \d+ bytes \(raise platformServices.catalog.maxBytes/,
    );
  });
});
