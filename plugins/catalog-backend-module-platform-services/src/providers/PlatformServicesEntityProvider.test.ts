import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import platformServicesPlugin from '@platform-services/plugin-platform-services-backend';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogModulePlatformServices } from '../module';
import { PlatformServicesEntityProvider } from './PlatformServicesEntityProvider';

jest.setTimeout(60_000);

function service(name: string, extra: object = {}) {
  return {
    name,
    title: name.toUpperCase(),
    description: `The ${name} service.`,
    namespace: name,
    type: 'Kustomization',
    layer: 'Data',
    status: 'Enabled',
    sourcePath: `apps/base/${name}/`,
    flux: { kustomization: { name, namespace: 'flux-system' } },
    ...extra,
  };
}

function catalogOf(commit: string, services: object[]) {
  return {
    catalogVersion: 1,
    generatedAt: '2026-11-20T09:30:00Z',
    source: {
      repository: 'https://github.com/example-org/platform-gitops',
      commit,
    },
    environments: [{ name: 'dev' }],
    services,
  };
}

async function eventually(
  check: () => Promise<void> | void,
  timeoutMs = 10_000,
) {
  const start = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() - start > timeoutMs) throw e;
      await new Promise(r => setTimeout(r, 100));
    }
  }
}

describe('PlatformServicesEntityProvider with the real backend plugin', () => {
  it('applies a full mutation first, then deltas; unchanged or refused files write nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-provider-'));
    const path = join(dir, 'service-catalog.json');
    const write = (c: unknown) =>
      writeFileSync(path, typeof c === 'string' ? c : JSON.stringify(c));
    write(
      catalogOf('aaaaaaa', [
        service('postgresql-cluster'),
        service('redis'),
        service('temporal', {
          dependsOn: [
            { service: 'postgresql-cluster', reason: 'Flux dependsOn' },
          ],
        }),
      ]),
    );

    const providers: EntityProvider[] = [];
    const scheduler = mockServices.scheduler.mock({
      createScheduledTaskRunner: () => ({ run: jest.fn() }),
    });
    const { server } = await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          { addEntityProvider: (p: any) => providers.push(p) },
        ],
      ],
      features: [
        platformServicesPlugin,
        catalogModulePlatformServices,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:0' },
            platformServices: { catalog: { path } },
          },
        }),
      ],
    });
    const status = async () => {
      const { port } = server.address() as { port: number };
      return (await fetch(
        `http://localhost:${port}/api/platform-services/catalog`,
        {
          headers: { Authorization: 'Bearer mock-user-token' },
        },
      ).then(r => r.json())) as any;
    };

    expect(providers).toHaveLength(1);
    const provider = providers[0] as PlatformServicesEntityProvider;
    expect(provider.getProviderName()).toBe('platform-services-provider');
    const connection: EntityProviderConnection = {
      applyMutation: jest.fn(),
      refresh: jest.fn(),
    };
    await provider.connect(connection);
    await eventually(async () =>
      expect((await status()).accepted?.commit).toBe('aaaaaaa'),
    );

    // First run: everything, as a full mutation.
    expect(await provider.refresh()).toEqual({ mutation: 'full', entities: 4 });
    const full = (connection.applyMutation as jest.Mock).mock.calls[0][0];
    expect(full.type).toBe('full');
    expect(
      full.entities
        .map((e: any) => `${e.entity.kind}:${e.entity.metadata.name}`)
        .sort(),
    ).toEqual([
      'Component:postgresql-cluster',
      'Component:redis',
      'Component:temporal',
      'System:data',
    ]);
    const temporal = full.entities.find(
      (e: any) => e.entity.metadata.name === 'temporal',
    );
    expect(temporal.entity.spec.dependsOn).toEqual([
      'component:default/postgresql-cluster',
    ]);
    expect(temporal.locationKey).toBe('platform-services-provider');

    // Unchanged: no writes at all.
    expect(await provider.refresh()).toEqual({ mutation: 'none' });
    write(
      JSON.stringify(
        catalogOf('aaaaaaa', [
          service('postgresql-cluster'),
          service('redis'),
          service('temporal', {
            dependsOn: [
              { service: 'postgresql-cluster', reason: 'Flux dependsOn' },
            ],
          }),
        ]),
      ),
    );
    expect(await provider.refresh()).toEqual({ mutation: 'none' });

    // Refused: nothing removed.
    write({ ...catalogOf('bbbbbbb', []), catalogVersion: 2 });
    await eventually(async () =>
      expect((await status()).lastAttempt?.ok).toBe(false),
    );
    expect(await provider.refresh()).toEqual({ mutation: 'none' });
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);

    // Changed: only what changed, as a delta.
    write(
      catalogOf('aaaaaaa', [
        service('postgresql-cluster'),
        service('temporal', {
          title: 'Temporal',
          dependsOn: [
            { service: 'postgresql-cluster', reason: 'Flux dependsOn' },
          ],
        }),
        service('keda'),
      ]),
    );
    await eventually(async () =>
      expect((await status()).lastAttempt?.ok).toBe(true),
    );
    expect(await provider.refresh()).toEqual({
      mutation: 'delta',
      added: 2,
      removed: 1,
    });
    const delta = (connection.applyMutation as jest.Mock).mock.calls[1][0];
    expect(delta.type).toBe('delta');
    expect(delta.added.map((e: any) => e.entity.metadata.name).sort()).toEqual([
      'keda',
      'temporal',
    ]);
    expect(delta.removed).toEqual([
      {
        entityRef: 'component:default/redis',
        locationKey: 'platform-services-provider',
      },
    ]);
    expect(await provider.refresh()).toEqual({ mutation: 'none' });
  });
});
