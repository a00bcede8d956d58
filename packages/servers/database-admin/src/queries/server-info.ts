import { sql, type Db } from '@mcp-writing/db';

export interface DatabaseFacts {
  database: string;
  postgres_version: string;
  postgres_version_num: number;
  max_connections: number;
  /** Backends connected to this database right now, as PostgreSQL counts them (every client, through PgBouncer or not). */
  connections: number;
}

/** What db_get_server_info reports about PostgreSQL, in one cheap statement (settings and one count). */
export async function databaseFacts(db: Db): Promise<DatabaseFacts> {
  const { rows } = await sql<DatabaseFacts>`
    SELECT current_database()::text AS database,
           current_setting('server_version') AS postgres_version,
           current_setting('server_version_num')::int AS postgres_version_num,
           current_setting('max_connections')::int AS max_connections,
           (SELECT count(*)::int FROM pg_catalog.pg_stat_activity WHERE datname = current_database()) AS connections`.execute(db);
  return rows[0] as DatabaseFacts;
}
