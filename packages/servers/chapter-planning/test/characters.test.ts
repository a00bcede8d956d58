import { startServer, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChapterPlanningServer } from '../src/index.js';
import { makeBook, makeChapter, makeCharacter, makeSeries, makeStory, rowCount } from './fixtures.js';
import { fails as failsOn, ok as okOn } from './helpers.js';

let h: ServerHarness;
const ok = <T>(tool: string, args: Record<string, unknown>) => okOn<T>(h, tool, args);
const fails = (tool: string, args: Record<string, unknown>, message: RegExp) => failsOn(h, tool, args, message);
beforeAll(async () => {
  h = await startServer('chapter-planning', createChapterPlanningServer);
});
afterAll(() => h?.close());

interface KnowledgeJson {
  id: number;
  character_id: number;
  character_name: string;
  knowledge_category: string;
  knowledge_item: string;
  knowledge_level: string;
  learned_book_id: number;
  learned_chapter_id: number;
  learned_scene: number | null;
  learned_context: string | null;
  book_number: number;
  chapter_number: number;
}

interface KnowerJson {
  character_id: number;
  name: string;
  knowledge_item: string;
  knowledge_level: string;
  learned_chapter_id: number | null;
  chapter_number: number | null;
  book_number: number | null;
}

describe('character_add_character_knowledge_with_chapter', () => {
  it('stores the chapter, scene and the chapter\'s book', async () => {
    const story = await makeStory(h.db, 'Know');
    const { knowledge } = await ok<{ knowledge: KnowledgeJson }>('character_add_character_knowledge_with_chapter', {
      character_id: story.character.id,
      knowledge_category: 'secret',
      knowledge_item: 'Tobin lit the lamp',
      learned_chapter_id: story.chapter2.id,
      learned_scene: 3,
      learned_context: 'Finds his matches in the lamp room.',
    });
    expect(knowledge).toMatchObject({
      character_id: story.character.id,
      character_name: 'Know Hero',
      knowledge_level: 'knows',
      learned_book_id: story.book.id,
      learned_chapter_id: story.chapter2.id,
      learned_scene: 3,
      book_number: 1,
      chapter_number: 2,
    });
    const row = await h.db.selectFrom('character_knowledge').selectAll().where('id', '=', knowledge.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      character_id: story.character.id,
      knowledge_category: 'secret',
      knowledge_item: 'Tobin lit the lamp',
      knowledge_level: 'knows',
      learned_book_id: story.book.id,
      learned_chapter_id: story.chapter2.id,
      learned_scene: 3,
      learned_context: 'Finds his matches in the lamp room.',
    });
  });

  it('refuses a chapter of another series and says which ids were not found', async () => {
    const story = await makeStory(h.db, 'KnowRefuse');
    const other = await makeStory(h.db, 'KnowOther');
    const before = await rowCount(h.db, 'character_knowledge');
    const base = { knowledge_category: 'secret', knowledge_item: 'X' };
    await fails('character_add_character_knowledge_with_chapter', { ...base, character_id: story.character.id, learned_chapter_id: other.chapter1.id }, new RegExp(`learned_chapter_id: chapter ${other.chapter1.id} belongs to series ${other.series.id}, but character ${story.character.id}`));
    await fails('character_add_character_knowledge_with_chapter', { ...base, character_id: 545_454, learned_chapter_id: story.chapter1.id }, /character 545454 not found/);
    await fails('character_add_character_knowledge_with_chapter', { ...base, character_id: story.character.id, learned_chapter_id: 656_565 }, /chapter 656565 not found/);
    expect(await rowCount(h.db, 'character_knowledge')).toBe(before);
  });

  it.each([
    [{ character_id: 1, knowledge_category: 'c', knowledge_item: 'i' }, /learned_chapter_id/],
    [{ character_id: 1, knowledge_category: 'c', learned_chapter_id: 1 }, /knowledge_item/],
    [{ character_id: 1, knowledge_item: 'i', learned_chapter_id: 1 }, /knowledge_category/],
    [{ character_id: 1, knowledge_category: 'c', knowledge_item: 'i', learned_chapter_id: 1, knowledge_level: 'believes' }, /knowledge_level/],
    [{ character_id: 1, knowledge_category: 'c', knowledge_item: 'x'.repeat(256), learned_chapter_id: 1 }, /knowledge_item/],
    [{ character_id: 1, knowledge_category: 'c', knowledge_item: 'i', learned_chapter_id: 1, learned_scene: 0 }, /learned_scene/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('character_add_character_knowledge_with_chapter', args, field);
  });
});

