import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSceneServer } from '../src/index.js';
import { LEAK, Story } from './fixtures.js';

interface SceneJson {
  id: number;
  chapter_id: number;
  scene_number: number;
  scene_title: string | null;
  scene_type: string | null;
  scene_purpose: string | null;
  writing_status: string | null;
  word_count: number;
  pov_character_id: number | null;
  scene_participants: number[] | null;
  scene_content?: string | null;
  content_length: number;
  updated_at: string;
  characters?: { character_id: number; name: string; roles: string[] }[];
  presence?: { character_id: number; presence_type: string }[];
}
interface WriteJson {
  scene: SceneJson;
  chapter?: { id: number; word_count: number; updated_at: string };
  book?: { id: number; actual_word_count: number; updated_at: string };
}

let h: ServerHarness;
let story: Story;
let seriesId: number;
let otherSeriesId: number;
let bookId: number;
let hero: number;
let friend: number;
let stranger: number;

beforeAll(async () => {
  h = await startServer('scene', createSceneServer);
  story = new Story(h.db);
  seriesId = await story.series('Scenes');
  otherSeriesId = await story.series('Elsewhere');
  bookId = await story.book(seriesId, 1);
  hero = await story.character(seriesId, 'Hero');
  friend = await story.character(seriesId, 'Friend');
  stranger = await story.character(otherSeriesId, 'Stranger');
});
afterAll(() => h?.close());

async function create(args: Record<string, unknown>): Promise<WriteJson> {
  const res = await h.call('create_scene', args);
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<WriteJson>(res);
}

async function totals(chapterId: number) {
  const chapter = await h.db.selectFrom('chapters').select(['word_count', 'book_id']).where('id', '=', chapterId).executeTakeFirstOrThrow();
  const book = await h.db.selectFrom('books').select('actual_word_count').where('id', '=', chapter.book_id).executeTakeFirstOrThrow();
  return { chapter: chapter.word_count, book: book.actual_word_count };
}

