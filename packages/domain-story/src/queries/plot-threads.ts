import { sql, type Db, type NewPlotThread, type PlotThreadUpdate } from '@mcp-writing/db';
import { ToolError } from '@mcp-writing/toolkit';

/** The id of a plot thread type, by name (case-insensitive); the error lists the valid names. */
export async function requireThreadTypeId(db: Db, typeName: string): Promise<number> {
  const rows = await db.selectFrom('plot_thread_types').select(['id', 'type_name', 'is_active']).orderBy('id').execute();
  const match = rows.find((row) => row.type_name.toLowerCase() === typeName.toLowerCase());
  if (!match) {
    const valid = rows.filter((row) => row.is_active !== false).map((row) => row.type_name);
    throw new ToolError(`thread_type "${typeName}" is not a plot thread type. Valid values: ${valid.join(', ')}.`);
  }
  return match.id;
}

/** The id of a plot thread status, by name (case-insensitive); the error lists the valid names. */
export async function requireThreadStatusId(db: Db, statusName: string): Promise<number> {
  const rows = await db.selectFrom('plot_thread_statuses').select(['id', 'status_name', 'is_active']).orderBy('id').execute();
  const match = rows.find((row) => row.status_name.toLowerCase() === statusName.toLowerCase());
  if (!match) {
    const valid = rows.filter((row) => row.is_active !== false).map((row) => row.status_name);
    throw new ToolError(`current_status "${statusName}" is not a plot thread status. Valid values: ${valid.join(', ')}.`);
  }
  return match.id;
}

/** The stored columns of a plot thread (for checks before a change). */
export function plotThreadRow(db: Db, id: number) {
  return db.selectFrom('plot_threads').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One plot thread with its type and status names and its parent's title. */
export function findPlotThread(db: Db, id: number) {
  return db
    .selectFrom('plot_threads')
    .leftJoin('plot_thread_types', 'plot_thread_types.id', 'plot_threads.thread_type_id')
    .leftJoin('plot_thread_statuses', 'plot_thread_statuses.id', 'plot_threads.current_status_id')
    .selectAll('plot_threads')
    .select([
      'plot_thread_types.type_name as thread_type',
      'plot_thread_statuses.status_name as current_status',
      sql<string | null>`(SELECT p.title FROM plot_threads p WHERE p.id = plot_threads.parent_thread_id)`.as('parent_thread_title'),
    ])
    .where('plot_threads.id', '=', id)
    .executeTakeFirst();
}

export function insertPlotThread(db: Db, thread: NewPlotThread) {
  return db.insertInto('plot_threads').values(thread).returning('id').executeTakeFirstOrThrow();
}

export function updatePlotThread(db: Db, id: number, changes: PlotThreadUpdate) {
  return db.updateTable('plot_threads').set(changes).where('id', '=', id).returning('id').executeTakeFirst();
}
