import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseCatalogStore } from './DatabaseCatalogStore';

jest.setTimeout(60_000);

describe('DatabaseCatalogStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'keeps the accepted catalog and the last attempt on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const store = await DatabaseCatalogStore.create({ database });

      expect(await store.getAccepted()).toBeUndefined();
      expect(await store.getLastAttempt()).toBeUndefined();

      const big = 'x'.repeat(2 * 1024 * 1024);
      const warning = {
        pointer: '/services/0/dependsOn/0/service',
        message: 'unknown',
        severity: 'warning' as const,
      };
      await store.accept(
        {
          revision: 'r1',
          content: big,
          location: '/tmp/a.json',
          acceptedAt: '2026-11-26T10:00:00.000Z',
          problems: [warning],
        },
        {
          at: '2026-11-26T10:00:00.000Z',
          location: '/tmp/a.json',
          ok: true,
          unchanged: false,
          problems: [warning],
        },
      );
      await store.recordAttempt({
        at: '2026-11-26T10:05:00.000Z',
        location: '/tmp/a.json',
        ok: false,
        unchanged: false,
        problems: [
          { pointer: '', message: 'expected JSON', severity: 'error' },
        ],
      });

      // A second store on the same database: what a restarted backend sees.
      const again = await DatabaseCatalogStore.create({ database });
      const accepted = await again.getAccepted();
      expect(accepted?.revision).toBe('r1');
      expect(accepted?.content).toHaveLength(big.length);
      expect(accepted?.problems).toEqual([warning]);
      expect(await again.getAcceptedRevision()).toBe('r1');
      expect(await again.getLastAttempt()).toEqual({
        at: '2026-11-26T10:05:00.000Z',
        location: '/tmp/a.json',
        ok: false,
        unchanged: false,
        problems: [
          { pointer: '', message: 'expected JSON', severity: 'error' },
        ],
      });

      await again.accept(
        {
          revision: 'r2',
          content: '{}',
          location: '/tmp/a.json',
          acceptedAt: '2026-11-26T11:00:00.000Z',
          problems: [],
        },
        {
          at: '2026-11-26T11:00:00.000Z',
          location: '/tmp/a.json',
          ok: true,
          unchanged: false,
          problems: [],
        },
      );
      expect(await store.getAcceptedRevision()).toBe('r2');
      expect((await store.getLastAttempt())?.ok).toBe(true);
    },
  );
});
