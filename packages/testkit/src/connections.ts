import { adminQuery } from './admin.js';

/** True when this test run goes through PgBouncer (npm run test:pgbouncer). */
export function viaPgBouncer(): boolean {
  return process.env.TEST_VIA_PGBOUNCER === '1' && !!process.env.PGBOUNCER_ADMIN_URL;
}

function pgBouncerAdminUrl(): string {
  const url = process.env.PGBOUNCER_ADMIN_URL;
  if (!url) throw new Error('PGBOUNCER_ADMIN_URL is not set');
  return url;
}

/**
 * Connections a process with this application_name holds to the database
 * tier right now: PostgreSQL backends when direct, PgBouncer client
 * connections when the run goes through PgBouncer (its server connections
 * are PgBouncer's, pooled across clients).
 */
export async function clientConnections(directUrl: string, applicationName: string): Promise<number> {
  if (viaPgBouncer()) {
    const rows = await adminQuery<{ application_name: string }>(pgBouncerAdminUrl(), 'SHOW CLIENTS');
    return rows.filter((row) => row.application_name === applicationName).length;
  }
  const rows = await adminQuery<{ n: number }>(
    directUrl,
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Cuts this application's connections from the server side, as a restart or
 * an operator would: pg_terminate_backend when direct; when through
 * PgBouncer, KILL on its console (drops the database's client and server
 * connections), then RESUME so new connections are served again.
 */
export async function killClientConnections(directUrl: string, applicationName: string, database: string): Promise<number> {
  if (viaPgBouncer()) {
    const before = await clientConnections(directUrl, applicationName);
    await adminQuery(pgBouncerAdminUrl(), `KILL "${database}"`);
    await adminQuery(pgBouncerAdminUrl(), `RESUME "${database}"`);
    return before;
  }
  const rows = await adminQuery<{ ok: boolean }>(
    directUrl,
    'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  );
  return rows.filter((row) => row.ok).length;
}
