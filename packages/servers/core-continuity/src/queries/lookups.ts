import { sql, type Db } from '@mcp-writing/db';
import { escapeLike } from '@mcp-writing/domain-characters';

/** Where each option type lives. Identifiers come from this constant map only, never from input. */
export const OPTION_TABLES = {
  genres: { table: 'genres', name: 'genre_name', description: 'genre_description' },
  plot_thread_types: { table: 'plot_thread_types', name: 'type_name', description: 'type_description' },
  plot_thread_statuses: { table: 'plot_thread_statuses', name: 'status_name', description: 'status_description' },
  relationship_types: { table: 'relationship_types', name: 'type_name', description: 'type_description' },
  story_concerns: { table: 'story_concerns', name: 'concern_name', description: 'concern_description' },
  story_outcomes: { table: 'story_outcomes', name: 'outcome_name', description: 'outcome_description' },
  story_judgments: { table: 'story_judgments', name: 'judgment_name', description: 'judgment_description' },
  scene_purposes: { table: 'scene_purposes', name: 'purpose_name', description: 'purpose_description' },
  scene_types: { table: 'scene_types', name: 'type_name', description: 'type_description' },
  writing_statuses: { table: 'writing_statuses', name: 'status_name', description: 'status_description' },
} as const;

export type OptionType = keyof typeof OPTION_TABLES;
export const OPTION_TYPES = Object.keys(OPTION_TABLES) as [OptionType, ...OptionType[]];

export interface OptionRow {
  id: number;
  name: string;
  description: string | null;
  is_active: boolean;
}

export async function listOptions(
  db: Db,
  type: OptionType,
  options: { activeOnly: boolean; nameContains?: string | undefined },
): Promise<OptionRow[]> {
  const { table, name, description } = OPTION_TABLES[type];
  const active = options.activeOnly ? sql`is_active IS NOT FALSE` : sql`TRUE`;
  const contains =
    options.nameContains === undefined ? sql`TRUE` : sql`${sql.ref(name)} ILIKE ${`%${escapeLike(options.nameContains)}%`}`;
  const result = await sql<OptionRow>`
    SELECT id, ${sql.ref(name)} AS name, ${sql.ref(description)} AS description, COALESCE(is_active, TRUE) AS is_active
    FROM ${sql.table(table)}
    WHERE ${active} AND ${contains}
    ORDER BY id
  `.execute(db);
  return result.rows;
}

/** Id of a plot thread type / status by name (case-insensitive), with every valid name for the error message. */
export async function resolveThreadType(db: Db, name: string) {
  const rows = await db.selectFrom('plot_thread_types').select(['id', 'type_name as name']).orderBy('id').execute();
  return { match: rows.find((r) => r.name.toLowerCase() === name.toLowerCase()), names: rows.map((r) => r.name) };
}

export async function resolveThreadStatus(db: Db, name: string) {
  const rows = await db.selectFrom('plot_thread_statuses').select(['id', 'status_name as name']).orderBy('id').execute();
  return { match: rows.find((r) => r.name.toLowerCase() === name.toLowerCase()), names: rows.map((r) => r.name) };
}
