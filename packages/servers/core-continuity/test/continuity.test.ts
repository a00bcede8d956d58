import type { Db } from '@mcp-writing/db';
import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreContinuityServer } from '../src/index.js';
import { addBook, addChapters, addCharacter, LEAK, seedSeries } from './story.js';

interface Issue {
  type: string;
  severity: string;
  field?: string;
  chapter_id: number;
  message: string;
  details: Record<string, unknown>;
}
interface Change {
  field: string;
  from_value: string;
  to_value: string;
  from_chapter: { chapter_id: number };
  to_chapter: { chapter_id: number };
  explained: boolean;
  explanations: { source: string; source_id: number; chapter_id: number; matched: string[] }[];
}
interface Report {
  character: { id: number; name: string };
  from_chapter: { chapter_id: number; book_number: number; chapter_number: number };
  to_chapter: { chapter_id: number; book_number: number; chapter_number: number };
  check_type: string;
  chapters_compared: number;
  presence_records_in_range: number;
  states: Record<string, { at_from: string | null; at_to: string | null }>;
  changes: Change[];
  knowledge_learned?: { knowledge_item: string; source: string; chapter: { chapter_id: number } }[];
  issues: Issue[];
  issue_count: number;
  consistent: boolean;
}

type PresenceValues = {
  presence_type?: string;
  physical_state?: string;
  emotional_state?: string;
  scene_id?: number;
  arrival_method?: string;
  learns_this_chapter?: string[];
  reveals_this_chapter?: string[];
};

async function presence(db: Db, characterId: number, chapterId: number, values: PresenceValues) {
  await db
    .insertInto('character_chapter_presence')
    .values({ character_id: characterId, chapter_id: chapterId, presence_type: 'present', ...values })
    .execute();
}

async function knowledge(db: Db, characterId: number, chapterId: number, item: string, level = 'knows') {
  await db
    .insertInto('character_knowledge')
    .values({ character_id: characterId, knowledge_category: 'secrets', knowledge_item: item, knowledge_level: level, learned_chapter_id: chapterId })
    .execute();
}

async function setLocation(db: Db, chapterId: number, location: string) {
  await db.updateTable('chapters').set({ primary_location: location }).where('id', '=', chapterId).execute();
}

let h: ServerHarness;
/** A story where every change is accounted for. */
const clean = { mara: 0, ch: [] as number[], b2: [] as number[], plotPoint: 0, presence4: 0 };
/** The same shape with known faults. */
const broken = { mara: 0, tobin: 0, iris: 0, ch: [] as number[] };
let foreignChapter = 0;

