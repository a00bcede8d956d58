import { sql, type Db } from '@mcp-writing/db';

/** Tables whose rows nest through a parent column. */
const PARENT_COLUMNS = {
  locations: 'parent_location_id',
  organizations: 'parent_organization_id',
  plot_threads: 'parent_thread_id',
} as const;

export type NestedTable = keyof typeof PARENT_COLUMNS;

/**
 * Whether making `parentId` the parent of row `id` would close a loop: the
 * parent is the row itself or one of its descendants.
 */
export async function parentWouldLoop(db: Db, table: NestedTable, id: number, parentId: number): Promise<boolean> {
  if (id === parentId) return true;
  const parent = sql.ref(`t.${PARENT_COLUMNS[table]}`);
  const { rows } = await sql<{ id: number }>`
    WITH RECURSIVE up(id, depth) AS (
      SELECT ${parentId}::int, 0
      UNION
      SELECT ${parent}, up.depth + 1 FROM ${sql.table(table)} t JOIN up ON t.id = up.id
       WHERE ${parent} IS NOT NULL AND up.depth < 1000
    )
    SELECT id FROM up WHERE id = ${id} LIMIT 1
  `.execute(db);
  return rows.length > 0;
}
