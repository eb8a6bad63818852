/**
 * Live health against a real kube-apiserver from the local stack: every
 * scenario gives the expected verdict and runbook, changes are pushed, a
 * stopped API server turns answers unknown until it returns, and a kind the
 * identity may not read gives a partial answer.
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  buildServiceModel,
  HealthChangedEvent,
  ServiceHealthResponse,
  validateCatalogText,
} from '@platform-services/plugin-platform-services-common';
import { Stack, startStack } from '@platform-services/stack';
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually } from '../__testUtils__/eventually';
import { ClusterWatchCache } from '../cluster/ClusterWatchCache';
import { makeKubeConfig, makeKubeReader } from '../cluster/kubernetes';
import { LiveHealth } from './LiveHealth';
import { ConfigReader } from '@backstage/config';
import { probesOf, readTemporalConfig, TemporalProbeScheduler } from '../temporal';

jest.setTimeout(600_000);

const repo = resolve(__dirname, '../../../..');
const model = (() => {
  const result = validateCatalogText(readFileSync(join(repo, 'examples/service-catalog.json'), 'utf8'));
  if (!result.ok) throw new Error('example catalog refused');
  return buildServiceModel(result.catalog);
})();

function watch(kubeconfigPath: string, name = 'local') {
  const cache = new ClusterWatchCache(
    name,
    'dev',
    makeKubeReader(makeKubeConfig(name, { kind: 'kubeconfig', path: kubeconfigPath })),
  );
  const health = new LiveHealth({
    clusters: [cache],
    logger: mockServices.logger.mock(),
    debounceMs: 50,
  });
  health.setModel(model);
  return { cache, health };
}

const temporalOf = (health: LiveHealth): ServiceHealthResponse =>
  health.serviceHealth('temporal', 'dev')!;

describe('live health against the local stack', () => {
  let stack: Stack;
  let live: ReturnType<typeof watch>;

  beforeAll(async () => {
    stack = await startStack({
      dir: mkdtempSync(join(tmpdir(), 'ps-live-')),
      scenario: 'healthy',
      temporal: true,
    });
    live = watch(stack.viewerKubeconfigPath);
    await eventually(() => {
      if (!live.cache.status().connected) throw new Error('the watch cache has not listed the cluster yet');
    }, 30_000);
  });

  afterAll(async () => {
    live?.health.stop();
    await stack?.stop();
  });

  it('reads the healthy cluster: every enabled service healthy, the deliberate drift reported', async () => {
    const answer = await eventually(() => {
      const a = temporalOf(live.health);
      expect(a.health.status).toBe('healthy');
      return a;
    }, 30_000);
    expect(answer.freshness).toMatchObject({ cluster: 'local', connected: true, partial: [] });
    expect(answer.health.runbooks).toEqual([]);
    expect(answer.health.drift).toContainEqual(
      expect.objectContaining({
        parameter: 'TEMPORAL_WEB_MEMORY_LIMIT',
        outcome: 'mismatch',
        declared: '256Mi',
        live: '512Mi',
      }),
    );
    const summary = live.health.summary('dev')!;
    expect(summary.services.map(s => [s.service, s.status])).toEqual(
      summary.services.map(s => [
        s.service,
        model.services.get(s.service)!.status === 'Disabled' ? 'disabled' : 'healthy',
      ]),
    );
  });

  const scenarios: Array<[string, string, string | undefined]> = [
    ['schema-migration-failed', 'unhealthy', 'Schema migration job fails on upgrade'],
    ['frontend-db-unreachable', 'unhealthy', 'Frontend pods unable to connect to PostgreSQL'],
    ['history-oomkilled', 'degraded', 'History service OOMKilled under workflow load'],
    ['externalsecret-not-syncing', 'degraded', 'ExternalSecret not syncing credentials'],
    ['web-ui-unreachable', 'unhealthy', 'Temporal Web UI unreachable via IngressRoute'],
    ['upstream-postgres-degraded', 'degraded', 'Frontend pods unable to connect to PostgreSQL'],
    ['taskqueue-backlog-no-workers', 'healthy', undefined],
    ['healthy', 'healthy', undefined],
  ];

  it.each(scenarios)(
    'switching to %s pushes a change and names the right runbook',
    async (scenario, status, runbook) => {
      const events: HealthChangedEvent[] = [];
      const off = live.health.onChange(e => events.push(e));
      const before = temporalOf(live.health).health.status;
      await stack.applyScenario(scenario);
      try {
        const answer = await eventually(() => {
          const a = temporalOf(live.health);
          expect(a.health.status).toBe(status);
          expect(a.health.runbooks[0]?.title).toBe(runbook);
          return a;
        }, 30_000);
        expect(answer.health.summary.length).toBeGreaterThan(0);
        // A change of verdict reaches subscribers (the page) without a reload.
        const pushed = await eventually(() => {
          const seen = events.some(e => e.environment === 'dev' && e.services.includes('temporal'));
          if (before !== status && !seen) throw new Error('no health-changed event for temporal yet');
          return seen;
        }, 30_000);
        expect(pushed || before === status).toBe(true);
      } finally {
        off();
      }
    },
  );

  it('names the backlog runbook from Temporal itself when the worker stops, and clears it when it is back', async () => {
    const holder = { health: undefined as LiveHealth | undefined };
    const temporal = TemporalProbeScheduler.fromConfig(
      readTemporalConfig(
        new ConfigReader({
          platformServices: {
            temporal: [
              {
                environment: 'dev',
                address: stack.temporalAddress,
                namespaces: [{ name: 'default', retention: '3d' }],
                refresh: { seconds: 1 },
              },
            ],
          },
        }),
      ),
      { onResult: result => holder.health?.probesChanged(result.environment) },
    );
    const health = new LiveHealth({
      clusters: [live.cache],
      logger: mockServices.logger.mock(),
      probes: probesOf(temporal),
      debounceMs: 50,
    });
    holder.health = health;
    health.setModel(model);
    temporal.start();
    try {
      await stack.applyScenario('healthy');
      await eventually(() => {
        const a = temporalOf(health);
        expect(a.health.checks.find(c => c.kind === 'Temporal')?.status).toBe('ok');
        expect(a.health.status).toBe('healthy');
      }, 60_000);

      await stack.applyScenario('taskqueue-backlog-no-workers');
      const answer = await eventually(() => {
        const a = temporalOf(health);
        expect(a.health.runbooks[0]?.title).toBe('Task queue backlog growing with no workers processing');
        return a;
      }, 120_000);
      expect(answer.health.signals.map(s => s.id)).toContain('temporal-backlog-no-pollers');
      expect(answer.health.status).toBe('degraded');

      await stack.applyScenario('healthy');
      await eventually(() => expect(temporalOf(health).health.runbooks).toEqual([]), 120_000);
    } finally {
      await temporal.stop();
    }
  });

  it('turns unknown with a stale-since time when the API server stops, and recovers by itself', async () => {
    const statePath = join(stack.dir, 'state.json');
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    const pid: number = state.processes.apiserver.pid;
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    process.kill(-pid, 'SIGTERM');

    const down = await eventually(() => {
      const a = temporalOf(live.health);
      expect(a.health.status).toBe('unknown');
      expect(a.freshness.connected).toBe(false);
      expect(a.freshness.staleSince).toBeDefined();
      return a;
    }, 120_000);
    expect(down.freshness.lastError).toBeTruthy();

    // The same server again, on the same port and certificates.
    const again = spawn(args[0], args.slice(1), { detached: true, stdio: 'ignore' });
    again.unref();
    state.processes.apiserver.pid = again.pid;
    require('node:fs').writeFileSync(statePath, JSON.stringify(state, null, 2));

    await eventually(() => {
      const a = temporalOf(live.health);
      expect(a.freshness.connected).toBe(true);
      expect(a.health.status).toBe('healthy');
    }, 180_000);
  });

  it('gives a partial answer naming what the identity may not read', async () => {
    const admin = new KubeConfig();
    admin.loadFromFile(stack.adminKubeconfigPath);
    const core = admin.makeApiClient(CoreV1Api);
    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    const viewerRole = await rbac.readClusterRole({ name: 'platform-services-read' });
    await rbac.createClusterRole({
      body: {
        metadata: { name: 'limited-read' },
        rules: (viewerRole.rules ?? []).map(rule => ({
          ...rule,
          resources: (rule.resources ?? []).filter(r => r !== 'externalsecrets'),
        })),
      },
    });
    await core.createNamespacedServiceAccount({
      namespace: 'default',
      body: { metadata: { name: 'limited' } },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: 'limited-read' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'limited-read' },
        subjects: [{ kind: 'ServiceAccount', name: 'limited', namespace: 'default' }],
      },
    });
    const token = await core.createNamespacedServiceAccountToken({
      name: 'limited',
      namespace: 'default',
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    const cluster = admin.getCurrentCluster()!;
    const limited = new ClusterWatchCache(
      'limited',
      'dev',
      makeKubeReader(
        makeKubeConfig('limited', {
          kind: 'url',
          url: cluster.server,
          caData: cluster.caData,
          token: token.status!.token,
          skipTLSVerify: false,
        }),
      ),
    );
    const health = new LiveHealth({ clusters: [limited], logger: mockServices.logger.mock(), debounceMs: 50 });
    health.setModel(model);
    try {
      const answer = await eventually(() => {
        const a = temporalOf(health);
        expect(a.freshness.connected).toBe(true);
        expect(a.freshness.partial.some(p => p.kind === 'ExternalSecret')).toBe(true);
        return a;
      }, 60_000);
      expect(answer.freshness.partial.find(p => p.kind === 'ExternalSecret')!.message).toMatch(/403|forbidden/i);
      expect(answer.health.status).not.toBe('unknown');
    } finally {
      health.stop();
    }
  });
});
