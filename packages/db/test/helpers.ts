import { adminQuery, clientConnections, createTestDatabase, type TestDatabase } from '@mcp-writing/testkit';
import { loadDbConfig, type DbConfig } from '../src/config.js';
import { createDb, type DbHandle } from '../src/pool.js';

/** A pool over a fresh test database, with an application_name unique to this test. */
export async function openTestPool(
  env: Record<string, string> = {},
): Promise<{ handle: DbHandle; database: TestDatabase; config: DbConfig; poolErrors: Error[] }> {
  const database = await createTestDatabase();
  const applicationName = `mcpw-t-${Math.random().toString(36).slice(2, 10)}`;
  const config = loadDbConfig({ DATABASE_URL: database.url, DB_APPLICATION_NAME: applicationName, ...env });
  const poolErrors: Error[] = [];
  const handle = createDb(config, { onPoolError: (error) => poolErrors.push(error) });
  return { handle, database, config, poolErrors };
}

/** Backends PostgreSQL holds for an application_name right now. */
export { adminQuery };

/** Connections our pool holds (PostgreSQL backends, or PgBouncer clients when the run goes through it). */
export function backendCount(directUrl: string, applicationName: string): Promise<number> {
  return clientConnections(directUrl, applicationName);
}
