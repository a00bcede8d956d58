import { sql } from '@mcp-writing/db';
import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChapterPlanningServer } from '../src/index.js';
import { expectPlainMessage, makeBook, makeChapter, makeCharacter, makeSeries, makeStory, rowCount } from './fixtures.js';

interface ChapterJson {
  id: number;
  book_id: number;
  book_title: string;
  book_number: number;
  series_id: number;
  chapter_number: number;
  title: string | null;
  status: string;
  word_count: number;
  target_word_count: number | null;
  pov_character_id: number | null;
  pov_character_name: string | null;
  summary: string | null;
  writing_notes: string | null;
  updated_at: string;
  scenes?: { id: number; scene_number: number; scene_title: string | null; scene_content?: unknown }[];
  characters?: { character_id: number; name: string; source: string; presence_type: string | null; scene_numbers: number[] | null }[];
  stats?: { scene_count: number; scene_word_count: number; scenes_by_status: Record<string, number>; characters_present: number; percent_of_target: number | null };
}

let h: ServerHarness;
beforeAll(async () => {
  h = await startServer('chapter-planning', createChapterPlanningServer);
});
afterAll(() => h?.close());

async function ok<T>(tool: string, args: Record<string, unknown>): Promise<T> {
  const res = await h.call(tool, args);
  expect(res.isError, textOf(res)).toBeFalsy();
  expect(jsonOf(res)).toEqual(res.structuredContent);
  return jsonOf<T>(res);
}

async function fails(tool: string, args: Record<string, unknown>, message: RegExp): Promise<void> {
  const res = await h.call(tool, args);
  expect(res.isError, textOf(res)).toBe(true);
  expect(textOf(res)).toMatch(message);
  expectPlainMessage(textOf(res));
}

describe('book_create_chapter', () => {
  it('stores the chapter with its POV character and returns it with the book', async () => {
    const series = await makeSeries(h.db);
    const book = await makeBook(h.db, series.id, 1, 'The Lamp');
    const mara = await makeCharacter(h.db, series.id, 'Mara');
    const { chapter } = await ok<{ chapter: ChapterJson }>('book_create_chapter', {
      book_id: book.id,
      chapter_number: 1,
      title: 'Low Tide',
      subtitle: 'In which a bell rings',
      summary: 'Mara finds the lamp lit.',
      target_word_count: 3000,
      status: 'Draft',
      pov_character_id: mara.id,
      primary_location: 'The lighthouse',
      story_time_start: 'Day 1, dusk',
      story_time_end: 'Day 1, midnight',
      story_duration: 'six hours',
      author_notes: 'Open on the bell.',
    });
    expect(chapter).toMatchObject({
      book_id: book.id,
      book_title: 'The Lamp',
      chapter_number: 1,
      title: 'Low Tide',
      status: 'draft',
      word_count: 0,
      pov_character_name: 'Mara',
    });
    const row = await h.db.selectFrom('chapters').selectAll().where('id', '=', chapter.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      subtitle: 'In which a bell rings',
      summary: 'Mara finds the lamp lit.',
      target_word_count: 3000,
      status: 'draft',
      pov_character_id: mara.id,
      primary_location: 'The lighthouse',
      story_time_start: 'Day 1, dusk',
      story_time_end: 'Day 1, midnight',
      story_duration: 'six hours',
      author_notes: 'Open on the bell.',
    });
  });

  it('defaults the status to planned', async () => {
    const { book } = await makeStory(h.db, 'Defaults');
    const { chapter } = await ok<{ chapter: ChapterJson }>('book_create_chapter', { book_id: book.id, chapter_number: 7 });
    expect(chapter).toMatchObject({ status: 'planned', title: null, chapter_number: 7 });
  });

  it('refuses a chapter number the book already has', async () => {
    const { book, chapter1 } = await makeStory(h.db, 'Dup');
    const before = await rowCount(h.db, 'chapters');
    await fails('book_create_chapter', { book_id: book.id, chapter_number: 1 }, new RegExp(`Book ${book.id} already has a chapter 1 \\(chapter ${chapter1.id}`));
    expect(await rowCount(h.db, 'chapters')).toBe(before);
  });

  it('refuses an unknown status, listing the writing statuses', async () => {
    const { book } = await makeStory(h.db, 'Status');
    await fails('book_create_chapter', { book_id: book.id, chapter_number: 9, status: 'written' }, /status "written".*Valid values: planned, draft, revision, final, cut/);
  });

  it('refuses a POV character of another series and says which book was not found', async () => {
    const { book } = await makeStory(h.db, 'Pov');
    const other = await makeStory(h.db, 'Elsewhere');
    await fails('book_create_chapter', { book_id: book.id, chapter_number: 9, pov_character_id: other.character.id }, /pov_character_id: character .* belongs to series/);
    await fails('book_create_chapter', { book_id: 919_191, chapter_number: 1 }, /book 919191 not found/);
  });

  it.each([
    [{ chapter_number: 1 }, /book_id/],
    [{ book_id: 1 }, /chapter_number/],
    [{ book_id: 1, chapter_number: -1 }, /chapter_number/],
    [{ book_id: 1, chapter_number: 'one' }, /chapter_number/],
    [{ book_id: 1, chapter_number: 1, title: 'x'.repeat(256) }, /title/],
    [{ book_id: 1, chapter_number: 1, target_word_count: -10 }, /target_word_count/],
    [{ book_id: 1, chapter_number: 1, status: '' }, /status/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('book_create_chapter', args, field);
  });
});

