import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';

export interface MigrateResult {
  /** Migrations applied by this run, in order (empty when already current). */
  applied: string[];
}

export interface MigrationStatus {
  /** Every migration this build knows. */
  known: string[];
  /** Known migrations not yet applied to the database. */
  pending: string[];
}

/** SQLSTATEs of two runs racing to create the same bookkeeping table. */
const CREATE_RACE = new Set(['23505', '42P07', '42710']);

function migrationDb(url: string): Kysely<unknown> {
  return new Kysely<unknown>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: url, max: 1, application_name: 'mcp-writing-migrate' }),
    }),
  });
}

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

/**
 * Applies every pending migration over `url`, which must reach PostgreSQL
 * directly (never PgBouncer in transaction mode). Concurrent runs are safe:
 * kysely serialises them with a transaction-scoped advisory lock, and a race
 * on creating its bookkeeping tables is retried.
 */
export async function migrateToLatest(url: string): Promise<MigrateResult> {
  const db = migrationDb(url);
  try {
    for (let attempt = 1; ; attempt += 1) {
      const { error, results } = await migrator(db).migrateToLatest();
      if (!error) {
        return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
      }
      const code = (error as { code?: string }).code;
      if (attempt < 3 && code !== undefined && CREATE_RACE.has(code)) continue;
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(failed ? `migration ${failed} failed: ${message}` : `migrations failed: ${message}`, {
        cause: error,
      });
    }
  } finally {
    await db.destroy();
  }
}

/**
 * Which migrations the database still lacks (for readiness checks). Only
 * reads, so it may run over the shared pool, PgBouncer included.
 */
export async function migrationStatus(db: Kysely<any>): Promise<MigrationStatus> {
  const infos = await migrator(db).getMigrations();
  return {
    known: infos.map((m) => m.name),
    pending: infos.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}
