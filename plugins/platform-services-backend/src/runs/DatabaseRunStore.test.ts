import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { RunRecord } from '@platform-services/plugin-platform-services-common';
import { resolve } from 'node:path';
import { DatabaseRunStore } from './DatabaseRunStore';
import { runsRetentionTask } from './retention';

jest.setTimeout(60_000);

function record(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: 'run-1',
    service: 'temporal',
    environment: 'dev',
    runbookId: 'externalsecret-not-syncing-credentials',
    runbookTitle: 'ExternalSecret not syncing credentials',
    stepIndex: 5,
    command:
      'kubectl annotate externalsecret postgresql-cluster-app -n temporal force-sync=$(date +%s) --overwrite',
    stepClass: 'action',
    operation: {
      kind: 'annotate',
      resource: {
        kind: 'ExternalSecret',
        group: 'external-secrets.io',
        version: 'v1',
        plural: 'externalsecrets',
        namespaced: true,
      },
      name: 'postgresql-cluster-app',
      namespace: 'temporal',
      key: 'force-sync',
      value: { unixTime: true },
      overwrite: true,
    },
    actor: 'user:default/jane',
    requestedAt: '2026-11-20T10:00:00.000Z',
    outcome: 'previewed',
    preview: {
      summary:
        'Set the annotation force-sync=1795168800 on ExternalSecret temporal/postgresql-cluster-app',
      patches: [],
      deletes: [],
      confirmation: 'run',
    },
    progress: [
      {
        at: '2026-11-20T10:00:00.000Z',
        message: 'Dry run requested by user:default/jane',
      },
    ],
    ...overrides,
  };
}

describe('DatabaseRunStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function storeOn(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({
      knex,
      migrations: { skip: false },
    });
    return { knex, store: await DatabaseRunStore.create({ database }) };
  }

  it.each(databases.eachSupportedId())(
    'stores runs once per run id on %p',
    async databaseId => {
      const { store } = await storeOn(databaseId);
      expect(await store.get('run-1')).toBeUndefined();
      expect(await store.insert(record())).toBe(true);
      expect(
        await store.insert(record({ actor: 'user:default/mallory' })),
      ).toBe(false);
      expect(await store.get('run-1')).toEqual(record());

      // Only one of several simultaneous claims of a previewed action wins.
      const claims = await Promise.all(
        [1, 2, 3, 4, 5].map(i =>
          store.claim('run-1', {
            actor: `user:default/u${i}`,
            requestedAt: '2026-11-20T10:01:00.000Z',
            progress: [],
          }),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.get('run-1')).toMatchObject({
        outcome: 'running',
        requestedAt: '2026-11-20T10:01:00.000Z',
      });
      expect(
        await store.claim('run-1', {
          actor: 'x',
          requestedAt: 'x',
          progress: [],
        }),
      ).toBe(false);

      const finished = record({
        outcome: 'succeeded',
        finishedAt: '2026-11-20T10:01:02.000Z',
        durationMs: 2000,
        output: {
          kind: 'log',
          lines: ['x'.repeat(1024)].concat(
            Array.from({ length: 400 }, () => 'y'.repeat(1024)),
          ),
        },
        error: undefined,
      });
      await store.update(finished);
      const stored = (await store.get('run-1'))!;
      expect(stored).toMatchObject({
        outcome: 'succeeded',
        durationMs: 2000,
        finishedAt: '2026-11-20T10:01:02.000Z',
      });
      // At most 256 KB of output is kept: the last lines.
      expect(
        Buffer.byteLength(JSON.stringify(stored.output)),
      ).toBeLessThanOrEqual(256 * 1024);
      expect(stored.output).toMatchObject({ kind: 'log', truncated: true });
    },
  );

  it.each(databases.eachSupportedId())(
    'lists newest first and forgets old runs on %p',
    async databaseId => {
      const { store } = await storeOn(databaseId);
      const times = [
        '2026-08-01T00:00:00.000Z',
        '2026-11-19T00:00:00.000Z',
        '2026-11-20T00:00:00.000Z',
      ];
      for (const [i, requestedAt] of times.entries()) {
        await store.insert(
          record({
            runId: `run-${i}`,
            requestedAt,
            environment: i === 2 ? 'prod' : 'dev',
          }),
        );
      }
      await store.insert(record({ runId: 'other', service: 'redis' }));
      expect(
        (await store.list({ service: 'temporal', limit: 10 })).map(
          r => r.runId,
        ),
      ).toEqual(['run-2', 'run-1', 'run-0']);
      expect(
        (await store.list({ service: 'temporal', limit: 1 })).map(r => r.runId),
      ).toEqual(['run-2']);
      expect(
        (
          await store.list({
            service: 'temporal',
            environment: 'dev',
            limit: 10,
          })
        ).map(r => r.runId),
      ).toEqual(['run-1', 'run-0']);

      await runsRetentionTask({
        store,
        retention: { days: 90 },
        now: () => new Date('2026-11-20T12:00:00Z'),
      })();
      expect(
        (await store.list({ service: 'temporal', limit: 10 })).map(
          r => r.runId,
        ),
      ).toEqual(['run-2', 'run-1']);
      expect(
        await store.deleteOlderThan(new Date('2026-11-21T00:00:00Z')),
      ).toBe(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'migrates down and up on %p',
    async databaseId => {
      const { knex } = await storeOn(databaseId);
      const directory = resolve(__dirname, '../../migrations');
      await knex.migrate.down({ directory, name: '20261126010000_runs.js' });
      expect(await knex.schema.hasTable('platform_services_runs')).toBe(false);
      await knex.migrate.up({ directory, name: '20261126010000_runs.js' });
      expect(await knex.schema.hasTable('platform_services_runs')).toBe(true);
    },
  );
});