beforeAll(async () => {
  h = await startServer('core-continuity', createCoreContinuityServer);
  const db = h.db;

  // Clean: Mara's arm is hurt in 1-2, a healer mends it in 3 (a plot point affecting her),
  // she is unharmed in 4; she rides to the Temple (arrival) in 4; she learns the king is dead
  // in 2 and reveals it in 4; a flashback in 5 shows her bleeding (another time: ignored).
  const cs = await seedSeries(db, 'Clean');
  clean.ch = await addChapters(db, await addBook(db, cs, 1), 5);
  clean.b2 = await addChapters(db, await addBook(db, cs, 2), 1);
  clean.mara = await addCharacter(db, cs, 'Mara');
  const [c1, c2, c3, c4, c5] = clean.ch as [number, number, number, number, number];
  const harborScene = await db.insertInto('chapter_scenes').values({ chapter_id: c1, scene_number: 1, location: 'Harbor' }).returning('id').executeTakeFirstOrThrow();
  await setLocation(db, c1, 'Lighthouse');
  await setLocation(db, c2, 'Harbor');
  await setLocation(db, c4, 'Temple');
  await setLocation(db, c5, 'Temple');
  await presence(db, clean.mara, c1, { physical_state: 'injured arm', emotional_state: 'calm', scene_id: harborScene.id });
  await presence(db, clean.mara, c2, { physical_state: 'Injured arm', emotional_state: 'calm' });
  const pp = await db
    .insertInto('chapter_plot_points')
    .values({ chapter_id: c3, event_description: 'A healer sets and mends the broken bone.', affects_characters: [clean.mara] })
    .returning('id')
    .executeTakeFirstOrThrow();
  clean.plotPoint = pp.id;
  await db
    .insertInto('character_chapter_presence')
    .values({
      character_id: clean.mara,
      chapter_id: c4,
      presence_type: 'present',
      physical_state: 'unharmed',
      emotional_state: 'calm',
      arrival_method: 'rode in with the pilgrims',
      reveals_this_chapter: ['the king is dead'],
    })
    .execute();
  clean.presence4 = (await db.selectFrom('character_chapter_presence').select('id').where('chapter_id', '=', c4).executeTakeFirstOrThrow()).id;
  await presence(db, clean.mara, c5, { presence_type: 'flashback', physical_state: 'bleeding badly', emotional_state: 'terrified' });
  await knowledge(db, clean.mara, c2, 'the king is dead');

  // Broken: the arm heals with nothing explaining it (3 has only an unrelated scene with her);
  // she reveals the king is dead in 2 but learns it only in 3; her anger in 4 is explained by
  // Tobin's betrayal (a plot point in 3). Tobin learns in 3 what he knew since 1; Iris learns it
  // again in 3 but had forgotten it in 2 (no fault).
  const bs = await seedSeries(db, 'Broken');
  broken.ch = await addChapters(db, await addBook(db, bs, 1), 4);
  const [d1, d2, d3, d4] = broken.ch as [number, number, number, number];
  broken.mara = await addCharacter(db, bs, 'Mara');
  broken.tobin = await addCharacter(db, bs, 'Tobin');
  broken.iris = await addCharacter(db, bs, 'Iris');
  for (const c of broken.ch) await setLocation(db, c, 'Harbor');
  await presence(db, broken.mara, d1, { physical_state: 'injured arm', emotional_state: 'calm' });
  await presence(db, broken.mara, d2, { physical_state: 'injured arm', emotional_state: 'calm', reveals_this_chapter: ['The king is dead'] });
  await db
    .insertInto('chapter_scenes')
    .values({ chapter_id: d3, scene_number: 1, summary: 'Supper and a game of cards at the inn.', scene_participants: [broken.mara, broken.tobin] })
    .execute();
  await db
    .insertInto('chapter_plot_points')
    .values({ chapter_id: d3, event_description: 'Tobin betrays her to the harbour master.', affects_characters: [broken.mara] })
    .execute();
  await presence(db, broken.mara, d4, { physical_state: 'unharmed', emotional_state: 'furious' });
  await knowledge(db, broken.mara, d3, 'the king is dead');
  await knowledge(db, broken.tobin, d1, 'the map is forged');
  await presence(db, broken.tobin, d3, { learns_this_chapter: ['The map is forged'] });
  await knowledge(db, broken.iris, d1, 'the map is forged');
  await knowledge(db, broken.iris, d2, 'the map is forged', 'forgot');
  await presence(db, broken.iris, d3, { learns_this_chapter: ['the map is forged'] });

  const fs = await seedSeries(db, 'Foreign');
  [foreignChapter] = (await addChapters(db, await addBook(db, fs, 1), 1)) as [number];
});
afterAll(() => h?.close());

async function check(args: Record<string, unknown>): Promise<Report> {
  const res = await h.call('check_character_continuity', args);
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<Report>(res);
}

