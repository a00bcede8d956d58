import { sql, type Db } from '@mcp-writing/db';

export function bookForExport(db: Db, bookId: number) {
  return db
    .selectFrom('books as b')
    .innerJoin('series as s', 's.id', 'b.series_id')
    .innerJoin('authors as a', 'a.id', 's.author_id')
    .select(['b.id', 'b.title', 'b.subtitle', 'b.book_number', 'b.description', 's.title as series_title', 'a.name as author_name', 'a.email as author_email'])
    .where('b.id', '=', bookId)
    .executeTakeFirst();
}

/** Chapters of the book in order (all, or those whose id is listed). */
export function chaptersForExport(db: Db, bookId: number, ids?: readonly number[]) {
  let query = db.selectFrom('chapters').select(['id', 'chapter_number', 'title', 'summary']).where('book_id', '=', bookId);
  if (ids) query = query.where('id', 'in', [...ids]);
  return query.orderBy('chapter_number').orderBy('id').execute();
}

/** The text of the chapters' scenes, in scene order. */
export function sceneTexts(db: Db, chapterIds: readonly number[]) {
  if (chapterIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('chapter_scenes')
    .select(['id', 'chapter_id', 'scene_number', 'scene_content'])
    .where('chapter_id', 'in', [...chapterIds])
    .orderBy('chapter_id')
    .orderBy('scene_number')
    .execute();
}

export interface NewExport {
  book_id: number;
  export_format: string;
  export_type: string;
  chapters_included: number[];
  total_word_count: number;
  total_pages: number;
  filename: string;
  file_size: number;
  include_metadata: boolean;
  include_chapter_summaries: boolean;
  formatting_template: string;
  export_notes: string;
  intended_use: string;
}

export function recordExport(db: Db, row: NewExport) {
  return db
    .insertInto('manuscript_exports')
    .values(row)
    .returning([
      'id',
      'book_id',
      'export_format',
      'export_type',
      'chapters_included',
      'total_word_count',
      'total_pages',
      'filename',
      'file_size',
      'include_metadata',
      'intended_use',
      'export_date',
      'created_at',
    ])
    .executeTakeFirstOrThrow();
}

export async function databaseDate(db: Db): Promise<string> {
  const { rows } = await sql<{ d: string }>`select to_char(current_date, 'YYYY-MM-DD') as d`.execute(db);
  return rows[0]?.d ?? '';
}
