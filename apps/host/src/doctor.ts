import { createDb, loadDbConfig, migrationStatus, sql, type DbConfig } from '@mcp-writing/db';
import { computeBudget, readBouncerLimits, readPgLimits, type BouncerLimits, type PgLimits } from './admin-budget.js';

/**
 * `mcp-writing doctor [--replicas N] [--headroom K]`: is the database
 * reachable, are migrations current, and do N hosts fit the connection
 * budget? Prints to stdout; exit 0 fits, 1 does not fit (or a problem to
 * fix), 2 cannot check. Opens one connection at a time and closes it.
 */

const USAGE = `usage: mcp-writing doctor [--replicas N] [--headroom K]
  --replicas N   hosts sharing the database (default 1)
  --headroom K   connections kept for everything else: psql, migrations, backups (default 5)
Reads DATABASE_URL, MIGRATION_DATABASE_URL, DB_POOL_MAX and PGBOUNCER_ADMIN_URL from the environment.
Exit code: 0 fits, 1 does not fit, 2 cannot check.`;

export const DEFAULT_HEADROOM = 5;

interface Options {
  replicas: number;
  headroom: number;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' {
  const options: Options = { replicas: 1, headroom: DEFAULT_HEADROOM };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--replicas' && flag !== '--headroom') throw new UsageError(`unknown argument "${arg}"`);
    const value = inline ?? argv[++i];
    const min = flag === '--replicas' ? 1 : 0;
    if (value === undefined || !/^\d+$/.test(value) || Number(value) < min || Number(value) > 100_000) {
      throw new UsageError(`${flag} needs a whole number from ${min} to 100000 (got ${value === undefined ? 'nothing' : `"${value}"`})`);
    }
    options[flag === '--replicas' ? 'replicas' : 'headroom'] = Number(value);
  }
  return options;
}

/** user@host:port/db, never the password. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** The reason a connection failed, in a line: the pg error code or message, never a stack. */
function reason(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { message?: string }[] };
  const message = e.message || e.errors?.map((x) => x.message).join('; ') || String(error);
  return e.code && !message.includes(e.code) ? `${message} (${e.code})` : message;
}

