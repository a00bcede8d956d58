import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCharacterPlanningServer } from '../src/index.js';
import { addBook, countRows, LEAK, seedSeries } from './story.js';

interface CharacterJson {
  id: number;
  series_id: number;
  name: string;
  full_name: string | null;
  aliases: string[] | null;
  character_type: string;
  status: string;
  first_appearance_book_id: number | null;
  last_appearance_book_id: number | null;
  updated_at: string;
}

let h: ServerHarness;
let seriesId: number;
let otherSeriesId: number;
let book1: number;
let otherBook: number;
beforeAll(async () => {
  h = await startServer('character-planning', createCharacterPlanningServer);
  seriesId = await seedSeries(h.db, 'Tide');
  otherSeriesId = await seedSeries(h.db, 'Ember');
  book1 = await addBook(h.db, seriesId, 1);
  otherBook = await addBook(h.db, otherSeriesId, 1);
});
afterAll(() => h?.close());

async function create(args: Record<string, unknown>): Promise<CharacterJson> {
  const res = await h.call('create_character', { series_id: seriesId, ...args });
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<{ character: CharacterJson }>(res).character;
}

describe('create_character', () => {
  it('stores the character with aliases and first appearance, and returns it', async () => {
    const res = await h.call('create_character', {
      series_id: seriesId,
      name: 'Mara',
      full_name: 'Mara Ellen Voss',
      aliases: ['The Gull', 'M'],
      character_type: 'main',
      first_appearance_book_id: book1,
      status: 'alive',
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    const { character } = res.structuredContent as { character: CharacterJson };
    expect(character).toMatchObject({
      series_id: seriesId,
      name: 'Mara',
      full_name: 'Mara Ellen Voss',
      aliases: ['The Gull', 'M'],
      character_type: 'main',
      first_appearance_book_id: book1,
      status: 'alive',
    });
    expect(Date.parse(character.updated_at)).not.toBeNaN();
    const row = await h.db.selectFrom('characters').selectAll().where('id', '=', character.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Mara', full_name: 'Mara Ellen Voss', aliases: ['The Gull', 'M'], first_appearance_book_id: book1 });
  });

  it('uses the defaults (main, alive) when type and status are left out', async () => {
    const c = await create({ name: 'Tobin' });
    expect(c).toMatchObject({ character_type: 'main', status: 'alive', aliases: null, full_name: null });
  });

  it.each([
    [{ series_id: 1 }, /name/],
    [{ series_id: 1, name: '  ' }, /name/],
    [{ series_id: 'one', name: 'X' }, /series_id/],
    [{ name: 'X' }, /series_id/],
    [{ series_id: 1, name: 'X', character_type: 'hero' }, /character_type/],
    [{ series_id: 1, name: 'X', status: 'asleep' }, /status/],
    [{ series_id: 1, name: 'X', aliases: 'Gull' }, /aliases/],
    [{ series_id: 1, name: 'x'.repeat(256) }, /name/],
    [{ series_id: 1, name: 'X', first_appearance_book_id: 0 }, /first_appearance_book_id/],
  ])('rejects %j naming the field and stores nothing', async (args, field) => {
    const before = await countRows(h.db, 'characters');
    const res = await h.call('create_character', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
    expect(textOf(res)).not.toMatch(LEAK);
    expect(await countRows(h.db, 'characters')).toBe(before);
  });

  it('says which series was not found', async () => {
    const res = await h.call('create_character', { series_id: 987_654, name: 'Ghost' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/series 987654 not found/);
  });

  it('refuses a first appearance book that does not exist or is of another series', async () => {
    const before = await countRows(h.db, 'characters');
    const missing = await h.call('create_character', { series_id: seriesId, name: 'Ghost', first_appearance_book_id: 876_543 });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/book 876543 not found/);
    const foreign = await h.call('create_character', { series_id: seriesId, name: 'Ghost', first_appearance_book_id: otherBook });
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toMatch(/first_appearance_book_id: book \d+ belongs to series \d+, not to series \d+/);
    expect(await countRows(h.db, 'characters')).toBe(before);
  });
});

describe('update_character', () => {
  it('changes only the fields given', async () => {
    const c = await create({ name: 'Old Name', full_name: 'Old Full', character_type: 'minor' });
    const res = await h.call('update_character', { character_id: c.id, name: 'New Name', status: 'missing' });
    expect(res.isError, textOf(res)).toBeFalsy();
    const updated = jsonOf<{ character: CharacterJson }>(res).character;
    expect(updated).toMatchObject({ id: c.id, name: 'New Name', full_name: 'Old Full', character_type: 'minor', status: 'missing' });
    expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(c.updated_at));
    const row = await h.db.selectFrom('characters').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'New Name', full_name: 'Old Full', character_type: 'minor', status: 'missing' });
  });

  it('sets aliases and appearance books of the same series, and refuses another series\' book', async () => {
    const c = await create({ name: 'Aliased' });
    const ok = await h.call('update_character', { character_id: c.id, aliases: ['Al'], last_appearance_book_id: book1 });
    expect(ok.isError, textOf(ok)).toBeFalsy();
    expect(jsonOf<{ character: CharacterJson }>(ok).character).toMatchObject({ aliases: ['Al'], last_appearance_book_id: book1 });
    const bad = await h.call('update_character', { character_id: c.id, name: 'Changed', first_appearance_book_id: otherBook });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/first_appearance_book_id/);
    const row = await h.db.selectFrom('characters').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.name).toBe('Aliased');
  });

  it('refuses an update with nothing to change', async () => {
    const c = await create({ name: 'Static' });
    const res = await h.call('update_character', { character_id: c.id });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/nothing to update/i);
  });

  it('says which character was not found', async () => {
    const res = await h.call('update_character', { character_id: 555_555, name: 'Nobody' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/character 555555 not found/);
  });

  it.each([
    [{ character_id: 'x', name: 'A' }, /character_id/],
    [{ name: 'A' }, /character_id/],
    [{ character_id: 1, status: 'zombie' }, /status/],
    [{ character_id: 1, full_name: '' }, /full_name/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('update_character', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});

describe('list_characters', () => {
  it('lists the series\' characters by name, filtered by type and status, paged', async () => {
    const s = await seedSeries(h.db, 'Listing');
    for (const [name, character_type, status] of [
      ['Zed', 'antagonist', 'alive'],
      ['Ann', 'main', 'alive'],
      ['Bo', 'supporting', 'dead'],
      ['Cy', 'supporting', 'alive'],
    ] as const) {
      await create({ series_id: s, name, character_type, status });
    }
    await h.call('create_character', { series_id: otherSeriesId, name: 'Elsewhere' });

    const all = jsonOf<{ characters: CharacterJson[]; count: number; total_count: number }>(
      await h.call('list_characters', { series_id: s }),
    );
    expect(all.characters.map((c) => c.name)).toEqual(['Ann', 'Bo', 'Cy', 'Zed']);
    expect(all.total_count).toBe(4);

    const supporting = jsonOf<{ characters: CharacterJson[] }>(await h.call('list_characters', { series_id: s, character_type: 'supporting' }));
    expect(supporting.characters.map((c) => c.name)).toEqual(['Bo', 'Cy']);
    const aliveSupporting = jsonOf<{ characters: CharacterJson[]; total_count: number }>(
      await h.call('list_characters', { series_id: s, character_type: 'supporting', status: 'alive' }),
    );
    expect(aliveSupporting.characters.map((c) => c.name)).toEqual(['Cy']);
    expect(aliveSupporting.total_count).toBe(1);

    const page = jsonOf<{ characters: CharacterJson[]; count: number; total_count: number }>(
      await h.call('list_characters', { series_id: s, limit: 2, offset: 1 }),
    );
    expect(page.characters.map((c) => c.name)).toEqual(['Bo', 'Cy']);
    expect(page).toMatchObject({ count: 2, total_count: 4 });
  });

  it('says which series was not found', async () => {
    const res = await h.call('list_characters', { series_id: 424_242 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/series 424242 not found/);
  });

  it.each([
    [{}, /series_id/],
    [{ series_id: -3 }, /series_id/],
    [{ series_id: 1, character_type: 'villain' }, /character_type/],
    [{ series_id: 1, limit: 0 }, /limit/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('list_characters', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});
