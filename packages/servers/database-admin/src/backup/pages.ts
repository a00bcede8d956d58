import { sql, type Db } from '@mcp-writing/db';
import { ToolError } from '@mcp-writing/toolkit';
import type { TableInfo } from '../queries/catalog.js';
import type { Fragment } from '../where.js';

export const PAGE_ROWS = 250;

/**
 * The rows of `table` (optionally filtered) as PostgreSQL's JSON text, in
 * pages of PAGE_ROWS ordered by id (keyset: each page starts after the last
 * id seen), so a large table is never held in memory whole. Run it inside a
 * REPEATABLE READ transaction for a consistent snapshot across pages.
 */
export async function* rowPages(db: Db, table: TableInfo, filter?: Fragment, limit?: number): AsyncGenerator<string[]> {
  if (!table.column.has('id')) throw new ToolError(`${table.name} has no id column to page by.`);
  let last: unknown;
  let remaining = limit ?? Number.POSITIVE_INFINITY;
  while (remaining > 0) {
    const size = Math.min(PAGE_ROWS, remaining);
    const conditions: Fragment[] = [];
    if (filter) conditions.push(filter);
    if (last !== undefined) conditions.push(sql`t.id > ${last}`);
    const where = conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
    const { rows } = await sql<{ k: unknown; j: string }>`
      SELECT t.id AS k, row_to_json(t)::text AS j
        FROM ${sql.id('public', table.name)} AS t
        ${where}
       ORDER BY t.id
       LIMIT ${size}`.execute(db);
    if (rows.length === 0) return;
    yield rows.map((row) => row.j);
    last = rows[rows.length - 1]?.k;
    remaining -= rows.length;
    if (rows.length < size) return;
  }
}