/** Runs `work` over a pool of one connection to `url`, then closes it. */
async function withOneConnection<T>(url: string, base: DbConfig, work: (db: ReturnType<typeof createDb>['db']) => Promise<T>): Promise<T> {
  const handle = createDb(
    { ...base, databaseUrl: url, migrationDatabaseUrl: url, poolMax: 1, poolMin: 0, maxPerServer: 1, connectionTimeoutMs: 5_000, applicationName: 'mcp-writing-doctor' },
    { onPoolError: () => undefined },
  );
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

export async function runDoctor(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  let options: Options;
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      out(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    process.stderr.write(`mcp-writing doctor: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }

  let config: DbConfig;
  try {
    config = loadDbConfig(env);
  } catch (error) {
    out(`Cannot check: ${(error as Error).message}`);
    out('(With the embedded PostgreSQL of `npm start` there is one host and nothing to budget.)');
    return 2;
  }
  const bouncerUrl = env.PGBOUNCER_ADMIN_URL?.trim() || undefined;
  const direct = config.migrationDatabaseUrl;
  const problems: string[] = [];

  out(`mcp-writing doctor: ${options.replicas} host${options.replicas === 1 ? '' : 's'}, DB_POOL_MAX ${config.poolMax}, headroom ${options.headroom}`);
  out();

  // 1. The database the hosts use, and its limits (over the direct URL when there is one).
  let pg: PgLimits;
  let pending: string[];
  try {
    ({ pg, pending } = await withOneConnection(direct, config, async (db) => {
      const limits = await readPgLimits(db, config.applicationName);
      let notApplied: string[];
      try {
        notApplied = (await migrationStatus(db)).pending;
      } catch {
        notApplied = ['(the migration table could not be read)'];
      }
      return { pg: limits, pending: notApplied };
    }));
  } catch (error) {
    out(`Database ${describeUrl(direct)}: NOT REACHABLE: ${reason(error)}`);
    out('Cannot check the budget. Is PostgreSQL running, and are the host, port, user and password right?');
    return 2;
  }
  out(`Database ${describeUrl(direct)}: reachable, PostgreSQL ${pg.version}`);
  if (direct !== config.databaseUrl) {
    try {
      await withOneConnection(config.databaseUrl, config, (db) => sql`SELECT 1`.execute(db));
      out(`DATABASE_URL ${describeUrl(config.databaseUrl)}: reachable`);
    } catch (error) {
      out(`DATABASE_URL ${describeUrl(config.databaseUrl)}: NOT REACHABLE: ${reason(error)}`);
      problems.push('DATABASE_URL does not answer: hosts cannot serve');
    }
  }
  if (pending.length === 0) out('Migrations: current');
  else {
    out(`Migrations: ${pending.length} pending (${pending.join(', ')})`);
    const migrateOnStart = !['0', 'false', 'no', 'off'].includes((env.MIGRATE_ON_START ?? '').trim().toLowerCase());
    if (migrateOnStart) out('  a host applies them when it starts (MIGRATE_ON_START)');
    else problems.push('migrations are pending and MIGRATE_ON_START is off: run a host with MIGRATE_ON_START=1 once');
  }
  const reserved = pg.superuserReserved + pg.reserved;
  out(`PostgreSQL: max_connections ${pg.maxConnections}, ${reserved} reserved (superuser_reserved_connections${pg.reserved ? ' + reserved_connections' : ''}), ${pg.backends} client backends now (${pg.ours} with application_name ${config.applicationName})`);

  // 2. PgBouncer, when its admin console is given.
  let bouncer: BouncerLimits | undefined;
  if (bouncerUrl) {
    try {
      bouncer = await withOneConnection(bouncerUrl, config, (db) => readBouncerLimits(db));
      out(`PgBouncer: pool_mode ${bouncer.poolMode}, max_client_conn ${bouncer.maxClientConn}, default_pool_size ${bouncer.defaultPoolSize}, reserve_pool_size ${bouncer.reservePoolSize}${bouncer.maxDbConnections ? `, max_db_connections ${bouncer.maxDbConnections}` : ''}`);
      if (bouncer.poolMode !== 'transaction') problems.push(`PgBouncer pool_mode is ${bouncer.poolMode}: set pool_mode = transaction (one server connection per client otherwise)`);
    } catch (error) {
      out(`PgBouncer admin console ${describeUrl(bouncerUrl)}: NOT REACHABLE: ${reason(error)}`);
      out('Cannot check the budget through PgBouncer (PGBOUNCER_ADMIN_URL must reach its `pgbouncer` database as an admin_users or stats_users user).');
      return 2;
    }
  } else {
    out('PgBouncer: not checked (set PGBOUNCER_ADMIN_URL to its admin console when DATABASE_URL goes through it)');
  }

  // 3. The budget.
  const budget = computeBudget({ replicas: options.replicas, poolMax: config.poolMax, headroom: options.headroom, pg, bouncer });
  out();
  out('Budget:');
  for (const check of budget.checks) {
    out(`  [${check.fits ? 'ok' : 'NO'}] ${check.what}: ${check.need} needed of ${check.limit} (${check.detail})`);
  }
  const others = Math.max(0, pg.backends - pg.ours);
  if (others > options.headroom) {
    out(`  note: ${others} other client backends are open now, more than the headroom ${options.headroom} (raise --headroom to plan for them)`);
  }
  out();
  if (!budget.fits) {
    out('Verdict: DOES NOT FIT. Change one of:');
    for (const check of budget.checks.filter((c) => !c.fits)) for (const advice of check.advice) out(`  - ${advice}`);
    for (const problem of problems) out(`  - also: ${problem}`);
    return 1;
  }
  if (problems.length > 0) {
    out('Verdict: the budget fits, but:');
    for (const problem of problems) out(`  - ${problem}`);
    return 1;
  }
  out(`Verdict: fits. ${options.replicas} host${options.replicas === 1 ? '' : 's'} with DB_POOL_MAX ${config.poolMax} stay within the limits.`);
  return 0;
}
