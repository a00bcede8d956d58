import { migrationStatus, sql, type DbHandle } from '@mcp-writing/db';

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  migrations: 'current' | 'pending' | 'unknown';
  pending?: string[];
  error?: string;
}

/** Ready when the database answers and every migration of this build is applied. */
export async function readiness(handle: DbHandle): Promise<Readiness> {
  try {
    await sql`SELECT 1`.execute(handle.db);
  } catch {
    return { ready: false, database: 'unreachable', migrations: 'unknown', error: 'the database does not answer' };
  }
  try {
    const status = await migrationStatus(handle.db);
    if (status.pending.length > 0) {
      return { ready: false, database: 'ok', migrations: 'pending', pending: status.pending };
    }
    return { ready: true, database: 'ok', migrations: 'current' };
  } catch {
    return { ready: false, database: 'ok', migrations: 'unknown', error: 'could not read the migration table' };
  }
}
