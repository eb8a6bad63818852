import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { RunRecord } from '@platform-services/plugin-platform-services-common';
import { Knex } from 'knex';
import { capOutput } from './output';
import { RunStore } from './RunStore';

const RUNS = 'platform_services_runs';

const migrationsDir = resolvePackagePath(
  '@platform-services/plugin-platform-services-backend',
  'migrations',
);

interface Row {
  run_id: string;
  service: string;
  environment: string;
  runbook_id: string;
  runbook_title: string;
  step_index: number;
  command: string;
  step_class: string;
  operation: string | null;
  actor: string;
  requested_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  outcome: string;
  preview: string | null;
  progress: string;
  output: string | null;
  error: string | null;
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function toRow(r: RunRecord): Row {
  return {
    run_id: r.runId,
    service: r.service,
    environment: r.environment,
    runbook_id: r.runbookId,
    runbook_title: r.runbookTitle,
    step_index: r.stepIndex,
    command: r.command,
    step_class: r.stepClass,
    operation: json(r.operation),
    actor: r.actor,
    requested_at: r.requestedAt,
    finished_at: r.finishedAt ?? null,
    duration_ms: r.durationMs ?? null,
    outcome: r.outcome,
    preview: json(r.preview),
    progress: JSON.stringify(r.progress),
    // The store keeps at most 256 KB of output per run.
    output: r.output ? JSON.stringify(capOutput(r.output)) : null,
    error: r.error ?? null,
  };
}

function fromRow(row: Row): RunRecord {
  return {
    runId: row.run_id,
    service: row.service,
    environment: row.environment,
    runbookId: row.runbook_id,
    runbookTitle: row.runbook_title,
    stepIndex: Number(row.step_index),
    command: row.command,
    stepClass: row.step_class as RunRecord['stepClass'],
    ...(row.operation ? { operation: JSON.parse(row.operation) } : {}),
    actor: row.actor,
    requestedAt: row.requested_at,
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.duration_ms !== null && row.duration_ms !== undefined
      ? { durationMs: Number(row.duration_ms) }
      : {}),
    outcome: row.outcome as RunRecord['outcome'],
    ...(row.preview ? { preview: JSON.parse(row.preview) } : {}),
    progress: JSON.parse(row.progress),
    ...(row.output ? { output: JSON.parse(row.output) } : {}),
    ...(row.error ? { error: row.error } : {}),
  };
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' ||
    /^SQLITE_CONSTRAINT/.test(err?.code ?? '') ||
    /UNIQUE constraint failed|duplicate key/i.test(err?.message ?? '')
  );
}

/** The run store on the plugin's own database (SQLite or PostgreSQL). */
export class DatabaseRunStore implements RunStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseRunStore> {
    const client = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseRunStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async insert(record: RunRecord): Promise<boolean> {
    try {
      await this.db<Row>(RUNS).insert(toRow(record));
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    const row = await this.db<Row>(RUNS).where({ run_id: runId }).first();
    return row ? fromRow(row) : undefined;
  }

  async claim(
    runId: string,
    changes: Pick<RunRecord, 'actor' | 'requestedAt' | 'progress'>,
  ): Promise<boolean> {
    // One conditional update: of two replicas or requests, exactly one wins.
    const updated = await this.db<Row>(RUNS)
      .where({ run_id: runId, outcome: 'previewed' })
      .update({
        outcome: 'running',
        actor: changes.actor,
        requested_at: changes.requestedAt,
        progress: JSON.stringify(changes.progress),
      });
    return updated === 1;
  }

  async update(record: RunRecord): Promise<void> {
    const { run_id: runId, ...row } = toRow(record);
    await this.db<Row>(RUNS).where({ run_id: runId }).update(row);
  }

  async list(query: {
    service: string;
    environment?: string;
    limit: number;
  }): Promise<RunRecord[]> {
    const q = this.db<Row>(RUNS).where({ service: query.service });
    if (query.environment) q.andWhere({ environment: query.environment });
    const rows = await q
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'run_id', order: 'desc' },
      ])
      .limit(query.limit);
    return rows.map(fromRow);
  }

  async deleteOlderThan(date: Date): Promise<number> {
    return this.db<Row>(RUNS)
      .where('requested_at', '<', date.toISOString())
      .delete();
  }
}
