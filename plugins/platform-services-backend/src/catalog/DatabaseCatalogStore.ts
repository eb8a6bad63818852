import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { CatalogStore, StoredAttempt, StoredCatalog } from './CatalogStore';

const CATALOG = 'platform_services_catalog';
const ATTEMPT = 'platform_services_catalog_attempt';

const migrationsDir = resolvePackagePath(
  '@platform-services/plugin-platform-services-backend',
  'migrations',
);

/** The catalog store on the plugin's own database (SQLite or PostgreSQL). */
export class DatabaseCatalogStore implements CatalogStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseCatalogStore> {
    const client = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseCatalogStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async getAccepted(): Promise<StoredCatalog | undefined> {
    const row = await this.db(CATALOG).where({ id: 1 }).first();
    if (!row) return undefined;
    return {
      revision: row.revision,
      content: row.content,
      location: row.location,
      acceptedAt: row.accepted_at,
      problems: JSON.parse(row.problems),
    };
  }

  async getAcceptedRevision(): Promise<string | undefined> {
    const row = await this.db(CATALOG).where({ id: 1 }).first('revision');
    return row?.revision;
  }

  async accept(catalog: StoredCatalog, attempt: StoredAttempt): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(CATALOG)
        .insert({
          id: 1,
          revision: catalog.revision,
          content: catalog.content,
          location: catalog.location,
          accepted_at: catalog.acceptedAt,
          problems: JSON.stringify(catalog.problems),
        })
        .onConflict('id')
        .merge();
      await this.writeAttempt(tx, attempt);
    });
  }

  async recordAttempt(attempt: StoredAttempt): Promise<void> {
    await this.writeAttempt(this.db, attempt);
  }

  async getLastAttempt(): Promise<StoredAttempt | undefined> {
    const row = await this.db(ATTEMPT).where({ id: 1 }).first();
    if (!row) return undefined;
    return {
      at: row.at,
      location: row.location,
      ok: !!row.ok,
      unchanged: !!row.unchanged,
      problems: JSON.parse(row.problems),
    };
  }

  private async writeAttempt(db: Knex, attempt: StoredAttempt) {
    await db(ATTEMPT)
      .insert({
        id: 1,
        at: attempt.at,
        location: attempt.location,
        ok: attempt.ok,
        unchanged: attempt.unchanged,
        problems: JSON.stringify(attempt.problems),
      })
      .onConflict('id')
      .merge();
  }
}