describe('create_scene', () => {
  it('stores the scene with validated lookups and characters, and keeps chapter and book totals', async () => {
    const book = await story.book(seriesId, 10);
    const c1 = await story.chapter(book, 1);
    const c2 = await story.chapter(book, 2, { word_count: 300 });
    await story.scene(c2, 1, { word_count: 300 });
    const res = await h.call('create_scene', {
      chapter_id: c1,
      scene_number: 1,
      scene_title: 'The harbour',
      scene_type: 'Dramatic',
      scene_purpose: 'conflict',
      location: 'Harbour',
      time_of_day: 'dawn',
      pov_character_id: hero,
      scene_participants: [hero, friend, friend],
      intensity_level: 7,
      scene_elements: ['rope', 'gull'],
      scene_content: "The tide came in. Don't panic, she said — well-known words!",
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    const out = res.structuredContent as unknown as WriteJson;
    expect(jsonOf(res)).toEqual(res.structuredContent);
    expect(out.scene).toMatchObject({
      chapter_id: c1,
      scene_number: 1,
      scene_type: 'dramatic',
      scene_purpose: 'conflict',
      writing_status: 'planned',
      word_count: 10,
      pov_character_id: hero,
      scene_participants: [hero, friend],
    });
    expect(out.scene.content_length).toBeGreaterThan(0);
    expect(out.scene).not.toHaveProperty('scene_content');
    expect(Date.parse(out.scene.updated_at)).not.toBeNaN();
    expect(out.chapter).toMatchObject({ id: c1, word_count: 10 });
    expect(out.book).toMatchObject({ id: book, actual_word_count: 310 });
    const row = await h.db.selectFrom('chapter_scenes').selectAll().where('id', '=', out.scene.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ scene_title: 'The harbour', scene_type: 'dramatic', word_count: 10, intensity_level: 7, scene_elements: ['rope', 'gull'] });
    expect(await totals(c1)).toEqual({ chapter: 10, book: 310 });
  });

  it('uses a given word_count over the counted words', async () => {
    const chapter = await story.chapter(bookId, 101);
    const { scene, chapter: ch } = await create({ chapter_id: chapter, scene_number: 1, scene_content: 'one two three', word_count: 1200 });
    expect(scene.word_count).toBe(1200);
    expect(ch?.word_count).toBe(1200);
  });

  it('leaves the totals alone for a scene without words', async () => {
    const chapter = await story.chapter(bookId, 102, { word_count: 4000 });
    const out = await create({ chapter_id: chapter, scene_number: 1, scene_title: 'Planned only' });
    expect(out.scene.word_count).toBe(0);
    expect(out.chapter).toBeUndefined();
    expect((await totals(chapter)).chapter).toBe(4000);
  });

  it('stores and returns 1 MB of scene text intact', async () => {
    const chapter = await story.chapter(bookId, 103);
    const line = 'Ünïcødé “quotes” and {braces} \\ backslashes — emoji 🌊, tabs\tand newlines.\n';
    let content = '';
    while (content.length < 1_048_576) content += line;
    const created = await create({ chapter_id: chapter, scene_number: 1, scene_content: content });
    expect(created.scene.content_length).toBe([...content].length); // characters (code points), as PostgreSQL counts them
    expect(Buffer.byteLength(content)).toBeGreaterThan(1_048_576);
    const got = jsonOf<{ scene: SceneJson }>(await h.call('get_scene', { scene_id: created.scene.id })).scene;
    expect(got.scene_content).toBe(content);
    const row = await h.db.selectFrom('chapter_scenes').select(['scene_content', 'word_count']).where('id', '=', created.scene.id).executeTakeFirstOrThrow();
    expect(row.scene_content).toBe(content);
    expect(row.word_count).toBeGreaterThan(100_000);
    expect((await totals(chapter)).chapter).toBe(row.word_count);
  });

  it('refuses a scene number already used in the chapter, naming it', async () => {
    const chapter = await story.chapter(bookId, 104);
    const first = await create({ chapter_id: chapter, scene_number: 3 });
    const res = await h.call('create_scene', { chapter_id: chapter, scene_number: 3 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(new RegExp(`scene_number: chapter ${chapter} already has a scene number 3 \\(scene ${first.scene.id}\\)`));
    expect(await story.count('chapter_scenes')).toBeGreaterThan(0);
    const rows = await h.db.selectFrom('chapter_scenes').select('id').where('chapter_id', '=', chapter).execute();
    expect(rows).toHaveLength(1);
  });

  it('lists the valid names when a lookup value is unknown', async () => {
    const chapter = await story.chapter(bookId, 105);
    for (const [field, names] of [
      ['scene_type', /dramatic, comedic, romantic, suspenseful, action, introspective, transitional/],
      ['scene_purpose', /action, dialogue, description, transition, exposition, conflict, resolution/],
      ['writing_status', /planned, draft, revision, final, cut/],
    ] as const) {
      const res = await h.call('create_scene', { chapter_id: chapter, scene_number: 1, [field]: 'nonsense' });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(new RegExp(`^${field}: "nonsense" is not a known`));
      expect(textOf(res)).toMatch(names);
    }
    expect(await h.db.selectFrom('chapter_scenes').select('id').where('chapter_id', '=', chapter).execute()).toEqual([]);
  });

  it('refuses characters of another series and unknown characters, storing nothing', async () => {
    const chapter = await story.chapter(bookId, 106);
    const other = await h.call('create_scene', { chapter_id: chapter, scene_number: 1, pov_character_id: stranger });
    expect(other.isError).toBe(true);
    expect(textOf(other)).toMatch(new RegExp(`pov_character_id: character ${stranger} \\(Stranger\\) belongs to series ${otherSeriesId}`));
    const unknown = await h.call('create_scene', { chapter_id: chapter, scene_number: 1, scene_participants: [hero, 999_999] });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/character 999999 not found/);
    expect(await h.db.selectFrom('chapter_scenes').select('id').where('chapter_id', '=', chapter).execute()).toEqual([]);
  });

  it('rolls back entirely: a bad participant leaves no scene and the totals untouched', async () => {
    const chapter = await story.chapter(bookId, 107, { word_count: 50 });
    await story.scene(chapter, 1, { word_count: 50 });
    const before = await totals(chapter);
    const res = await h.call('create_scene', {
      chapter_id: chapter,
      scene_number: 2,
      scene_content: 'many words here',
      scene_participants: [friend, stranger],
    });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/scene_participants/);
    expect(await h.db.selectFrom('chapter_scenes').select('id').where('chapter_id', '=', chapter).execute()).toHaveLength(1);
    expect(await totals(chapter)).toEqual(before);
  });

  it('says which chapter was not found', async () => {
    const res = await h.call('create_scene', { chapter_id: 987_654, scene_number: 1 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/chapter 987654 not found/);
  });

  it.each([
    [{ scene_number: 1 }, /chapter_id/],
    [{ chapter_id: 1 }, /scene_number/],
    [{ chapter_id: 'x', scene_number: 1 }, /chapter_id/],
    [{ chapter_id: 1, scene_number: 0 }, /scene_number/],
    [{ chapter_id: 1, scene_number: 1, intensity_level: 11 }, /intensity_level/],
    [{ chapter_id: 1, scene_number: 1, intensity_level: 0 }, /intensity_level/],
    [{ chapter_id: 1, scene_number: 1, scene_title: 'x'.repeat(256) }, /scene_title/],
    [{ chapter_id: 1, scene_number: 1, scene_participants: [1, 'two'] }, /scene_participants/],
    [{ chapter_id: 1, scene_number: 1, scene_elements: 'rope' }, /scene_elements/],
    [{ chapter_id: 1, scene_number: 1, target_word_count: -5 }, /target_word_count/],
    [{ chapter_id: 1, scene_number: 1, scene_content: 42 }, /scene_content/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('create_scene', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
    expect(textOf(res)).not.toMatch(LEAK);
  });
});

describe('update_scene', () => {
  it('changes only the given fields and keeps chapter and book sums when word_count changes', async () => {
    const book = await story.book(seriesId, 20);
    const c1 = await story.chapter(book, 1);
    const c2 = await story.chapter(book, 2);
    const a = (await create({ chapter_id: c1, scene_number: 1, scene_title: 'A', word_count: 100 })).scene;
    await create({ chapter_id: c1, scene_number: 2, word_count: 200 });
    await create({ chapter_id: c2, scene_number: 1, word_count: 1000 });
    expect(await totals(c1)).toEqual({ chapter: 300, book: 1300 });

    const res = await h.call('update_scene', { scene_id: a.id, word_count: 650, writing_status: 'DRAFT' });
    expect(res.isError, textOf(res)).toBeFalsy();
    const out = jsonOf<WriteJson>(res);
    expect(out.scene).toMatchObject({ id: a.id, scene_title: 'A', word_count: 650, writing_status: 'draft' });
    expect(out.chapter).toMatchObject({ id: c1, word_count: 850 });
    expect(out.book).toMatchObject({ id: book, actual_word_count: 1850 });
    expect(Date.parse(out.scene.updated_at)).toBeGreaterThanOrEqual(Date.parse(a.updated_at));
    expect(await totals(c1)).toEqual({ chapter: 850, book: 1850 });
    const row = await h.db.selectFrom('chapter_scenes').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ scene_title: 'A', word_count: 650, writing_status: 'draft' });
  });

  it('recounts words when only scene_content is given', async () => {
    const chapter = await story.chapter(bookId, 201);
    const { scene } = await create({ chapter_id: chapter, scene_number: 1, scene_content: 'one two' });
    const out = jsonOf<WriteJson>(await h.call('update_scene', { scene_id: scene.id, scene_content: 'one two three four five' }));
    expect(out.scene.word_count).toBe(5);
    expect(out.chapter?.word_count).toBe(5);
  });

  it('does not touch totals when no count changes', async () => {
    const chapter = await story.chapter(bookId, 202);
    const { scene } = await create({ chapter_id: chapter, scene_number: 1, word_count: 40 });
    const out = jsonOf<WriteJson>(await h.call('update_scene', { scene_id: scene.id, summary: 'Now with a summary', scene_participants: [friend] }));
    expect(out.chapter).toBeUndefined();
    expect(out.scene).toMatchObject({ word_count: 40, scene_participants: [friend] });
  });

  it('rolls back: a character of another series leaves the scene unchanged', async () => {
    const chapter = await story.chapter(bookId, 203);
    const { scene } = await create({ chapter_id: chapter, scene_number: 1, word_count: 10, scene_title: 'Kept' });
    const res = await h.call('update_scene', { scene_id: scene.id, word_count: 999, scene_title: 'Lost', pov_character_id: stranger });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/pov_character_id/);
    const row = await h.db.selectFrom('chapter_scenes').select(['scene_title', 'word_count']).where('id', '=', scene.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ scene_title: 'Kept', word_count: 10 });
    expect((await totals(chapter)).chapter).toBe(10);
  });

  it('refuses an update with nothing to change', async () => {
    const chapter = await story.chapter(bookId, 204);
    const { scene } = await create({ chapter_id: chapter, scene_number: 1 });
    const res = await h.call('update_scene', { scene_id: scene.id });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/nothing to update/i);
  });

  it('says which scene was not found', async () => {
    const res = await h.call('update_scene', { scene_id: 555_555, scene_title: 'Ghost' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/scene 555555 not found/);
  });

  it.each([
    [{ scene_title: 'x' }, /scene_id/],
    [{ scene_id: 1, word_count: 'many' }, /word_count/],
    [{ scene_id: 1, word_count: -1 }, /word_count/],
    [{ scene_id: 1, intensity_level: 12 }, /intensity_level/],
    [{ scene_id: 1, writing_status: '' }, /writing_status/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('update_scene', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});

describe('get_scene', () => {
  it('returns the scene with its text, and its characters and presence on request', async () => {
    const chapter = await story.chapter(bookId, 301);
    const { scene } = await create({
      chapter_id: chapter,
      scene_number: 2,
      scene_content: 'Text of the scene.',
      pov_character_id: hero,
      scene_participants: [friend],
    });
    await h.db
      .insertInto('character_chapter_presence')
      .values({ character_id: friend, chapter_id: chapter, presence_type: 'present', scene_id: scene.id, emotional_state: 'afraid' })
      .execute();
    const plain = jsonOf<{ scene: SceneJson & { chapter_number: number } }>(await h.call('get_scene', { scene_id: scene.id })).scene;
    expect(plain).toMatchObject({ id: scene.id, scene_content: 'Text of the scene.', chapter_number: 301, word_count: 4 });
    expect(plain.characters).toBeUndefined();
    const full = jsonOf<{ scene: SceneJson }>(await h.call('get_scene', { scene_id: scene.id, include_characters: true })).scene;
    expect(full.characters).toEqual([
      expect.objectContaining({ character_id: hero, name: 'Hero', roles: ['pov'] }),
      expect.objectContaining({ character_id: friend, name: 'Friend', roles: ['participant'] }),
    ]);
    expect(full.presence).toEqual([expect.objectContaining({ character_id: friend, presence_type: 'present', emotional_state: 'afraid' })]);
  });

  it('says which scene was not found', async () => {
    const res = await h.call('get_scene', { scene_id: 444_444 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/scene 444444 not found/);
  });

  it.each([[{}], [{ scene_id: 'one' }], [{ scene_id: -3 }]])('rejects a bad scene_id %j', async (args) => {
    const res = await h.call('get_scene', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/scene_id/);
  });
});

describe('list_scenes', () => {
  it('lists a chapter\'s scenes in order without their text, filtered, paged and with statistics', async () => {
    const chapter = await story.chapter(bookId, 401);
    await create({ chapter_id: chapter, scene_number: 3, scene_type: 'action', writing_status: 'draft', word_count: 300, pov_character_id: hero });
    await create({ chapter_id: chapter, scene_number: 1, scene_type: 'action', word_count: 100, target_word_count: 200, intensity_level: 4 });
    await create({ chapter_id: chapter, scene_number: 2, scene_type: 'comedic', writing_status: 'draft', scene_content: 'a b c d', intensity_level: 8 });
    const all = jsonOf<{ scenes: SceneJson[]; count: number; total_count: number; stats: Record<string, unknown> }>(
      await h.call('list_scenes', { chapter_id: chapter, include_stats: true }),
    );
    expect(all.scenes.map((s) => s.scene_number)).toEqual([1, 2, 3]);
    expect(all.scenes[1]).not.toHaveProperty('scene_content');
    expect(all.scenes[1]?.content_length).toBe(7);
    expect(all.total_count).toBe(3);
    expect(all.stats).toMatchObject({
      scene_count: 3,
      total_word_count: 404,
      average_intensity: 6,
      by_writing_status: { planned: 1, draft: 2 },
      by_scene_type: { action: 2, comedic: 1 },
      scenes_with_target: 1,
      target_word_count_total: 200,
      target_completion_percentage: 50,
    });
    const actions = jsonOf<{ scenes: SceneJson[]; total_count: number }>(await h.call('list_scenes', { chapter_id: chapter, scene_type: 'ACTION' }));
    expect(actions.scenes.map((s) => s.scene_number)).toEqual([1, 3]);
    const drafts = jsonOf<{ scenes: SceneJson[]; total_count: number }>(
      await h.call('list_scenes', { chapter_id: chapter, scene_type: 'action', writing_status: 'draft' }),
    );
    expect(drafts.scenes.map((s) => s.scene_number)).toEqual([3]);
    const page = jsonOf<{ scenes: SceneJson[]; count: number; total_count: number }>(await h.call('list_scenes', { chapter_id: chapter, limit: 1, offset: 1 }));
    expect(page).toMatchObject({ count: 1, total_count: 3 });
    expect(page.scenes[0]?.scene_number).toBe(2);
  });

  it('says which chapter was not found, and refuses an unknown filter value', async () => {
    const missing = await h.call('list_scenes', { chapter_id: 777_777 });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/chapter 777777 not found/);
    const chapter = await story.chapter(bookId, 402);
    const bad = await h.call('list_scenes', { chapter_id: chapter, writing_status: 'finished' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/writing_status: "finished" is not a known writing status; use one of: planned, draft/);
  });

  it.each([[{}, /chapter_id/], [{ chapter_id: 1, limit: 0 }, /limit/], [{ chapter_id: 1, include_stats: 'yes' }, /include_stats/]])(
    'rejects %j naming the field',
    async (args, field) => {
      const res = await h.call('list_scenes', args);
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(field);
    },
  );
});
