import { sql, type Db } from '@mcp-writing/db';
import { ToolError } from '@mcp-writing/toolkit';
import type { TableInfo } from '../queries/catalog.js';
import type { Fragment } from '../where.js';

/** error: a duplicate key fails the whole load; skip: rows whose key exists are left as they are; overwrite/update: they are replaced. */
export type ConflictPolicy = 'error' | 'skip' | 'overwrite';

export function tableRef(table: TableInfo): Fragment {
  return sql.id('public', table.name);
}

export function columnList(columns: readonly string[], alias?: string): Fragment {
  return sql.join(columns.map((c) => (alias ? sql.id(alias, c) : sql.id(c))));
}

/** The ON CONFLICT clause of a policy. Overwrite replaces every loaded column except the key. */
export function conflictClause(table: TableInfo, columns: readonly string[], policy: ConflictPolicy): Fragment {
  if (policy === 'error') return sql``;
  if (policy === 'skip') return sql`ON CONFLICT DO NOTHING`;
  const key = table.primary_key;
  if (key.length === 0 || !key.every((k) => columns.includes(k))) {
    throw new ToolError(`Replacing existing rows of ${table.name} needs its key (${key.join(', ') || 'none'}) in every row.`);
  }
  const updates = columns.filter((c) => !key.includes(c));
  if (updates.length === 0) return sql`ON CONFLICT DO NOTHING`;
  return sql`ON CONFLICT (${columnList(key)}) DO UPDATE SET ${sql.join(updates.map((c) => sql`${sql.id(c)} = EXCLUDED.${sql.id(c)}`))}`;
}

/** Counts of an INSERT ... RETURNING (xmax = 0): rows inserted, and rows updated by ON CONFLICT DO UPDATE. */
export async function countedInsert(db: Db, insert: Fragment): Promise<{ inserted: number; updated: number }> {
  const { rows } = await sql<{ inserted: number; updated: number }>`
    WITH loaded AS (${insert} RETURNING (t.xmax = 0) AS fresh)
    SELECT count(*) FILTER (WHERE fresh)::int AS inserted, count(*) FILTER (WHERE NOT fresh)::int AS updated FROM loaded`.execute(db);
  return rows[0] ?? { inserted: 0, updated: 0 };
}

/**
 * Moves the table's id sequence past the highest id, so rows inserted with
 * explicit ids (restore, import, insert with an id) do not make the next
 * default id collide. Never moves a sequence backwards.
 */
export async function syncIdSequence(db: Db, table: TableInfo): Promise<void> {
  if (!table.id_serial) return;
  await sql`
    SELECT setval(s.seq, s.top)
      FROM (SELECT pg_get_serial_sequence(${`public.${table.name}`}, 'id')::regclass AS seq,
                   (SELECT max(t.id) FROM ${tableRef(table)} AS t) AS top) AS s
     WHERE s.seq IS NOT NULL AND s.top IS NOT NULL
       AND s.top > COALESCE(pg_sequence_last_value(s.seq), 0)`.execute(db);
}
