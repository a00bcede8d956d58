import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCharacterPlanningServer } from '../src/index.js';
import { addBook, addChapters, addCharacter, LEAK, seedSeries } from './story.js';

interface KnowledgeJson {
  id: number;
  knowledge_category: string;
  knowledge_item: string;
  knowledge_level: string;
  learned_context: string | null;
  learned_chapter_id: number | null;
  learned_chapter_number: number | null;
  learned_scene: number | null;
  learned_book_id: number | null;
  learned_book_number: number | null;
  as_of_status?: string;
}
interface ItemJson {
  knowledge_category: string;
  knowledge_item: string;
  knowledge_level: string;
  status: string;
  knowledge_id: number;
}
interface Answer {
  character: { id: number; name: string };
  as_of: { chapter_id: number; book_number: number; chapter_number: number } | null;
  knows: boolean;
  suspects: boolean;
  items: ItemJson[];
  knowledge: KnowledgeJson[];
  count: number;
}

let h: ServerHarness;
let mara: number;
let b1: number[];
let b2: number[];
let book2: number;
let foreignChapter: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  h = await startServer('character-planning', createCharacterPlanningServer);
  const s = await seedSeries(h.db, 'Knowledge');
  const book1 = await addBook(h.db, s, 1);
  book2 = await addBook(h.db, s, 2);
  b1 = await addChapters(h.db, book1, 3);
  b2 = await addChapters(h.db, book2, 2);
  mara = await addCharacter(h.db, s, 'Mara');
  const rows = [
    { key: 'cove', knowledge_category: 'places', knowledge_item: 'the hidden cove', knowledge_level: 'knows', learned_book_id: book2 },
    { key: 'poisonKnows', knowledge_category: 'secrets', knowledge_item: "the queen's poison", knowledge_level: 'knows', learned_chapter_id: b2[0], learned_book_id: book2 },
    { key: 'king', knowledge_category: 'secrets', knowledge_item: 'the king is dead', knowledge_level: 'knows', learned_chapter_id: b1[1], learned_book_id: book1, learned_scene: 3, learned_context: 'overheard at the docks' },
    { key: 'sword', knowledge_category: 'skills', knowledge_item: 'sword fighting', knowledge_level: 'knows' },
    { key: 'poisonSuspects', knowledge_category: 'Secrets', knowledge_item: "The Queen's Poison", knowledge_level: 'suspects', learned_chapter_id: b1[2], learned_book_id: book1 },
  ] as const;
  for (const { key, ...row } of rows) {
    const inserted = await h.db.insertInto('character_knowledge').values({ character_id: mara, ...row }).returning('id').executeTakeFirstOrThrow();
    ids[key] = inserted.id;
  }
  const foreign = await seedSeries(h.db, 'Foreign');
  [foreignChapter] = (await addChapters(h.db, await addBook(h.db, foreign, 1), 1)) as [number];
});
afterAll(() => h?.close());

async function ask(args: Record<string, unknown>): Promise<Answer> {
  const res = await h.call('check_character_knowledge', { character_id: mara, ...args });
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<Answer>(res);
}

