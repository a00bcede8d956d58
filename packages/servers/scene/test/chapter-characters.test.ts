import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSceneServer } from '../src/index.js';
import { Story } from './fixtures.js';

interface Row {
  character_id: number;
  name: string;
  roles: string[];
  scene_numbers: number[];
  presence_type: string;
  importance_level: string;
  importance_source: string;
  emotional_state: string | null;
}

let h: ServerHarness;
let chapter: number;
let ids: { ana: number; ben: number; cy: number; dee: number; eve: number };

beforeAll(async () => {
  h = await startServer('scene', createSceneServer);
  const story = new Story(h.db);
  const series = await story.series();
  const book = await story.book(series, 1);
  chapter = await story.chapter(book, 1);
  ids = {
    ana: await story.character(series, 'Ana'),
    ben: await story.character(series, 'Ben'),
    cy: await story.character(series, 'Cy'),
    dee: await story.character(series, 'Dee'),
    eve: await story.character(series, 'Eve'),
  };
  const s1 = await story.scene(chapter, 1, { pov_character_id: ids.ana, scene_participants: [ids.ana, ids.ben] });
  await story.scene(chapter, 2, { pov_character_id: ids.ben, scene_participants: [ids.cy] });
  await h.db
    .insertInto('character_chapter_presence')
    .values([
      // Ana: tracked as major, tied to scene 1
      { character_id: ids.ana, chapter_id: chapter, presence_type: 'present', importance_level: 'major', scene_id: s1, emotional_state: 'tense' },
      // Dee: only mentioned, chapter-wide
      { character_id: ids.dee, chapter_id: chapter, presence_type: 'mentioned', importance_level: 'background' },
      // Eve: on the phone during scenes 2-3
      { character_id: ids.eve, chapter_id: chapter, presence_type: 'phone_call', importance_level: 'cameo', enters_at_scene: 2, exits_at_scene: 3 },
    ])
    .execute();
});
afterAll(() => h?.close());

async function characters(args: Record<string, unknown>): Promise<Row[]> {
  const res = await h.call('get_characters_in_chapter', { chapter_id: chapter, ...args });
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<{ characters: Row[] }>(res).characters;
}

describe('get_characters_in_chapter', () => {
  it('combines presence records with the scenes\' POV characters and participants', async () => {
    const rows = await characters({});
    expect(rows.map((r) => r.name)).toEqual(['Ana', 'Ben', 'Cy', 'Dee', 'Eve']);
    const by = new Map(rows.map((r) => [r.name, r]));
    expect(by.get('Ana')).toMatchObject({ roles: ['tracked', 'pov', 'participant'], scene_numbers: [1], presence_type: 'present', importance_level: 'major', importance_source: 'tracked', emotional_state: 'tense' });
    expect(by.get('Ben')).toMatchObject({ roles: ['pov', 'participant'], scene_numbers: [1, 2], presence_type: 'present', importance_level: 'major', importance_source: 'derived' });
    expect(by.get('Cy')).toMatchObject({ roles: ['participant'], scene_numbers: [2], importance_level: 'minor', importance_source: 'derived' });
    expect(by.get('Dee')).toMatchObject({ roles: ['tracked'], scene_numbers: [], presence_type: 'mentioned', importance_level: 'background' });
    expect(by.get('Eve')).toMatchObject({ roles: ['tracked'], presence_type: 'phone_call', importance_level: 'cameo' });
  });

  it('filters by scene number, presence type and importance', async () => {
    expect((await characters({ scene_number: 1 })).map((r) => r.name)).toEqual(['Ana', 'Ben']);
    expect((await characters({ scene_number: 2 })).map((r) => r.name)).toEqual(['Ben', 'Cy', 'Eve']);
    expect((await characters({ scene_number: 9 })).map((r) => r.name)).toEqual([]);
    expect((await characters({ presence_type: 'mentioned' })).map((r) => r.name)).toEqual(['Dee']);
    expect((await characters({ importance_level: 'major' })).map((r) => r.name)).toEqual(['Ana', 'Ben']);
    expect((await characters({ scene_number: 2, importance_level: 'minor' })).map((r) => r.name)).toEqual(['Cy']);
  });

  it('says which chapter was not found', async () => {
    const res = await h.call('get_characters_in_chapter', { chapter_id: 123_456 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/chapter 123456 not found/);
  });

  it.each([
    [{}, /chapter_id/],
    [{ chapter_id: 1, presence_type: 'hiding' }, /presence_type/],
    [{ chapter_id: 1, importance_level: 'huge' }, /importance_level/],
    [{ chapter_id: 1, scene_number: 'two' }, /scene_number/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('get_characters_in_chapter', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});
