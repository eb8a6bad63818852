import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { catalogFile, smallCatalog } from '../__fixtures__/catalogs';
import { eventually } from '../__testUtils__/eventually';
import { platformServicesPlugin } from '../plugin';

jest.setTimeout(60_000);

describe('platform-services routes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function start(path: string, knex?: any) {
    const { server } = await startTestBackend({
      features: [
        platformServicesPlugin,
        mockServices.rootConfig.factory({
          data: { platformServices: { catalog: { path } } },
        }),
        ...(knex ? [mockServices.database.factory({ knex })] : []),
      ],
    });
    await eventually(async () => {
      const res = await request(server).get('/api/platform-services/catalog');
      expect(res.body.accepted).not.toBeNull();
    });
    return server;
  }

  it('serves summaries, whole services, and 404 for unknown names', async () => {
    const file = catalogFile(smallCatalog());
    const server = await start(file.path);

    const list = await request(server).get('/api/platform-services/services');
    expect(list.status).toBe(200);
    expect(list.body.catalog).toMatchObject({
      commit: '165b485',
      catalogSha: '4d088b0b3a67b4c4',
    });
    expect(list.body.services).toEqual([
      expect.objectContaining({
        name: 'postgresql-cluster',
        downstream: ['temporal'],
        runbookCount: 0,
      }),
      expect.objectContaining({
        name: 'temporal',
        dependsOn: ['postgresql-cluster'],
        runbookCount: 1,
      }),
    ]);

    const temporal = await request(server).get(
      '/api/platform-services/services/temporal',
    );
    expect(temporal.status).toBe(200);
    expect(temporal.body.source.url).toBe(
      'https://github.com/example-org/platform-gitops/tree/165b485/apps/base/temporal/',
    );
    expect(temporal.body.runbooks[0].steps).toEqual([
      expect.objectContaining({
        index: 0,
        comments: ['If schema is corrupted, retry:'],
      }),
      expect.objectContaining({ index: 1, comments: [] }),
    ]);
    const pg = await request(server).get(
      '/api/platform-services/services/postgresql-cluster',
    );
    expect(pg.body.downstream).toEqual([
      { service: 'temporal', reason: 'Flux dependsOn', title: 'Temporal' },
    ]);

    const missing = await request(server).get(
      '/api/platform-services/services/redis',
    );
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/json/);
    expect(missing.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'No service named "redis" in the accepted service catalog',
    });
  });

  it('requires a signed-in caller', async () => {
    const file = catalogFile(smallCatalog());
    const server = await start(file.path);
    const res = await request(server)
      .get('/api/platform-services/services')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('reports the accepted catalog and the last attempt, and picks up a changed file', async () => {
    const file = catalogFile(smallCatalog());
    const server = await start(file.path);
    const first = await request(server).get('/api/platform-services/catalog');
    expect(first.body.accepted).toMatchObject({
      commit: '165b485',
      serviceCount: 2,
      location: file.path,
      generatedAt: '2026-11-20T09:30:00Z',
    });
    expect(first.body.lastAttempt).toMatchObject({ ok: true, problems: [] });

    // A refused file: the accepted catalog stays, the attempt names the pointer.
    file.write({ ...smallCatalog('bad0000'), environments: [] });
    await eventually(async () => {
      const res = await request(server).get('/api/platform-services/catalog');
      expect(res.body.lastAttempt).toMatchObject({
        ok: false,
        problems: [
          {
            pointer: '/environments',
            message: 'expected at least one environment, got an empty array',
            severity: 'error',
          },
        ],
      });
    });
    const still = await request(server).get('/api/platform-services/services');
    expect(still.body.services).toHaveLength(2);

    // The watcher picks up the fixed file without waiting for the schedule.
    file.write(smallCatalog('fedcba9'));
    await eventually(async () => {
      const res = await request(server).get('/api/platform-services/catalog');
      expect(res.body.accepted.commit).toBe('fedcba9');
    });
  });

  it('serves the accepted file with an ETag and answers 304 when unchanged', async () => {
    const file = catalogFile(smallCatalog());
    const server = await start(file.path);
    const res = await request(server).get(
      '/api/platform-services/catalog/accepted',
    );
    expect(res.status).toBe(200);
    expect(res.body.catalog.services).toHaveLength(2);
    expect(res.body.location).toBe(file.path);
    expect(res.headers.etag).toBe(`"${res.body.revision}"`);
    const again = await request(server)
      .get('/api/platform-services/catalog/accepted')
      .set('If-None-Match', res.headers.etag);
    expect(again.status).toBe(304);
  });

  it.each(databases.eachSupportedId())(
    'serves the last accepted catalog after a restart with a broken file (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const file = catalogFile(smallCatalog());
      const server = await start(file.path, knex);
      expect(
        (await request(server).get('/api/platform-services/services')).body
          .services,
      ).toHaveLength(2);

      file.write('not json at all');
      const restarted = await start(file.path, knex);
      const list = await request(restarted).get(
        '/api/platform-services/services',
      );
      expect(list.body.services).toHaveLength(2);
      await eventually(async () => {
        const status = await request(restarted).get(
          '/api/platform-services/catalog',
        );
        expect(status.body.lastAttempt.ok).toBe(false);
        expect(status.body.lastAttempt.problems[0].message).toMatch(
          /^expected JSON/,
        );
      });
    },
  );
});
