import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSceneServer } from '../src/index.js';
import { LEAK, Story } from './fixtures.js';

interface SessionOut {
  session: {
    id: number;
    book_id: number;
    chapter_id: number | null;
    session_date: string;
    start_time: string | null;
    end_time: string | null;
    duration_minutes: number | null;
    words_written: number;
    words_edited: number;
    net_words: number;
    mood_rating: number | null;
    updated_at: string;
  };
  chapters: { chapter_id: number; chapter_number: number; words_written_on_chapter: number }[];
}

let h: ServerHarness;
let story: Story;
let book: number;
let otherBook: number;
let c1: number;
let c2: number;
let c3: number;
let foreign: number;

beforeAll(async () => {
  h = await startServer('scene', createSceneServer);
  story = new Story(h.db);
  const series = await story.series();
  book = await story.book(series, 1);
  otherBook = await story.book(series, 2);
  c1 = await story.chapter(book, 1);
  c2 = await story.chapter(book, 2);
  c3 = await story.chapter(book, 3);
  foreign = await story.chapter(otherBook, 1);
});
afterAll(() => h?.close());

describe('log_writing_session', () => {
  it('records the session and its chapters in one go, computing the duration', async () => {
    const res = await h.call('log_writing_session', {
      book_id: book,
      chapter_ids: [c1, c2, c3, c2],
      session_date: '2025-03-14',
      start_time: '09:15',
      end_time: '11:00',
      words_written: 1000,
      words_edited: 200,
      session_notes: 'Good flow.',
      mood_rating: 8,
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    const out = jsonOf<SessionOut>(res);
    expect(out.session).toMatchObject({
      book_id: book,
      chapter_id: null,
      session_date: '2025-03-14',
      start_time: '09:15:00',
      end_time: '11:00:00',
      duration_minutes: 105,
      words_written: 1000,
      words_edited: 200,
      net_words: 800,
      mood_rating: 8,
    });
    expect(out.chapters).toEqual([
      expect.objectContaining({ chapter_id: c1, chapter_number: 1, words_written_on_chapter: 334 }),
      expect.objectContaining({ chapter_id: c2, chapter_number: 2, words_written_on_chapter: 333 }),
      expect.objectContaining({ chapter_id: c3, chapter_number: 3, words_written_on_chapter: 333 }),
    ]);
    const links = await h.db.selectFrom('session_chapters').selectAll().where('session_id', '=', out.session.id).orderBy('chapter_id').execute();
    expect(links.map((l) => [l.chapter_id, l.words_written_on_chapter])).toEqual([
      [c1, 334],
      [c2, 333],
      [c3, 333],
    ]);
    const row = await h.db.selectFrom('writing_sessions').selectAll().where('id', '=', out.session.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ book_id: book, duration_minutes: 105, words_written: 1000, session_notes: 'Good flow.', mood_rating: 8 });
  });

  it('credits a single chapter with all words and handles a session past midnight', async () => {
    const out = jsonOf<SessionOut>(
      await h.call('log_writing_session', { book_id: book, chapter_ids: [c2], session_date: '2025-03-15', start_time: '23:30', end_time: '00:45', words_written: 500 }),
    );
    expect(out.session).toMatchObject({ chapter_id: c2, duration_minutes: 75, words_edited: 0, net_words: 500 });
    expect(out.chapters).toEqual([expect.objectContaining({ chapter_id: c2, words_written_on_chapter: 500 })]);
  });

  it('accepts a session without times or chapters', async () => {
    const out = jsonOf<SessionOut>(await h.call('log_writing_session', { book_id: book, session_date: '2025-03-16', words_written: 0 }));
    expect(out.session).toMatchObject({ duration_minutes: null, start_time: null, chapter_id: null });
    expect(out.chapters).toEqual([]);
  });

  it('rolls back the whole session when a chapter is not the book\'s', async () => {
    const before = [await story.count('writing_sessions'), await story.count('session_chapters')];
    const res = await h.call('log_writing_session', { book_id: book, chapter_ids: [c1, foreign], session_date: '2025-04-01', words_written: 10 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(new RegExp(`chapter ${foreign} is not in book ${book}`));
    const unknown = await h.call('log_writing_session', { book_id: book, chapter_ids: [c1, 888_888], session_date: '2025-04-01', words_written: 10 });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/chapter 888888 not found/);
    expect([await story.count('writing_sessions'), await story.count('session_chapters')]).toEqual(before);
  });

  it('says which book was not found', async () => {
    const res = await h.call('log_writing_session', { book_id: 999_001, session_date: '2025-04-01', words_written: 10 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/book 999001 not found/);
  });

  it.each([
    [{ session_date: '2025-01-01', words_written: 1 }, /book_id/],
    [{ book_id: 1, words_written: 1 }, /session_date/],
    [{ book_id: 1, session_date: '2025-02-30', words_written: 1 }, /session_date/],
    [{ book_id: 1, session_date: '14/03/2025', words_written: 1 }, /session_date/],
    [{ book_id: 1, session_date: '2025-01-01' }, /words_written/],
    [{ book_id: 1, session_date: '2025-01-01', words_written: -4 }, /words_written/],
    [{ book_id: 1, session_date: '2025-01-01', words_written: 1, start_time: '25:00' }, /start_time/],
    [{ book_id: 1, session_date: '2025-01-01', words_written: 1, mood_rating: 11 }, /mood_rating/],
    [{ book_id: 1, session_date: '2025-01-01', words_written: 1, chapter_ids: ['x'] }, /chapter_ids/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('log_writing_session', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
    expect(textOf(res)).not.toMatch(LEAK);
  });
});
