import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { rmSync, writeFileSync } from 'node:fs';
import { catalogFile, smallCatalog } from '../__fixtures__/catalogs';
import { AcceptedCatalog } from './AcceptedCatalog';
import { CatalogReader } from './CatalogReader';
import { DatabaseCatalogStore } from './DatabaseCatalogStore';

jest.setTimeout(60_000);

describe('AcceptedCatalog', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function setup(
    databaseId: (typeof databases)['eachSupportedId'] extends () => Array<
      [infer T]
    >
      ? T
      : never,
    content: unknown,
    maxBytes = 1_000_000,
  ) {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex });
    const file = catalogFile(content);
    const open = async () =>
      new AcceptedCatalog({
        store: await DatabaseCatalogStore.create({ database }),
        reader: new CatalogReader({ kind: 'path', path: file.path }, maxBytes),
        maxBytes,
        logger: mockServices.logger.mock(),
      });
    return { file, open };
  }

  it.each(databases.eachSupportedId())(
    'accepts, skips unchanged files, and keeps the last good catalog over a refused one, across a restart (%p)',
    async databaseId => {
      const { file, open } = await setup(databaseId, smallCatalog());
      const catalog = await open();
      await catalog.syncFromStore();
      expect(catalog.model()).toBeUndefined();

      expect(await catalog.refresh()).toBe('accepted');
      expect(catalog.model()?.summaries.map(s => s.name)).toEqual([
        'postgresql-cluster',
        'temporal',
      ]);
      expect(await catalog.refresh()).toBe('unchanged');
      expect(catalog.status().lastAttempt).toMatchObject({
        ok: true,
        unchanged: true,
      });

      // A broken file: refused with its pointer, nothing lost.
      const broken = smallCatalog('deadbee');
      delete (broken.services[1] as any).namespace;
      file.write(broken);
      expect(await catalog.refresh()).toBe('refused');
      expect(catalog.model()?.provenance.commit).toBe('165b485');
      expect(catalog.status().lastAttempt).toMatchObject({
        ok: false,
        problems: [
          expect.objectContaining({ pointer: '/services/1/namespace' }),
        ],
      });

      // A restart with the broken file still serves the last good catalog.
      const restarted = await open();
      await restarted.syncFromStore();
      expect(restarted.model()?.summaries).toHaveLength(2);
      expect(restarted.status().accepted?.commit).toBe('165b485');
      expect(restarted.status().lastAttempt?.ok).toBe(false);
      expect(await restarted.refresh()).toBe('refused');
      expect(restarted.model()?.summaries).toHaveLength(2);

      // A fixed file is accepted; the other replica picks it up from the store.
      const next = smallCatalog('abc1234');
      next.services.pop();
      file.write(next);
      expect(await restarted.refresh()).toBe('accepted');
      expect(restarted.model()?.summaries.map(s => s.name)).toEqual([
        'postgresql-cluster',
      ]);
      await catalog.syncFromStore();
      expect(catalog.status().accepted?.commit).toBe('abc1234');
    },
  );

  it('refuses a file that is not JSON, missing or too large, saying why', async () => {
    const { file, open } = await setup('SQLITE_3', smallCatalog(), 4000);
    const catalog = await open();
    expect(await catalog.refresh()).toBe('accepted');

    writeFileSync(file.path, '{"catalogVersion": 1,');
    expect(await catalog.refresh()).toBe('refused');
    expect(catalog.status().lastAttempt?.problems[0].message).toMatch(
      /^expected JSON/,
    );

    writeFileSync(file.path, ' '.repeat(5000));
    expect(await catalog.refresh()).toBe('refused');
    expect(catalog.status().lastAttempt?.problems[0].message).toBe(
      'expected a file of at most 4000 bytes, got 5000 bytes (raise platformServices.catalog.maxBytes to accept it)',
    );

    writeFileSync(
      file.path,
      JSON.stringify({ ...smallCatalog(), catalogVersion: 3 }),
    );
    expect(await catalog.refresh()).toBe('refused');
    expect(catalog.status().lastAttempt?.problems[0].pointer).toBe(
      '/catalogVersion',
    );

    rmSync(file.path);
    expect(await catalog.refresh()).toBe('refused');
    expect(catalog.status().lastAttempt?.problems[0].message).toMatch(
      /^could not read .*ENOENT/,
    );
    expect(catalog.model()?.summaries).toHaveLength(2);
  });
});
