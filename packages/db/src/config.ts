import { z } from 'zod';

/** Pool and connection settings, read once from the environment. */
export interface DbConfig {
  /** URL the pool connects to (may point at PgBouncer in transaction mode). */
  databaseUrl: string;
  /** Direct PostgreSQL URL for migrations; never PgBouncer. */
  migrationDatabaseUrl: string;
  /** Most connections this process ever holds, for all servers together. */
  poolMax: number;
  /** Connections kept open while idle. */
  poolMin: number;
  /** Milliseconds an idle connection stays open before it is closed. */
  idleTimeoutMs: number;
  /** Most connections one server may hold at once (a share of poolMax). */
  maxPerServer: number;
  /** Milliseconds a call waits for a connection before "database busy". */
  connectionTimeoutMs: number;
  /** Shown in pg_stat_activity; how operators find this process's connections. */
  applicationName: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const integer = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number (got a non-numeric value)`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `${name} must be at least ${min}`)
        .max(max, `${name} must be at most ${max}`),
    );

const postgresUrl = (name: string) =>
  z
    .string()
    .trim()
    .min(1, `${name} is empty`)
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
      } catch {
        return false;
      }
    }, `${name} must be a postgres:// or postgresql:// URL`);

const envSchema = z.object({
  DATABASE_URL: postgresUrl('DATABASE_URL'),
  MIGRATION_DATABASE_URL: postgresUrl('MIGRATION_DATABASE_URL').optional(),
  DB_POOL_MAX: integer('DB_POOL_MAX', 1, 1000).optional(),
  DB_POOL_MIN: integer('DB_POOL_MIN', 0, 1000).optional(),
  DB_POOL_IDLE_TIMEOUT: integer('DB_POOL_IDLE_TIMEOUT', 100, 86_400_000).optional(),
  DB_POOL_MAX_PER_SERVER: integer('DB_POOL_MAX_PER_SERVER', 1, 1000).optional(),
  DB_POOL_CONNECTION_TIMEOUT: integer('DB_POOL_CONNECTION_TIMEOUT', 1, 600_000).optional(),
  DB_APPLICATION_NAME: z.string().trim().min(1).max(63).optional(),
});

export type DbEnv = Partial<Record<keyof z.input<typeof envSchema>, string | undefined>>;

export const DEFAULT_APPLICATION_NAME = 'mcp-writing';

/**
 * Parses the pool settings from environment variables (strings, as a shell or
 * docker-compose hands them over). Only the variables named in the schema are
 * read: POSTGRES_*, DB_HOST and friends never override DATABASE_URL.
 * Throws a ConfigError naming every bad variable.
 */
export function loadDbConfig(env: DbEnv | NodeJS.ProcessEnv = process.env): DbConfig {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = (env as Record<string, string | undefined>)[key];
    // An empty variable (FOO= in a compose file) means "not set".
    picked[key] = value === undefined || value.trim() === '' ? undefined : value;
  }
  if (picked.DATABASE_URL === undefined) {
    throw new ConfigError('DATABASE_URL is not set: give a postgres:// URL for the story database');
  }
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => issue.message);
    throw new ConfigError(`Invalid database configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const poolMax = e.DB_POOL_MAX ?? 10;
  const poolMin = e.DB_POOL_MIN ?? 0;
  const maxPerServer = e.DB_POOL_MAX_PER_SERVER ?? poolMax;
  const problems: string[] = [];
  if (poolMin > poolMax) problems.push(`DB_POOL_MIN (${poolMin}) must not exceed DB_POOL_MAX (${poolMax})`);
  if (maxPerServer > poolMax) {
    problems.push(`DB_POOL_MAX_PER_SERVER (${maxPerServer}) must not exceed DB_POOL_MAX (${poolMax})`);
  }
  if (problems.length > 0) throw new ConfigError(`Invalid database configuration: ${problems.join('; ')}`);
  return {
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL ?? e.DATABASE_URL,
    poolMax,
    poolMin,
    idleTimeoutMs: e.DB_POOL_IDLE_TIMEOUT ?? 10_000,
    maxPerServer,
    connectionTimeoutMs: e.DB_POOL_CONNECTION_TIMEOUT ?? 5_000,
    applicationName: e.DB_APPLICATION_NAME ?? DEFAULT_APPLICATION_NAME,
  };
}
