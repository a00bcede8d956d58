import { sql, type Db, type NewBook, type NewChapter, type NewCharacter, type NewScene } from '@mcp-writing/db';

/** Builds story rows directly in the database (arranging tests, not exercising tools). */
export class Story {
  constructor(readonly db: Db) {}

  async series(title = 'Test Series'): Promise<number> {
    const author = await this.db.insertInto('authors').values({ name: `Author of ${title}` }).returning('id').executeTakeFirstOrThrow();
    const series = await this.db.insertInto('series').values({ author_id: author.id, title }).returning('id').executeTakeFirstOrThrow();
    return series.id;
  }

  async book(seriesId: number, bookNumber: number, fields: Partial<NewBook> = {}): Promise<number> {
    const row = await this.db
      .insertInto('books')
      .values({ series_id: seriesId, title: `Book ${bookNumber}`, book_number: bookNumber, ...fields })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async chapter(bookId: number, chapterNumber: number, fields: Partial<NewChapter> = {}): Promise<number> {
    const row = await this.db
      .insertInto('chapters')
      .values({ book_id: bookId, chapter_number: chapterNumber, title: `Chapter ${chapterNumber}`, ...fields })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async character(seriesId: number, name: string, fields: Partial<NewCharacter> = {}): Promise<number> {
    const row = await this.db.insertInto('characters').values({ series_id: seriesId, name, ...fields }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async scene(chapterId: number, sceneNumber: number, fields: Partial<NewScene> = {}): Promise<number> {
    const row = await this.db
      .insertInto('chapter_scenes')
      .values({ chapter_id: chapterId, scene_number: sceneNumber, ...fields })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async today(): Promise<string> {
    const { rows } = await sql<{ d: string }>`select to_char(current_date, 'YYYY-MM-DD') as d`.execute(this.db);
    return rows[0]?.d ?? '';
  }

  async count(table: 'chapter_scenes' | 'writing_sessions' | 'session_chapters' | 'manuscript_exports' | 'writing_goals'): Promise<number> {
    const row = await this.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

/** No SQL and no stack trace in a message shown to the model. */
export const LEAK = /select |insert into|update .* set|violates|at .*\.js:\d+/i;

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