describe('character_get_characters_who_know', () => {
  it('answers from each character\'s latest state in story order', async () => {
    const series = await makeSeries(h.db, 'Knowers');
    const book1 = await makeBook(h.db, series.id, 1);
    const book2 = await makeBook(h.db, series.id, 2);
    const b1c2 = await makeChapter(h.db, book1.id, 2);
    const b1c9 = await makeChapter(h.db, book1.id, 9);
    const b2c1 = await makeChapter(h.db, book2.id, 1);
    const mara = await makeCharacter(h.db, series.id, 'Mara');
    const abel = await makeCharacter(h.db, series.id, 'Abel');
    const cara = await makeCharacter(h.db, series.id, 'Cara');
    const add = (character_id: number, learned_chapter_id: number, knowledge_level: string, knowledge_item = 'The king is alive') =>
      ok('character_add_character_knowledge_with_chapter', { character_id, knowledge_category: 'secret', knowledge_item, learned_chapter_id, knowledge_level });
    // Recorded out of story order on purpose: Mara knows in book 2, but her suspicion in book 1 is entered later.
    await add(mara.id, b2c1.id, 'knows');
    await add(mara.id, b1c9.id, 'suspects');
    await add(abel.id, b1c2.id, 'knows');
    await add(abel.id, b1c9.id, 'forgot');
    await add(cara.id, b1c2.id, 'suspects');
    await add(cara.id, b1c2.id, 'knows', 'The queen is a spy');

    const all = await ok<{ characters: KnowerJson[]; count: number }>('character_get_characters_who_know', { series_id: series.id, knowledge_item: 'the KING' });
    expect(all.characters.map((c) => [c.name, c.knowledge_level, c.book_number, c.chapter_number])).toEqual([
      ['Abel', 'forgot', 1, 9],
      ['Cara', 'suspects', 1, 2],
      ['Mara', 'knows', 2, 1],
    ]);
    expect(all.count).toBe(3);

    const knowers = await ok<{ characters: KnowerJson[] }>('character_get_characters_who_know', { series_id: series.id, knowledge_item: 'king is alive', knowledge_level: 'knows' });
    expect(knowers.characters.map((c) => c.name)).toEqual(['Mara']);
    expect(knowers.characters[0]?.learned_chapter_id).toBe(b2c1.id);

    const none = await ok<{ characters: KnowerJson[] }>('character_get_characters_who_know', { series_id: series.id, knowledge_item: 'dragons' });
    expect(none.characters).toEqual([]);
  });

  it('ignores other series and takes LIKE wildcards literally', async () => {
    const here = await makeStory(h.db, 'WhoHere');
    const there = await makeStory(h.db, 'WhoThere');
    await ok('character_add_character_knowledge_with_chapter', { character_id: there.character.id, knowledge_category: 'c', knowledge_item: 'shared secret', learned_chapter_id: there.chapter1.id });
    await ok('character_add_character_knowledge_with_chapter', { character_id: here.character.id, knowledge_category: 'c', knowledge_item: 'shared secret', learned_chapter_id: here.chapter1.id });
    const res = await ok<{ characters: KnowerJson[] }>('character_get_characters_who_know', { series_id: here.series.id, knowledge_item: 'shared' });
    expect(res.characters.map((c) => c.character_id)).toEqual([here.character.id]);
    const wild = await ok<{ characters: KnowerJson[] }>('character_get_characters_who_know', { series_id: here.series.id, knowledge_item: '%' });
    expect(wild.characters).toEqual([]);
  });

  it('says which series was not found', async () => {
    await fails('character_get_characters_who_know', { series_id: 787_878, knowledge_item: 'x' }, /series 787878 not found/);
  });

  it.each([[{ series_id: 1 }, /knowledge_item/], [{ knowledge_item: 'x' }, /series_id/], [{ series_id: 1, knowledge_item: 'x', knowledge_level: 'maybe' }, /knowledge_level/]])(
    'rejects %j naming the field',
    async (args, field) => {
      await fails('character_get_characters_who_know', args, field);
    },
  );
});

