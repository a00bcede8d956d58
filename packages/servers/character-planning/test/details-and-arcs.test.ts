import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCharacterPlanningServer } from '../src/index.js';
import { addBook, addCharacter, countRows, LEAK, seedSeries } from './story.js';

interface DetailJson {
  id: number;
  character_id: number;
  category: string;
  attribute: string;
  value: string;
  source_book_id: number | null;
  confidence_level: string;
  updated_at: string;
}

let h: ServerHarness;
let seriesId: number;
let book1: number;
let book2: number;
let foreignBook: number;
let mara: number;
beforeAll(async () => {
  h = await startServer('character-planning', createCharacterPlanningServer);
  seriesId = await seedSeries(h.db, 'Details');
  book1 = await addBook(h.db, seriesId, 1);
  book2 = await addBook(h.db, seriesId, 2);
  foreignBook = await addBook(h.db, await seedSeries(h.db, 'Foreign'), 1);
  mara = await addCharacter(h.db, seriesId, 'Mara');
});
afterAll(() => h?.close());

describe('add_character_detail', () => {
  it('stores a fact with its source book and confidence', async () => {
    const res = await h.call('add_character_detail', {
      character_id: mara,
      category: 'appearance',
      attribute: 'eye_color',
      value: 'grey-green',
      source_book_id: book1,
      confidence_level: 'mentioned',
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    const { detail } = jsonOf<{ detail: DetailJson }>(res);
    expect(detail).toMatchObject({ character_id: mara, category: 'appearance', attribute: 'eye_color', value: 'grey-green', source_book_id: book1, confidence_level: 'mentioned' });
    expect(Date.parse(detail.updated_at)).not.toBeNaN();
    const row = await h.db.selectFrom('character_details').selectAll().where('id', '=', detail.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ value: 'grey-green', source_book_id: book1, confidence_level: 'mentioned' });
  });

  it('defaults confidence to established', async () => {
    const { detail } = jsonOf<{ detail: DetailJson }>(
      await h.call('add_character_detail', { character_id: mara, category: 'backstory', attribute: 'birthplace', value: 'Saltmere' }),
    );
    expect(detail).toMatchObject({ confidence_level: 'established', source_book_id: null });
  });

  it('refuses a second value for the same category and attribute, pointing to update_character_detail', async () => {
    await h.call('add_character_detail', { character_id: mara, category: 'skills', attribute: 'sailing', value: 'expert' });
    const before = await countRows(h.db, 'character_details');
    const res = await h.call('add_character_detail', { character_id: mara, category: 'skills', attribute: 'sailing', value: 'novice' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/already has a detail skills \/ sailing.*update_character_detail/);
    expect(await countRows(h.db, 'character_details')).toBe(before);
  });

  it('says which character or book was not found, and refuses a book of another series', async () => {
    const noChar = await h.call('add_character_detail', { character_id: 777_777, category: 'a', attribute: 'b', value: 'c' });
    expect(textOf(noChar)).toMatch(/character 777777 not found/);
    const noBook = await h.call('add_character_detail', { character_id: mara, category: 'a', attribute: 'b', value: 'c', source_book_id: 666_666 });
    expect(textOf(noBook)).toMatch(/book 666666 not found/);
    const foreign = await h.call('add_character_detail', { character_id: mara, category: 'a', attribute: 'b', value: 'c', source_book_id: foreignBook });
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toMatch(/source_book_id: book \d+ belongs to series/);
    const rows = await h.db.selectFrom('character_details').select('id').where('category', '=', 'a').execute();
    expect(rows).toEqual([]);
  });

  it.each([
    [{ character_id: 1, attribute: 'b', value: 'c' }, /category/],
    [{ character_id: 1, category: 'a', value: 'c' }, /attribute/],
    [{ character_id: 1, category: 'a', attribute: 'b' }, /value/],
    [{ character_id: 1, category: 'a', attribute: 'b', value: 'c', confidence_level: 'certain' }, /confidence_level/],
    [{ character_id: 1, category: 'x'.repeat(101), attribute: 'b', value: 'c' }, /category/],
    [{ character_id: 1.5, category: 'a', attribute: 'b', value: 'c' }, /character_id/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('add_character_detail', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
    expect(textOf(res)).not.toMatch(LEAK);
  });
});

describe('update_character_detail', () => {
  it('changes the value of an existing fact and reports the previous one', async () => {
    await h.call('add_character_detail', { character_id: mara, category: 'appearance', attribute: 'hair', value: 'black' });
    const res = await h.call('update_character_detail', {
      character_id: mara,
      category: 'appearance',
      attribute: 'hair',
      value: 'black, cropped short',
      source_book_id: book2,
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    const body = jsonOf<{ detail: DetailJson; previous_value: string }>(res);
    expect(body.previous_value).toBe('black');
    expect(body.detail).toMatchObject({ value: 'black, cropped short', source_book_id: book2, confidence_level: 'established' });
    const rows = await h.db.selectFrom('character_details').selectAll().where('character_id', '=', mara).where('attribute', '=', 'hair').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ value: 'black, cropped short', source_book_id: book2 });
  });

  it('says the detail was not found when it was never added, and stores nothing', async () => {
    const res = await h.call('update_character_detail', { character_id: mara, category: 'appearance', attribute: 'height', value: 'tall' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/character detail appearance \/ height of character \d+ not found; use add_character_detail/);
    const rows = await h.db.selectFrom('character_details').select('id').where('attribute', '=', 'height').execute();
    expect(rows).toEqual([]);
  });

  it('says which character was not found', async () => {
    const res = await h.call('update_character_detail', { character_id: 123_456, category: 'a', attribute: 'b', value: 'c' });
    expect(textOf(res)).toMatch(/character 123456 not found/);
  });

  it('rejects a bad confidence level by name', async () => {
    const res = await h.call('update_character_detail', { character_id: mara, category: 'a', attribute: 'b', value: 'c', confidence_level: 'sure' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/confidence_level/);
  });
});

describe('create_character_arc', () => {
  it('stores the arc: description, start_state -> starting_state, end_state -> ending_state', async () => {
    const res = await h.call('create_character_arc', {
      character_id: mara,
      book_id: book1,
      arc_description: 'From smuggler to harbour guardian.',
      start_state: 'Trusts no one',
      end_state: 'Leads the harbour watch',
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    const { arc } = jsonOf<{ arc: Record<string, unknown> & { id: number } }>(res);
    expect(arc).toMatchObject({
      character_id: mara,
      book_id: book1,
      arc_description: 'From smuggler to harbour guardian.',
      starting_state: 'Trusts no one',
      ending_state: 'Leads the harbour watch',
    });
    expect(Date.parse(arc.updated_at as string)).not.toBeNaN();
    const row = await h.db.selectFrom('character_arcs').selectAll().where('id', '=', arc.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ arc_description: 'From smuggler to harbour guardian.', starting_state: 'Trusts no one', ending_state: 'Leads the harbour watch' });
  });

  it('refuses a second arc for the same character and book', async () => {
    const before = await countRows(h.db, 'character_arcs');
    const res = await h.call('create_character_arc', { character_id: mara, book_id: book1, arc_description: 'Again' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/already has an arc in book/);
    expect(await countRows(h.db, 'character_arcs')).toBe(before);
  });

  it('says which character or book was not found, and refuses a book of another series', async () => {
    expect(textOf(await h.call('create_character_arc', { character_id: 909_090, book_id: book2, arc_description: 'x' }))).toMatch(
      /character 909090 not found/,
    );
    expect(textOf(await h.call('create_character_arc', { character_id: mara, book_id: 808_080, arc_description: 'x' }))).toMatch(
      /book 808080 not found/,
    );
    const foreign = await h.call('create_character_arc', { character_id: mara, book_id: foreignBook, arc_description: 'x' });
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toMatch(/book_id: book \d+ belongs to series/);
    expect(await h.db.selectFrom('character_arcs').select('id').where('arc_description', '=', 'x').execute()).toEqual([]);
  });

  it.each([
    [{ character_id: 1, book_id: 1 }, /arc_description/],
    [{ character_id: 1, book_id: 1, arc_description: '' }, /arc_description/],
    [{ character_id: 1, arc_description: 'x' }, /book_id/],
    [{ character_id: 1, book_id: 1, arc_description: 'x', start_state: 5 }, /start_state/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('create_character_arc', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});
