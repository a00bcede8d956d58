import { sql, type Db } from '@mcp-writing/db';

/**
 * The connection budget: how many connections the hosts may open against
 * what PgBouncer and PostgreSQL accept. Shared by the console (this host)
 * and `mcp-writing doctor` (N hosts).
 */

export interface PgLimits {
  version: string;
  maxConnections: number;
  superuserReserved: number;
  /** reserved_connections (PostgreSQL 16+), 0 before. */
  reserved: number;
  /** Client backends open right now (all applications). */
  backends: number;
  /** Of those, with our application_name. */
  ours: number;
}

export interface BouncerLimits {
  maxClientConn: number;
  defaultPoolSize: number;
  reservePoolSize: number;
  /** 0 = unlimited. */
  maxDbConnections: number;
  poolMode: string;
}

/** Reads the server's limits and current backends: three small queries, no session state. */
export async function readPgLimits(db: Db, applicationName: string): Promise<PgLimits> {
  const settings = await sql<{ name: string; setting: string }>`
    SELECT name, setting FROM pg_settings
    WHERE name IN ('max_connections', 'superuser_reserved_connections', 'reserved_connections', 'server_version')`.execute(db);
  const value = (name: string) => settings.rows.find((row) => row.name === name)?.setting;
  const counts = await sql<{ backends: number; ours: number }>`
    SELECT count(*) FILTER (WHERE backend_type = 'client backend')::int AS backends,
           count(*) FILTER (WHERE application_name = ${applicationName})::int AS ours
    FROM pg_stat_activity`.execute(db);
  return {
    version: value('server_version') ?? 'unknown',
    maxConnections: Number(value('max_connections') ?? 0),
    superuserReserved: Number(value('superuser_reserved_connections') ?? 0),
    reserved: Number(value('reserved_connections') ?? 0),
    backends: counts.rows[0]?.backends ?? 0,
    ours: counts.rows[0]?.ours ?? 0,
  };
}

/**
 * SHOW CONFIG on PgBouncer's admin console (database `pgbouncer`). Only the
 * simple query protocol works there: the statement has no parameters.
 */
export async function readBouncerLimits(admin: Db): Promise<BouncerLimits> {
  const { rows } = await sql<{ key: string; value: string }>`SHOW CONFIG`.execute(admin);
  const value = (key: string) => rows.find((row) => row.key === key)?.value;
  return {
    maxClientConn: Number(value('max_client_conn') ?? 0),
    defaultPoolSize: Number(value('default_pool_size') ?? 0),
    reservePoolSize: Number(value('reserve_pool_size') ?? 0),
    maxDbConnections: Number(value('max_db_connections') ?? 0),
    poolMode: value('pool_mode') ?? 'unknown',
  };
}

export interface BudgetInput {
  replicas: number;
  poolMax: number;
  /** Connections kept for everything else (psql, migrations, backups, monitoring). */
  headroom: number;
  pg: PgLimits;
  bouncer?: BouncerLimits | undefined;
}

export interface BudgetCheck {
  /** "PostgreSQL" or "PgBouncer clients" / "PostgreSQL (behind PgBouncer)". */
  what: string;
  need: number;
  limit: number;
  fits: boolean;
  /** How the need is made up, in words. */
  detail: string;
  /** Settings to change when it does not fit. */
  advice: string[];
}

export interface Budget {
  fits: boolean;
  /** max_connections minus the reserved slots: what ordinary clients can open. */
  pgUsable: number;
  checks: BudgetCheck[];
}

export function computeBudget(input: BudgetInput): Budget {
  const { replicas, poolMax, headroom, pg, bouncer } = input;
  const pgUsable = Math.max(0, pg.maxConnections - pg.superuserReserved - pg.reserved);
  const reservedText = `max_connections ${pg.maxConnections} − ${pg.superuserReserved + pg.reserved} reserved`;
  const hostsNeed = replicas * poolMax + headroom;
  const hosts = `${replicas} host${replicas === 1 ? '' : 's'} × DB_POOL_MAX ${poolMax} + headroom ${headroom}`;
  const checks: BudgetCheck[] = [];
  const poolMaxFitting = (limit: number) => Math.floor((limit - headroom) / replicas);
  const lowerPoolMax = (limit: number) => {
    const most = poolMaxFitting(limit);
    return most >= 1
      ? `lower DB_POOL_MAX to ${most} or less on each host`
      : `run fewer hosts: even DB_POOL_MAX=1 needs ${replicas + headroom}`;
  };

  if (!bouncer) {
    const fits = hostsNeed <= pgUsable;
    checks.push({
      what: 'PostgreSQL',
      need: hostsNeed,
      limit: pgUsable,
      fits,
      detail: `${hosts} against ${reservedText}`,
      advice: fits
        ? []
        : [
            lowerPoolMax(pgUsable),
            `or raise max_connections to ${hostsNeed + pg.superuserReserved + pg.reserved} or more (postgresql.conf; needs a PostgreSQL restart)`,
            'or put PgBouncer in transaction mode in front (DATABASE_URL through it, PGBOUNCER_ADMIN_URL so this check sees its limits)',
          ],
    });
  } else {
    const clientsFit = hostsNeed <= bouncer.maxClientConn;
    checks.push({
      what: 'PgBouncer clients',
      need: hostsNeed,
      limit: bouncer.maxClientConn,
      fits: clientsFit,
      detail: `${hosts} against max_client_conn ${bouncer.maxClientConn}`,
      advice: clientsFit
        ? []
        : [`raise max_client_conn to ${hostsNeed} or more (pgbouncer.ini)`, `or ${lowerPoolMax(bouncer.maxClientConn)}`],
    });
    const perPool = bouncer.defaultPoolSize + bouncer.reservePoolSize;
    const servers = bouncer.maxDbConnections > 0 ? Math.min(perPool, bouncer.maxDbConnections) : perPool;
    const serverNeed = servers + headroom;
    const serversFit = serverNeed <= pgUsable;
    checks.push({
      what: 'PostgreSQL behind PgBouncer',
      need: serverNeed,
      limit: pgUsable,
      fits: serversFit,
      detail:
        `default_pool_size ${bouncer.defaultPoolSize} + reserve_pool_size ${bouncer.reservePoolSize}` +
        `${bouncer.maxDbConnections > 0 ? ` (max_db_connections ${bouncer.maxDbConnections})` : ''} + headroom ${headroom} ` +
        `against ${reservedText} (one pool: the hosts share a database and user)`,
      advice: serversFit
        ? []
        : [
            `lower default_pool_size (+ reserve_pool_size) to ${Math.max(1, pgUsable - headroom)} or less (pgbouncer.ini)`,
            `or raise max_connections to ${serverNeed + pg.superuserReserved + pg.reserved} or more (postgresql.conf; needs a PostgreSQL restart)`,
          ],
    });
  }
  return { fits: checks.every((c) => c.fits), pgUsable, checks };
}