describe('check_character_knowledge', () => {
  it('lists everything the character knows in story order with where it was learned', async () => {
    const a = await ask({});
    expect(a.character).toMatchObject({ id: mara, name: 'Mara' });
    expect(a.as_of).toBeNull();
    expect(a.knowledge.map((k) => k.id)).toEqual([ids.sword, ids.king, ids.poisonSuspects, ids.poisonKnows, ids.cove]);
    expect(a.count).toBe(5);
    expect(a.knowledge[1]).toMatchObject({
      knowledge_item: 'the king is dead',
      learned_chapter_id: b1[1],
      learned_chapter_number: 2,
      learned_book_number: 1,
      learned_scene: 3,
      learned_context: 'overheard at the docks',
    });
    expect(a.knowledge[4]).toMatchObject({ learned_chapter_id: null, learned_book_id: book2, learned_book_number: 2 });
    // One line per item: the poison (written in two casings) is now known, not only suspected.
    expect(a.items).toHaveLength(4);
    expect(a.items.find((i) => i.knowledge_item.toLowerCase() === "the queen's poison")).toMatchObject({
      knowledge_level: 'knows',
      status: 'known',
      knowledge_id: ids.poisonKnows,
    });
    expect(a.knows).toBe(true);
  });

  it('filters by item text (case-insensitive substring) and by category', async () => {
    const poison = await ask({ knowledge_item: 'POISON' });
    expect(poison.knowledge.map((k) => k.id)).toEqual([ids.poisonSuspects, ids.poisonKnows]);
    const secrets = await ask({ knowledge_category: 'secrets' });
    expect(secrets.knowledge.map((k) => k.id)).toEqual([ids.king, ids.poisonSuspects, ids.poisonKnows]);
    const none = await ask({ knowledge_item: '100%_sure' });
    expect(none).toMatchObject({ knowledge: [], items: [], knows: false, suspects: false, count: 0 });
  });

  it('answers "does she know it at chapter N" from the chapter order', async () => {
    const atB1C3 = await ask({ as_of_chapter_id: b1[2] });
    expect(atB1C3.as_of).toMatchObject({ chapter_id: b1[2], book_number: 1, chapter_number: 3 });
    const status = Object.fromEntries(atB1C3.knowledge.map((k) => [k.id, k.as_of_status]));
    expect(status).toEqual({
      [ids.sword as number]: 'timing_unknown',
      [ids.king as number]: 'learned_by_then',
      [ids.poisonSuspects as number]: 'learned_by_then',
      [ids.poisonKnows as number]: 'learned_later',
      [ids.cove as number]: 'learned_later',
    });

    const poisonThen = await ask({ knowledge_item: 'poison', as_of_chapter_id: b1[2] });
    expect(poisonThen).toMatchObject({ knows: false, suspects: true });
    expect(poisonThen.items).toEqual([expect.objectContaining({ knowledge_level: 'suspects', status: 'known', knowledge_id: ids.poisonSuspects })]);

    const poisonLater = await ask({ knowledge_item: 'poison', as_of_chapter_id: b2[1] });
    expect(poisonLater).toMatchObject({ knows: true });

    const kingBefore = await ask({ knowledge_item: 'king', as_of_chapter_id: b1[0] });
    expect(kingBefore.knows).toBe(false);
    expect(kingBefore.items).toEqual([expect.objectContaining({ knowledge_level: 'unaware', status: 'not_yet_learned' })]);

    const kingSameChapter = await ask({ knowledge_item: 'king', as_of_chapter_id: b1[1] });
    expect(kingSameChapter.knows).toBe(true);

    const coveInItsBook = await ask({ knowledge_item: 'cove', as_of_chapter_id: b2[0] });
    expect(coveInItsBook.knows).toBe(false);
    expect(coveInItsBook.items[0]).toMatchObject({ status: 'timing_unknown' });
  });

  it('answers for a character who knows nothing', async () => {
    const row = await h.db.selectFrom('characters').select('series_id').where('id', '=', mara).executeTakeFirstOrThrow();
    const blank = await addCharacter(h.db, row.series_id, 'Blank');
    const res = jsonOf<Answer>(await h.call('check_character_knowledge', { character_id: blank }));
    expect(res).toMatchObject({ knowledge: [], items: [], knows: false, count: 0 });
  });

  it('says which character or chapter was not found and refuses a chapter of another series', async () => {
    const noChar = await h.call('check_character_knowledge', { character_id: 747_474 });
    expect(noChar.isError).toBe(true);
    expect(textOf(noChar)).toMatch(/character 747474 not found/);
    const noChapter = await h.call('check_character_knowledge', { character_id: mara, as_of_chapter_id: 737_373 });
    expect(textOf(noChapter)).toMatch(/chapter 737373 not found/);
    const foreign = await h.call('check_character_knowledge', { character_id: mara, as_of_chapter_id: foreignChapter });
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toMatch(/chapter \d+ is in series \d+, but character \d+ belongs to series \d+/);
  });

  it.each([
    [{}, /character_id/],
    [{ character_id: 'Mara' }, /character_id/],
    [{ character_id: 1, knowledge_item: '' }, /knowledge_item/],
    [{ character_id: 1, knowledge_category: 7 }, /knowledge_category/],
    [{ character_id: 1, as_of_chapter_id: 0 }, /as_of_chapter_id/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('check_character_knowledge', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
    expect(textOf(res)).not.toMatch(LEAK);
  });
});