describe('check_character_continuity on a clean story', () => {
  it('explains every change and finds no issue', async () => {
    const r = await check({ character_id: clean.mara, from_chapter_id: clean.ch[0], to_chapter_id: clean.ch[4] });
    expect(r.issues).toEqual([]);
    expect(r).toMatchObject({ issue_count: 0, consistent: true, check_type: 'all', chapters_compared: 5, presence_records_in_range: 4 });
    expect(r.from_chapter).toMatchObject({ chapter_id: clean.ch[0], book_number: 1, chapter_number: 1 });
    // The flashback in 5 does not count: she is unharmed and calm at the Temple.
    expect(r.states).toEqual({
      physical_state: { at_from: 'injured arm', at_to: 'unharmed' },
      emotional_state: { at_from: 'calm', at_to: 'calm' },
      location: { at_from: 'Harbor', at_to: 'Temple' },
    });
    expect(r.changes.map((c) => [c.field, c.from_value, c.to_value, c.explained])).toEqual([
      ['physical_state', 'Injured arm', 'unharmed', true],
      ['location', 'Harbor', 'Temple', true],
    ]);
    const physical = r.changes[0] as Change;
    expect(physical.from_chapter.chapter_id).toBe(clean.ch[1]);
    expect(physical.to_chapter.chapter_id).toBe(clean.ch[3]);
    expect(physical.explanations).toContainEqual(expect.objectContaining({ source: 'plot_point', source_id: clean.plotPoint, chapter_id: clean.ch[2] }));
    const location = r.changes[1] as Change;
    expect(location.explanations).toContainEqual(expect.objectContaining({ source: 'presence', source_id: clean.presence4, matched: ['arrival_method'] }));
    expect(r.knowledge_learned?.map((k) => [k.knowledge_item, k.source, k.chapter.chapter_id])).toEqual([
      ['the king is dead', 'character_knowledge', clean.ch[1]],
    ]);
  });

  it('orders chapters across books by book number, then chapter number', async () => {
    const r = await check({ character_id: clean.mara, from_chapter_id: clean.ch[3], to_chapter_id: clean.b2[0] });
    expect(r.to_chapter).toMatchObject({ book_number: 2, chapter_number: 1 });
    expect(r.chapters_compared).toBe(3);
    expect(r.issues).toEqual([]);
    const backwards = await h.call('check_character_continuity', {
      character_id: clean.mara,
      from_chapter_id: clean.b2[0],
      to_chapter_id: clean.ch[0],
    });
    expect(backwards.isError).toBe(true);
    expect(textOf(backwards)).toMatch(/from_chapter_id \d+ comes after to_chapter_id \d+ in reading order/);
  });
});

