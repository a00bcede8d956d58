import type { Db } from '@mcp-writing/db';
import type { Logger } from './logger.js';

/** What the host gives every server factory; a server package opens nothing itself. */
export interface ServerDeps {
  /** Kysely capped to this server's share of the one pool (DbHandle.forServer). */
  db: Db;
  log: Logger;
}