interface PresenceJson {
  id: number;
  character_id: number;
  chapter_id: number;
  character_name: string;
  chapter_number: number;
  presence_type: string;
  importance_level: string | null;
  physical_state: string | null;
  emotional_state: string | null;
  scene_id: number | null;
  learns_this_chapter: string[] | null;
}

describe('track_character_presence', () => {
  it('records the presence and updates it on a second call', async () => {
    const story = await makeStory(h.db, 'Presence');
    const scene = await h.db.insertInto('chapter_scenes').values({ chapter_id: story.chapter1.id, scene_number: 1 }).returning('id').executeTakeFirstOrThrow();
    const first = await ok<{ presence: PresenceJson; created: boolean }>('track_character_presence', {
      character_id: story.character.id,
      chapter_id: story.chapter1.id,
      scene_id: scene.id,
      presence_type: 'present',
      importance_level: 'major',
      physical_state: 'Soaked',
      emotional_state: 'Afraid',
      enters_at_scene: 1,
      exits_at_scene: 2,
      learns_this_chapter: ['The lamp was lit'],
      reveals_this_chapter: ['Her brother drowned'],
      character_growth: 'Decides to stay',
    });
    expect(first.created).toBe(true);
    expect(first.presence).toMatchObject({ character_name: 'Presence Hero', chapter_number: 1, presence_type: 'present', scene_id: scene.id });
    const second = await ok<{ presence: PresenceJson; created: boolean }>('track_character_presence', {
      character_id: story.character.id,
      chapter_id: story.chapter1.id,
      presence_type: 'flashback',
      emotional_state: 'Calm',
    });
    expect(second.created).toBe(false);
    expect(second.presence.id).toBe(first.presence.id);
    const rows = await h.db.selectFrom('character_chapter_presence').selectAll().where('character_id', '=', story.character.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      presence_type: 'flashback',
      emotional_state: 'Calm',
      physical_state: 'Soaked',
      importance_level: 'major',
      scene_id: scene.id,
      enters_at_scene: 1,
      exits_at_scene: 2,
      learns_this_chapter: ['The lamp was lit'],
      reveals_this_chapter: ['Her brother drowned'],
      character_growth: 'Decides to stay',
    });
  });

  it('refuses a scene of another chapter, a chapter of another series and bad scene ranges', async () => {
    const story = await makeStory(h.db, 'PresRefuse');
    const other = await makeStory(h.db, 'PresOther');
    const scene = await h.db.insertInto('chapter_scenes').values({ chapter_id: story.chapter2.id, scene_number: 1 }).returning('id').executeTakeFirstOrThrow();
    const base = { character_id: story.character.id, chapter_id: story.chapter1.id, presence_type: 'present' };
    const before = await rowCount(h.db, 'character_chapter_presence');
    await fails('track_character_presence', { ...base, scene_id: scene.id }, new RegExp(`scene_id: scene ${scene.id} belongs to chapter ${story.chapter2.id}`));
    await fails('track_character_presence', { ...base, scene_id: 989_898 }, /scene 989898 not found/);
    await fails('track_character_presence', { ...base, chapter_id: other.chapter1.id }, /chapter_id: chapter .* but character/);
    await fails('track_character_presence', { ...base, enters_at_scene: 3, exits_at_scene: 2 }, /exits_at_scene \(2\) must not be before enters_at_scene \(3\)/);
    await fails('track_character_presence', { ...base, character_id: 131_313 }, /character 131313 not found/);
    await fails('track_character_presence', { ...base, chapter_id: 242_424 }, /chapter 242424 not found/);
    expect(await rowCount(h.db, 'character_chapter_presence')).toBe(before);
  });

  it.each([
    [{ character_id: 1, chapter_id: 1 }, /presence_type/],
    [{ character_id: 1, chapter_id: 1, presence_type: 'telepathy' }, /presence_type/],
    [{ character_id: 1, chapter_id: 1, presence_type: 'present', importance_level: 'huge' }, /importance_level/],
    [{ character_id: 1, chapter_id: 1, presence_type: 'present', learns_this_chapter: 'x' }, /learns_this_chapter/],
    [{ chapter_id: 1, presence_type: 'present' }, /character_id/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('track_character_presence', args, field);
  });
});