describe('check_character_continuity on a story with faults', () => {
  it('finds exactly the unexplained healing and the reveal before learning', async () => {
    const r = await check({ character_id: broken.mara, from_chapter_id: broken.ch[0], to_chapter_id: broken.ch[3] });
    expect(r.issues.map((i) => [i.type, i.field, i.chapter_id])).toEqual([
      ['revealed_before_learned', 'knowledge', broken.ch[1]],
      ['unexplained_change', 'physical_state', broken.ch[3]],
    ]);
    expect(r).toMatchObject({ issue_count: 2, consistent: false });
    const [reveal, healing] = r.issues as [Issue, Issue];
    expect(reveal.severity).toBe('error');
    expect(reveal.message).toMatch(/Mara reveals "The king is dead" in book 1, chapter 2 .* but learns it only in book 1, chapter 3/);
    expect(reveal.details).toMatchObject({ revealed_chapter_id: broken.ch[1], learned_chapter_id: broken.ch[2], learned_source: 'character_knowledge' });
    expect(healing.message).toMatch(/physical state changes from "injured arm" .* to "unharmed" .* nothing in between explains it/);
    expect(healing.details).toMatchObject({ from_chapter_id: broken.ch[1], to_chapter_id: broken.ch[3] });
    // The anger is explained by the betrayal; the location never changes.
    const emotional = r.changes.find((c) => c.field === 'emotional_state');
    expect(emotional).toMatchObject({ from_value: 'calm', to_value: 'furious', explained: true });
    expect(emotional?.explanations[0]).toMatchObject({ source: 'plot_point', matched: ['betrays'] });
    expect(r.changes.filter((c) => c.field === 'location')).toEqual([]);
    for (const issue of r.issues) expect(issue.message).not.toMatch(LEAK);
  });

  it('filters by check_type', async () => {
    const base = { character_id: broken.mara, from_chapter_id: broken.ch[0], to_chapter_id: broken.ch[3] };
    const physical = await check({ ...base, check_type: 'physical_state' });
    expect(physical.issues.map((i) => i.type)).toEqual(['unexplained_change']);
    expect(Object.keys(physical.states)).toEqual(['physical_state']);
    expect(physical.knowledge_learned).toBeUndefined();
    const knowledgeOnly = await check({ ...base, check_type: 'knowledge' });
    expect(knowledgeOnly.issues.map((i) => i.type)).toEqual(['revealed_before_learned']);
    expect(knowledgeOnly.changes).toEqual([]);
    expect(knowledgeOnly.states).toEqual({});
    expect(knowledgeOnly.knowledge_learned?.map((k) => k.knowledge_item)).toEqual(['the king is dead']);
    const emotional = await check({ ...base, check_type: 'emotional_state' });
    expect(emotional.issues).toEqual([]);
    const location = await check({ ...base, check_type: 'location' });
    expect(location).toMatchObject({ issues: [], changes: [], states: { location: { at_from: 'Harbor', at_to: 'Harbor' } } });
  });

  it('carries the state into the range when the from chapter has no record', async () => {
    const r = await check({ character_id: broken.mara, from_chapter_id: broken.ch[2], to_chapter_id: broken.ch[3], check_type: 'physical_state' });
    expect(r.states.physical_state).toEqual({ at_from: 'injured arm', at_to: 'unharmed' });
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]?.details).toMatchObject({ from_chapter_id: broken.ch[1], to_chapter_id: broken.ch[3] });
  });

  it('finds learning again what was already known, unless it was forgotten in between', async () => {
    const tobin = await check({ character_id: broken.tobin, from_chapter_id: broken.ch[0], to_chapter_id: broken.ch[3] });
    expect(tobin.issues.map((i) => [i.type, i.chapter_id])).toEqual([['learned_again', broken.ch[2]]]);
    expect(tobin.issues[0]?.message).toMatch(/Tobin learns "The map is forged" in book 1, chapter 3 .* but already knew it from book 1, chapter 1/);
    const iris = await check({ character_id: broken.iris, from_chapter_id: broken.ch[0], to_chapter_id: broken.ch[3] });
    expect(iris.issues).toEqual([]);
    expect(iris.knowledge_learned?.map((k) => [k.knowledge_item, k.source])).toEqual([['the map is forged', 'presence']]);
  });

  it('counts a chapter summary naming the character as an explanation', async () => {
    await h.db
      .updateTable('chapters')
      .set({ summary: "Mara's arm is finally out of the sling." })
      .where('id', '=', broken.ch[2] as number)
      .execute();
    const r = await check({ character_id: broken.mara, from_chapter_id: broken.ch[0], to_chapter_id: broken.ch[3], check_type: 'physical_state' });
    expect(r.issues).toEqual([]);
    expect(r.changes[0]?.explanations).toEqual([expect.objectContaining({ source: 'chapter', chapter_id: broken.ch[2], matched: ['arm'] })]);
    await h.db.updateTable('chapters').set({ summary: null }).where('id', '=', broken.ch[2] as number).execute();
  });
});

describe('check_character_continuity errors', () => {
  it('says which character or chapter was not found', async () => {
    const noChar = await h.call('check_character_continuity', { character_id: 919_191, from_chapter_id: clean.ch[0], to_chapter_id: clean.ch[1] });
    expect(textOf(noChar)).toMatch(/character 919191 not found/);
    const noChapter = await h.call('check_character_continuity', { character_id: clean.mara, from_chapter_id: clean.ch[0], to_chapter_id: 929_292 });
    expect(noChapter.isError).toBe(true);
    expect(textOf(noChapter)).toMatch(/chapter 929292 not found/);
  });

  it('refuses a chapter of another series and the same chapter twice', async () => {
    const foreign = await h.call('check_character_continuity', { character_id: clean.mara, from_chapter_id: clean.ch[0], to_chapter_id: foreignChapter });
    expect(textOf(foreign)).toMatch(/chapter \d+ is in series \d+, but character \d+ belongs to series \d+/);
    const same = await h.call('check_character_continuity', { character_id: clean.mara, from_chapter_id: clean.ch[0], to_chapter_id: clean.ch[0] });
    expect(same.isError).toBe(true);
    expect(textOf(same)).toMatch(/same chapter/);
  });

  it.each([
    [{ from_chapter_id: 1, to_chapter_id: 2 }, /character_id/],
    [{ character_id: 1, to_chapter_id: 2 }, /from_chapter_id/],
    [{ character_id: 1, from_chapter_id: 1, to_chapter_id: 'two' }, /to_chapter_id/],
    [{ character_id: 1, from_chapter_id: 1, to_chapter_id: 2, check_type: 'mood' }, /check_type/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('check_character_continuity', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});