describe('book_update_chapter', () => {
  it('keeps the book\'s actual_word_count equal to the sum of its chapters', async () => {
    const { book, chapter1, chapter2 } = await makeStory(h.db, 'Words');
    await h.db.updateTable('books').set({ actual_word_count: 99 }).where('id', '=', book.id).execute();
    const first = await ok<{ chapter: ChapterJson; book: { id: number; actual_word_count: number } }>('book_update_chapter', {
      chapter_id: chapter1.id,
      word_count: 2500,
      writing_notes: 'Tightened the opening.',
    });
    expect(first.chapter).toMatchObject({ id: chapter1.id, word_count: 2500, writing_notes: 'Tightened the opening.' });
    expect(first.book).toMatchObject({ id: book.id, actual_word_count: 2500 });
    const second = await ok<{ book: { actual_word_count: number } }>('book_update_chapter', { chapter_id: chapter2.id, word_count: 1500 });
    expect(second.book.actual_word_count).toBe(4000);
    const row = await h.db.selectFrom('books').select('actual_word_count').where('id', '=', book.id).executeTakeFirstOrThrow();
    expect(row.actual_word_count).toBe(4000);
    const lower = await ok<{ book: { actual_word_count: number } }>('book_update_chapter', { chapter_id: chapter1.id, word_count: 500 });
    expect(lower.book.actual_word_count).toBe(2000);
  });

  it('leaves the book alone when no word count changes, and clears the POV with null', async () => {
    const { book, chapter1, character } = await makeStory(h.db, 'NoWords');
    await h.db.updateTable('chapters').set({ pov_character_id: character.id }).where('id', '=', chapter1.id).execute();
    await h.db.updateTable('books').set({ actual_word_count: 1234 }).where('id', '=', book.id).execute();
    const res = await ok<{ chapter: ChapterJson; book?: unknown }>('book_update_chapter', {
      chapter_id: chapter1.id,
      pov_character_id: null,
      status: 'REVISION',
      summary: 'Changed.',
    });
    expect(res.book).toBeUndefined();
    expect(res.chapter).toMatchObject({ pov_character_id: null, status: 'revision', summary: 'Changed.' });
    const row = await h.db.selectFrom('books').select('actual_word_count').where('id', '=', book.id).executeTakeFirstOrThrow();
    expect(row.actual_word_count).toBe(1234);
  });

  it('rolls back the chapter\'s word count when the book total cannot be stored', async () => {
    const { book, chapter1 } = await makeStory(h.db, 'Capped');
    await sql`ALTER TABLE books ADD CONSTRAINT test_cap CHECK (actual_word_count <= 900000)`.execute(h.db);
    try {
      await fails('book_update_chapter', { chapter_id: chapter1.id, word_count: 1_000_000 }, /books/);
    } finally {
      await sql`ALTER TABLE books DROP CONSTRAINT test_cap`.execute(h.db);
    }
    const chapter = await h.db.selectFrom('chapters').select('word_count').where('id', '=', chapter1.id).executeTakeFirstOrThrow();
    expect(chapter.word_count).toBe(0);
    const row = await h.db.selectFrom('books').select('actual_word_count').where('id', '=', book.id).executeTakeFirstOrThrow();
    expect(row.actual_word_count).toBe(0);
  });

  it('refuses a POV of another series, an unknown status and an empty update', async () => {
    const { chapter1 } = await makeStory(h.db, 'Checks');
    const other = await makeStory(h.db, 'Far');
    await fails('book_update_chapter', { chapter_id: chapter1.id, pov_character_id: other.character.id }, /pov_character_id: character/);
    await fails('book_update_chapter', { chapter_id: chapter1.id, status: 'done' }, /status "done"/);
    await fails('book_update_chapter', { chapter_id: chapter1.id }, /nothing to update/i);
  });

  it('says which chapter was not found', async () => {
    await fails('book_update_chapter', { chapter_id: 828_282, title: 'Ghost' }, /chapter 828282 not found/);
  });

  it.each([
    [{ chapter_id: 1, word_count: -1 }, /word_count/],
    [{ chapter_id: 1, word_count: 'many' }, /word_count/],
    [{ chapter_id: 1, pov_character_id: 'Mara' }, /pov_character_id/],
    [{ title: 'x' }, /chapter_id/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('book_update_chapter', args, field);
  });
});

describe('book_get_chapter', () => {
  it('returns the chapter, with scenes and characters when asked', async () => {
    const { series, chapter1, character } = await makeStory(h.db, 'Get');
    const abel = await makeCharacter(h.db, series.id, 'Abel');
    const cara = await makeCharacter(h.db, series.id, 'Cara');
    await h.db.updateTable('chapters').set({ pov_character_id: character.id }).where('id', '=', chapter1.id).execute();
    await h.db
      .insertInto('chapter_scenes')
      .values([
        { chapter_id: chapter1.id, scene_number: 2, scene_title: 'Second', scene_participants: [cara.id], scene_content: 'Long text' },
        { chapter_id: chapter1.id, scene_number: 1, scene_title: 'First', scene_participants: [abel.id, cara.id] },
      ])
      .execute();
    await h.db.insertInto('character_chapter_presence').values({ character_id: abel.id, chapter_id: chapter1.id, presence_type: 'present', importance_level: 'major' }).execute();

    const plain = await ok<{ chapter: ChapterJson }>('book_get_chapter', { chapter_id: chapter1.id });
    expect(plain.chapter).toMatchObject({ id: chapter1.id, pov_character_name: 'Get Hero', book_number: 1, series_id: series.id });
    expect(plain.chapter.scenes).toBeUndefined();
    expect(plain.chapter.characters).toBeUndefined();

    const full = await ok<{ chapter: ChapterJson }>('book_get_chapter', { chapter_id: chapter1.id, include_scenes: true, include_characters: true });
    expect(full.chapter.scenes?.map((s) => s.scene_title)).toEqual(['First', 'Second']);
    expect(full.chapter.scenes?.[1]).not.toHaveProperty('scene_content');
    expect(full.chapter.characters?.map((c) => [c.name, c.source, c.presence_type, c.scene_numbers])).toEqual([
      ['Abel', 'presence', 'present', [1]],
      ['Cara', 'scene', null, [1, 2]],
      ['Get Hero', 'pov', null, null],
    ]);
  });

  it('says which chapter was not found', async () => {
    await fails('book_get_chapter', { chapter_id: 373_737 }, /chapter 373737 not found/);
  });

  it.each([[{}, /chapter_id/], [{ chapter_id: 1, include_scenes: 'yes' }, /include_scenes/], [{ chapter_id: 1, include_characters: 1 }, /include_characters/]])(
    'rejects %j naming the field',
    async (args, field) => {
      await fails('book_get_chapter', args, field);
    },
  );
});

describe('book_list_chapters', () => {
  it('lists a book\'s chapters in order, filters by status, pages and adds statistics', async () => {
    const series = await makeSeries(h.db);
    const book = await makeBook(h.db, series.id, 1);
    const c2 = await makeChapter(h.db, book.id, 2, { status: 'draft', word_count: 500, target_word_count: 2000 });
    const c1 = await makeChapter(h.db, book.id, 1, { status: 'final', word_count: 3000, target_word_count: 3000 });
    const hero = await makeCharacter(h.db, series.id, 'Hero');
    await h.db
      .insertInto('chapter_scenes')
      .values([
        { chapter_id: c1.id, scene_number: 1, word_count: 1000, writing_status: 'final' },
        { chapter_id: c1.id, scene_number: 2, word_count: 2000, writing_status: 'draft' },
      ])
      .execute();
    await h.db.insertInto('character_chapter_presence').values({ character_id: hero.id, chapter_id: c1.id, presence_type: 'present' }).execute();

    const all = await ok<{ chapters: ChapterJson[]; total_count: number; count: number; book: { id: number } }>('book_list_chapters', { book_id: book.id });
    expect(all.chapters.map((c) => c.id)).toEqual([c1.id, c2.id]);
    expect(all).toMatchObject({ total_count: 2, count: 2, book: { id: book.id } });
    expect(all.chapters[0]?.stats).toBeUndefined();

    const drafts = await ok<{ chapters: ChapterJson[]; total_count: number }>('book_list_chapters', { book_id: book.id, status: 'Draft' });
    expect(drafts.chapters.map((c) => c.id)).toEqual([c2.id]);
    expect(drafts.total_count).toBe(1);

    const paged = await ok<{ chapters: ChapterJson[]; total_count: number }>('book_list_chapters', { book_id: book.id, limit: 1, offset: 1 });
    expect(paged.chapters.map((c) => c.id)).toEqual([c2.id]);
    expect(paged.total_count).toBe(2);

    const stats = await ok<{ chapters: ChapterJson[] }>('book_list_chapters', { book_id: book.id, include_stats: true });
    expect(stats.chapters[0]?.stats).toEqual({
      scene_count: 2,
      scene_word_count: 3000,
      scenes_by_status: { final: 1, draft: 1 },
      characters_present: 1,
      percent_of_target: 100,
    });
    expect(stats.chapters[1]?.stats).toEqual({
      scene_count: 0,
      scene_word_count: 0,
      scenes_by_status: {},
      characters_present: 0,
      percent_of_target: 25,
    });
  });

  it('says which book was not found and refuses an unknown status', async () => {
    await fails('book_list_chapters', { book_id: 646_464 }, /book 646464 not found/);
    const { book } = await makeStory(h.db, 'List');
    await fails('book_list_chapters', { book_id: book.id, status: 'lost' }, /status "lost"/);
  });

  it.each([[{}, /book_id/], [{ book_id: 1, include_stats: 'true' }, /include_stats/], [{ book_id: 1, limit: 501 }, /limit/]])(
    'rejects %j naming the field',
    async (args, field) => {
      await fails('book_list_chapters', args, field);
    },
  );
});
