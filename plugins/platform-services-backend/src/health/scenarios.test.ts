import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CatalogHealth,
  ServiceHealth,
  SignalId,
} from '@platform-services/plugin-platform-services-common';
import { exampleCatalog, TEMPORAL_RUNBOOKS } from './__fixtures__/catalog';
import { NOW } from './__fixtures__/objects';
import {
  CLUSTER_EXAMPLES,
  listScenarios,
  loadScenario,
  objectIdentity,
  readYamlObjects,
} from './__fixtures__/loadScenario';
import { evaluateCatalogHealth } from './evaluateCatalogHealth';
import { matchRunbooks } from './matchRunbooks';
import { clusterObjectsFromList, HelmReleaseObject } from './objects';

const catalog = exampleCatalog();

function evaluate(scenario: string): CatalogHealth {
  return evaluateCatalogHealth({
    services: catalog.services,
    environment: 'dev',
    objects: clusterObjectsFromList(loadScenario(scenario).objects),
    now: NOW,
  });
}

function healthOf(result: CatalogHealth, service: string): ServiceHealth {
  return result.services.find(s => s.service === service)!;
}

const signalIds = (h: ServiceHealth) =>
  h.signals.map(s =>
    [s.id, s.component ?? s.upstream].filter(Boolean).join(':'),
  );

interface Expectation {
  status: ServiceHealth['status'];
  causes: string[];
  signals: string[];
  summary: RegExp;
  topRunbook?: string;
}

