import { sql, type Db } from '@mcp-writing/db';

/** What world_element_usage.element_type holds for each kind of world row. */
export type UsageElementType = 'location' | 'world_element' | 'organization';

export interface NewUsage {
  element_type: UsageElementType;
  element_id: number;
  book_id: number;
  chapter_id?: number | null | undefined;
  usage_notes?: string | null | undefined;
  activity_type?: string | null | undefined;
  involved_characters?: number[] | null | undefined;
  power_level?: number | null | undefined;
}

/** Records that a location, element or organization appears in a book (and chapter). */
export function insertUsage(db: Db, usage: NewUsage) {
  return db.insertInto('world_element_usage').values(usage).returningAll().executeTakeFirstOrThrow();
}

/** How many usage records the row `<table>.id` has (a select-list expression). */
export function usageCount(elementType: UsageElementType, table: 'locations' | 'organizations' | 'world_elements') {
  return sql<number>`(SELECT count(*) FROM world_element_usage u
                       WHERE u.element_type = ${elementType} AND u.element_id = ${sql.ref(`${table}.id`)})`;
}
