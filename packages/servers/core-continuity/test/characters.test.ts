import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreContinuityServer } from '../src/index.js';
import { addBook, addChapters, addCharacter, LEAK, seedSeries } from './story.js';

let h: ServerHarness;
let seriesId: number;
let book1: number;
let book2: number;
let chapters: number[];
let mara: number;
beforeAll(async () => {
  h = await startServer('core-continuity', createCoreContinuityServer);
  seriesId = await seedSeries(h.db, 'Reads');
  book1 = await addBook(h.db, seriesId, 1);
  book2 = await addBook(h.db, seriesId, 2);
  chapters = await addChapters(h.db, book1, 2);
  const row = await h.db
    .insertInto('characters')
    .values({
      series_id: seriesId,
      name: 'Mara',
      full_name: 'Mara Voss',
      aliases: ['Gull'],
      character_type: 'main',
      first_appearance_book_id: book1,
      last_appearance_book_id: book2,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  mara = row.id;
  await h.db
    .insertInto('character_details')
    .values([
      { character_id: mara, category: 'appearance', attribute: 'eyes', value: 'grey', source_book_id: book1 },
      { character_id: mara, category: 'appearance', attribute: 'hair', value: 'black', confidence_level: 'implied' },
      { character_id: mara, category: 'skills', attribute: 'sailing', value: 'expert' },
    ])
    .execute();
  await h.db
    .insertInto('character_arcs')
    .values([
      { character_id: mara, book_id: book2, arc_description: 'Leads the watch', starting_state: 'doubtful' },
      { character_id: mara, book_id: book1, arc_description: 'Learns to trust' },
    ])
    .execute();
  await h.db
    .insertInto('character_chapter_presence')
    .values(chapters.map((chapter_id) => ({ character_id: mara, chapter_id, presence_type: 'present' })))
    .execute();
  await h.db
    .insertInto('character_knowledge')
    .values({ character_id: mara, knowledge_category: 'secrets', knowledge_item: 'the king is dead', learned_chapter_id: chapters[1], learned_book_id: book1 })
    .execute();
});
afterAll(() => h?.close());

describe('get_character', () => {
  it('returns the character with series, appearance books, arcs in book order and record counts', async () => {
    const res = await h.call('get_character', { character_id: mara });
    expect(res.isError, textOf(res)).toBeFalsy();
    const { character } = jsonOf<{ character: Record<string, unknown> & { arcs: { book_id: number; arc_description: string }[] } }>(res);
    expect(character).toMatchObject({
      id: mara,
      name: 'Mara',
      full_name: 'Mara Voss',
      aliases: ['Gull'],
      series: { id: seriesId, title: 'Series Reads' },
      first_appearance_book: { id: book1, book_number: 1 },
      last_appearance_book: { id: book2, book_number: 2 },
      details_count: 3,
      knowledge_count: 1,
      chapters_present_count: 2,
    });
    expect(character.arcs.map((a) => [a.book_id, a.arc_description])).toEqual([
      [book1, 'Learns to trust'],
      [book2, 'Leads the watch'],
    ]);
  });

  it('says which character was not found and rejects a bad id by name', async () => {
    const missing = await h.call('get_character', { character_id: 616_161 });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/character 616161 not found/);
    for (const args of [{}, { character_id: 'x' }, { character_id: -1 }]) {
      const bad = await h.call('get_character', args);
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toMatch(/character_id/);
      expect(textOf(bad)).not.toMatch(LEAK);
    }
  });
});

describe('get_character_details', () => {
  it('lists the facts by category and attribute with their source book', async () => {
    const res = await h.call('get_character_details', { character_id: mara });
    expect(res.isError, textOf(res)).toBeFalsy();
    const body = jsonOf<{ details: Record<string, unknown>[]; by_category: Record<string, Record<string, string>>; count: number }>(res);
    expect(body.details.map((d) => `${d.category}/${d.attribute}`)).toEqual(['appearance/eyes', 'appearance/hair', 'skills/sailing']);
    expect(body.details[0]).toMatchObject({ value: 'grey', source_book_id: book1, source_book_title: 'Book 1', source_book_number: 1, confidence_level: 'established' });
    expect(body.by_category).toEqual({ appearance: { eyes: 'grey', hair: 'black' }, skills: { sailing: 'expert' } });
    expect(body.count).toBe(3);
  });

  it('filters by category, case-insensitively', async () => {
    const body = jsonOf<{ details: { attribute: string }[] }>(await h.call('get_character_details', { character_id: mara, category: 'Appearance' }));
    expect(body.details.map((d) => d.attribute)).toEqual(['eyes', 'hair']);
  });

  it('says which character was not found and rejects a bad category by name', async () => {
    expect(textOf(await h.call('get_character_details', { character_id: 626_262 }))).toMatch(/character 626262 not found/);
    const bad = await h.call('get_character_details', { character_id: mara, category: '' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/category/);
  });
});

describe('check_character_knowledge (shared with character-planning)', () => {
  it('answers what the character knows, and as of a chapter', async () => {
    const all = jsonOf<{ knows: boolean; knowledge: { knowledge_item: string; learned_chapter_number: number }[] }>(
      await h.call('check_character_knowledge', { character_id: mara, knowledge_item: 'king' }),
    );
    expect(all.knows).toBe(true);
    expect(all.knowledge).toEqual([expect.objectContaining({ knowledge_item: 'the king is dead', learned_chapter_number: 2 })]);
    const before = jsonOf<{ knows: boolean }>(
      await h.call('check_character_knowledge', { character_id: mara, knowledge_item: 'king', as_of_chapter_id: chapters[0] }),
    );
    expect(before.knows).toBe(false);
  });

  it('says which character was not found', async () => {
    const res = await h.call('check_character_knowledge', { character_id: 636_363 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/character 636363 not found/);
  });
});

it('keeps characters of other series apart', async () => {
  const other = await addCharacter(h.db, await seedSeries(h.db, 'Other'), 'Mara');
  const body = jsonOf<{ character: { details_count: number; arcs: unknown[] } }>(await h.call('get_character', { character_id: other }));
  expect(body.character).toMatchObject({ details_count: 0, arcs: [] });
});
