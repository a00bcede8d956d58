import { TABLE_NAMES, VIEW_NAMES } from '@mcp-writing/db';

/** The audit trail: written by this server on every write, read only through the audit tools. */
export const AUDIT_TABLE = 'audit_logs';

/**
 * Tables of the database that are not story data: the audit trail, the legacy
 * migrations ledger and kysely's own migration tables. Never written through
 * the generic tools, never in a backup; listed by db_list_tables only with
 * include_system_tables (names and sizes, not content).
 */
export const SYSTEM_TABLES: readonly string[] = [AUDIT_TABLE, 'migrations', 'kysely_migration', 'kysely_migration_lock'];

const system = new Set(SYSTEM_TABLES);

/**
 * The allow-list: every story table of the schema (authors, series, books,
 * chapters, scenes, characters, world, plot, lookups, NPE analysis...), i.e.
 * TABLE_NAMES of @mcp-writing/db minus the system tables. The generic record,
 * batch, import, backup and restore tools accept these and nothing else.
 */
export const STORY_TABLES: readonly string[] = TABLE_NAMES.filter((name) => !system.has(name));

/** Read-only views over the story tables; readable (query, schema, export), never written. */
export const STORY_VIEWS: readonly string[] = [...VIEW_NAMES];

const writable = new Set(STORY_TABLES);
const readable = new Set([...STORY_TABLES, ...STORY_VIEWS]);

export type Access = 'read' | 'write';

export function isAllowed(name: string, access: Access): boolean {
  return access === 'write' ? writable.has(name) : readable.has(name);
}

export function isSystemTable(name: string): boolean {
  return system.has(name);
}