/** What Temporal's health must be in each scenario. */
const EXPECTED: Record<string, Expectation> = {
  healthy: {
    status: 'healthy',
    causes: [],
    signals: [],
    summary: /^All \d+ checks passed$/,
  },
  'schema-migration-failed': {
    status: 'unhealthy',
    causes: [
      'helmrelease:flux-system/temporal-server',
      'job:temporal/temporal-server-schema-4',
      'kustomization:flux-system/temporal',
    ],
    signals: [
      'kustomization-not-ready',
      'helmrelease-upgrade-failed',
      'schema-job-failed',
    ],
    summary:
      /stalled \(RetriesExceeded.*pq: relation "namespace_metadata" already exists/,
    topRunbook: TEMPORAL_RUNBOOKS.schema,
  },
  'frontend-db-unreachable': {
    status: 'unhealthy',
    causes: ['workload:temporal/frontend'],
    signals: ['pods-crashlooping:frontend'],
    summary:
      /^2 of 2 frontend pods are in CrashLoopBackOff \(last exit: Error, code 1; up to 7 restarts\)\. 0 of 2 ready$/,
    topRunbook: TEMPORAL_RUNBOOKS.frontendDb,
  },
  'history-oomkilled': {
    status: 'degraded',
    causes: ['workload:temporal/history'],
    signals: ['pods-oomkilled:history', 'pods-crashlooping:history'],
    summary:
      /^2 of 2 history pods were OOMKilled \(up to 5 restarts\); memory limit 1Gi\./,
    topRunbook: TEMPORAL_RUNBOOKS.historyOom,
  },
  'externalsecret-not-syncing': {
    status: 'degraded',
    causes: ['externalsecret:temporal/postgresql-cluster-app'],
    signals: ['externalsecret-not-synced'],
    summary:
      /^ExternalSecret temporal\/postgresql-cluster-app is not syncing \(SecretSyncedError/,
    topRunbook: TEMPORAL_RUNBOOKS.externalSecret,
  },
  'web-ui-unreachable': {
    status: 'unhealthy',
    causes: ['workload:temporal/web', 'ingressroute:temporal/temporal-web'],
    signals: ['pods-not-ready:web', 'ingress-backend-no-endpoints:web'],
    summary:
      /web pod is running but not ready.*IngressRoute temporal\/temporal-web cannot reach its backend/,
    topRunbook: TEMPORAL_RUNBOOKS.webUi,
  },
  'taskqueue-backlog-no-workers': {
    status: 'healthy',
    causes: [],
    signals: [],
    summary: /^All \d+ checks passed$/,
  },
  'upstream-postgres-degraded': {
    status: 'degraded',
    causes: ['upstream:postgresql-cluster'],
    signals: ['postgres-cluster-degraded:postgresql-cluster'],
    summary:
      /^Upstream postgresql-cluster is degraded: PostgreSQL cluster cnpg-system\/postgresql-cluster: 1 of 3 instances ready/,
    topRunbook: TEMPORAL_RUNBOOKS.frontendDb,
  },
};

describe('the cluster scenarios of examples/cluster', () => {
  it('covers every scenario directory', () => {
    expect(listScenarios()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(Object.entries(EXPECTED))('%s', (scenario, expected) => {
    const result = evaluate(scenario);
    const temporal = healthOf(result, 'temporal');

    it(`makes temporal ${expected.status} for the right reasons`, () => {
      expect(temporal.status).toBe(expected.status);
      expect(temporal.causes).toEqual(expected.causes);
      expect(signalIds(temporal)).toEqual(expected.signals);
      expect(temporal.summary).toMatch(expected.summary);
    });

    it('ranks the right seed runbook first (or none)', () => {
      expect(temporal.runbooks[0]?.title).toBe(expected.topRunbook);
    });

    it('never reveals a Secret value', () => {
      const json = JSON.stringify(result);
      for (const value of [
        'host',
        'username',
        'password',
        'access-key',
        'secret-key',
      ]) {
        const fake = `fixture-${value}-do-not-show`;
        expect(json).not.toContain(fake);
        expect(json).not.toContain(Buffer.from(fake).toString('base64'));
      }
      expect(json).not.toContain('fixture-');
    });
  });

  it('keeps the rest of the catalog healthy when only Temporal has a problem', () => {
    for (const scenario of [
      'schema-migration-failed',
      'frontend-db-unreachable',
      'history-oomkilled',
      'web-ui-unreachable',
    ]) {
      const others = evaluate(scenario).services.filter(
        s => s.service !== 'temporal' && s.status !== 'disabled',
      );
      expect(
        others.filter(s => s.status !== 'healthy').map(s => s.service),
      ).toEqual([]);
    }
  });

  it('shows the degraded PostgreSQL cluster on its own service, with its runbook', () => {
    const pg = healthOf(
      evaluate('upstream-postgres-degraded'),
      'postgresql-cluster',
    );
    expect(pg.status).toBe('degraded');
    expect(pg.causes).toEqual([
      'postgrescluster:cnpg-system/postgresql-cluster',
    ]);
    expect(pg.checks.find(c => c.kind === 'PostgresCluster')?.details).toEqual([
      'postgresql-cluster-2: ContainersNotReady (containers with unready status: [postgres]); 3 restarts',
      'postgresql-cluster-3: Unschedulable (0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.)',
    ]);
    expect(pg.runbooks.map(r => r.title)).toEqual([
      'Cluster not in healthy state',
    ]);
  });

  it('maps the Temporal probe’s backlog signal to the backlog runbook when the cluster is healthy', () => {
    const temporal = healthOf(
      evaluate('taskqueue-backlog-no-workers'),
      'temporal',
    );
    const probeSignal: SignalId = 'temporal-backlog-no-pollers';
    const [top] = matchRunbooks(
      [
        ...temporal.signals,
        {
          id: probeSignal,
          message: 'Task queue orders: 20 tasks in backlog, no pollers',
        },
      ],
      catalog.services.find(s => s.name === 'temporal')!.runbooks!,
    );
    expect(top.title).toBe(TEMPORAL_RUNBOOKS.backlog);
  });
});

describe('the healthy scenario', () => {
  const result = evaluate('healthy');

  it('has every Enabled service healthy and every Disabled service disabled', () => {
    const byStatus = Object.fromEntries(
      result.services.map(s => [s.service, s.status]),
    );
    for (const service of catalog.services) {
      expect([service.name, byStatus[service.name]]).toEqual([
        service.name,
        service.status === 'Enabled' ? 'healthy' : 'disabled',
      ]);
    }
  });

  it('has exactly one configuration drift: the Temporal Web UI memory limit', () => {
    const mismatches = result.services.flatMap(s =>
      s.drift.filter(d => d.outcome === 'mismatch'),
    );
    expect(mismatches).toEqual([
      expect.objectContaining({
        parameter: 'TEMPORAL_WEB_MEMORY_LIMIT',
        declared: '256Mi',
        live: '512Mi',
        ref: { name: 'temporal-server', namespace: 'flux-system' },
      }),
    ]);
    const notFound = result.services.flatMap(s =>
      s.drift.filter(d => d.outcome === 'not-found'),
    );
    expect(notFound).toEqual([]);
  });

  it('finds the chart the catalog declares deployed for every HelmRelease service', () => {
    for (const s of result.services.filter(x => x.chart)) {
      expect([s.service, s.chart?.matches]).toEqual([s.service, true]);
    }
  });
});

describe('loadScenario', () => {
  it('replaces base objects by API group, kind, namespace and name, and adds new ones', () => {
    const base = loadScenario('healthy').objects;
    const schema = loadScenario('schema-migration-failed').objects;
    expect(schema).toHaveLength(base.length + 2);
    const hr = schema.find(
      o =>
        objectIdentity(o) ===
        'helm.toolkit.fluxcd.io/HelmRelease/flux-system/temporal-server',
    );
    expect((hr as HelmReleaseObject).status?.conditions?.[0].reason).toBe(
      'RetriesExceeded',
    );
  });

  it('removes listed base objects and refuses incomplete ones', () => {
    const root = mkdtempSync(join(tmpdir(), 'cluster-'));
    mkdirSync(join(root, 'base'));
    mkdirSync(join(root, 'gone'));
    mkdirSync(join(root, 'broken'));
    writeFileSync(
      join(root, 'base', 'namespaces.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n',
    );
    writeFileSync(
      join(root, 'gone', 'scenario.yaml'),
      'description: b is gone\nremove:\n  - kind: Namespace\n    name: b\n',
    );
    writeFileSync(
      join(root, 'broken', 'scenario.yaml'),
      'description: broken\n',
    );
    writeFileSync(
      join(root, 'broken', 'x.yaml'),
      'kind: Namespace\nmetadata:\n  name: c\n',
    );
    expect(
      loadScenario('gone', root).objects.map(o => o.metadata.name),
    ).toEqual(['a']);
    expect(() => loadScenario('broken', root)).toThrow(
      'expected apiVersion, kind and metadata.name',
    );
    expect(listScenarios(root)).toEqual(['broken', 'gone']);
  });

  it('reads every file of examples/cluster', () => {
    for (const scenario of listScenarios())
      expect(() => loadScenario(scenario)).not.toThrow();
    expect(
      readYamlObjects(join(CLUSTER_EXAMPLES, 'base', 'namespaces.yaml')).length,
    ).toBeGreaterThan(10);
  });
});
