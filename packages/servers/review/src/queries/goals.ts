import { sql, type Db } from '@mcp-writing/db';

const GOAL_COLUMNS = [
  'id',
  'book_id',
  'goal_type',
  'target_value',
  sql<string | null>`to_char(start_date, 'YYYY-MM-DD')`.as('start_date'),
  sql<string>`to_char(target_date, 'YYYY-MM-DD')`.as('target_date'),
  'description',
  'active',
  'completed',
  'created_at',
  'updated_at',
] as const;

/** Deactivates the book's active goals of this type; returns them (id, active, updated_at). */
export async function deactivateGoals(db: Db, bookId: number, goalType: string) {
  const rows = await db
    .updateTable('writing_goals')
    .set({ active: false })
    .where('book_id', '=', bookId)
    .where('goal_type', '=', goalType)
    .where('active', 'is not', false)
    .returning(['id', 'active', 'updated_at'])
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

export function insertGoal(db: Db, goal: { book_id: number; goal_type: string; target_value: number; target_date: string; description?: string }) {
  return db
    .insertInto('writing_goals')
    .values({ ...goal, active: true })
    .returning(GOAL_COLUMNS)
    .executeTakeFirstOrThrow();
}
