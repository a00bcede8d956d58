import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCharacterPlanningServer } from '../src/index.js';
import { addBook, addChapters, addCharacter, addPlotThread, countRows, LEAK, seedSeries } from './story.js';

interface ParticipantJson {
  character_id: number;
  role_in_relationship: string;
  character_name: string | null;
}
interface ArcJson {
  id: number;
  plot_thread_id: number;
  plot_thread_title: string;
  series_id: number;
  arc_name: string;
  participants: ParticipantJson[];
  relationship_type: string;
  current_dynamic: string | null;
  development_factors: string[] | null;
  complexity_level: number | null;
  dynamics_count: number;
  updated_at: string;
}

let h: ServerHarness;
let seriesId: number;
let thread: number;
let otherThread: number;
let mara: number;
let tobin: number;
let iris: number;
let stranger: number;
let chapters: number[];
let foreignChapter: number;
beforeAll(async () => {
  h = await startServer('character-planning', createCharacterPlanningServer);
  seriesId = await seedSeries(h.db, 'Arcs');
  thread = await addPlotThread(h.db, seriesId, 'The harbour feud');
  otherThread = await addPlotThread(h.db, seriesId, 'The lighthouse');
  mara = await addCharacter(h.db, seriesId, 'Mara');
  tobin = await addCharacter(h.db, seriesId, 'Tobin');
  iris = await addCharacter(h.db, seriesId, 'Iris');
  chapters = await addChapters(h.db, await addBook(h.db, seriesId, 1), 3);
  const foreignSeries = await seedSeries(h.db, 'Elsewhere');
  stranger = await addCharacter(h.db, foreignSeries, 'Stranger');
  [foreignChapter] = (await addChapters(h.db, await addBook(h.db, foreignSeries, 1), 1)) as [number];
});
afterAll(() => h?.close());

async function createArc(args: Record<string, unknown> = {}): Promise<ArcJson> {
  const res = await h.call('create_relationship_arc', {
    plot_thread_id: thread,
    arc_name: 'Rivals to allies',
    participants: [
      { character_id: mara, role_in_relationship: 'rival' },
      { character_id: tobin, role_in_relationship: 'rival' },
    ],
    relationship_type: 'antagonistic',
    ...args,
  });
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<{ arc: ArcJson }>(res).arc;
}

describe('create_relationship_arc', () => {
  it('stores participants as JSON with the characters\' names, and the other fields', async () => {
    const arc = await createArc({
      participants: [
        { character_id: mara, role_in_relationship: 'mentor', character_name: 'wrong name' },
        { character_id: tobin, role_in_relationship: 'apprentice' },
      ],
      relationship_type: 'mentor',
      current_dynamic: 'Wary respect',
      development_factors: ['shared debt', 'the storm'],
      complexity_level: 6,
    });
    expect(arc).toMatchObject({
      plot_thread_id: thread,
      plot_thread_title: 'The harbour feud',
      series_id: seriesId,
      relationship_type: 'mentor',
      current_dynamic: 'Wary respect',
      development_factors: ['shared debt', 'the storm'],
      complexity_level: 6,
      dynamics_count: 0,
    });
    expect(arc.participants).toEqual([
      { character_id: mara, role_in_relationship: 'mentor', character_name: 'Mara' },
      { character_id: tobin, role_in_relationship: 'apprentice', character_name: 'Tobin' },
    ]);
    const row = await h.db.selectFrom('relationship_arcs').selectAll().where('id', '=', arc.id).executeTakeFirstOrThrow();
    expect(row.participants).toEqual([
      { character_id: mara, role_in_relationship: 'mentor', character_name: 'Mara' },
      { character_id: tobin, role_in_relationship: 'apprentice', character_name: 'Tobin' },
    ]);
    expect(row).toMatchObject({ relationship_type: 'mentor', development_factors: ['shared debt', 'the storm'], complexity_level: 6 });
  });

  it('refuses a participant of another series, and an unknown character, storing nothing', async () => {
    const before = await countRows(h.db, 'relationship_arcs');
    const foreign = await h.call('create_relationship_arc', {
      plot_thread_id: thread,
      arc_name: 'Impossible',
      participants: [
        { character_id: mara, role_in_relationship: 'friend' },
        { character_id: stranger, role_in_relationship: 'friend' },
      ],
      relationship_type: 'friendship',
    });
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toMatch(/participants: character \d+ \(Stranger\) belongs to series \d+, but plot thread \d+ is in series \d+/);
    const unknown = await h.call('create_relationship_arc', {
      plot_thread_id: thread,
      arc_name: 'Impossible',
      participants: [
        { character_id: mara, role_in_relationship: 'friend' },
        { character_id: 999_111, role_in_relationship: 'friend' },
      ],
      relationship_type: 'friendship',
    });
    expect(textOf(unknown)).toMatch(/character 999111 not found/);
    expect(await countRows(h.db, 'relationship_arcs')).toBe(before);
  });

  it('says which plot thread was not found', async () => {
    const res = await h.call('create_relationship_arc', {
      plot_thread_id: 313_131,
      arc_name: 'x',
      participants: [
        { character_id: mara, role_in_relationship: 'a' },
        { character_id: tobin, role_in_relationship: 'b' },
      ],
      relationship_type: 'family',
    });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/plot thread 313131 not found/);
  });

  it.each([
    [{ participants: [{ character_id: 1, role_in_relationship: 'solo' }] }, /participants/],
    [{ participants: [{ character_id: 1, role_in_relationship: 'a' }, { character_id: 1, role_in_relationship: 'b' }] }, /same character twice.*participants/],
    [{ participants: [{ character_id: 1 }, { character_id: 2, role_in_relationship: 'b' }] }, /role_in_relationship/],
    [{ participants: 'Mara and Tobin' }, /participants/],
    [{ relationship_type: 'romance' }, /relationship_type/],
    [{ complexity_level: 11 }, /complexity_level/],
    [{ arc_name: '' }, /arc_name/],
    [{ development_factors: 'storm' }, /development_factors/],
  ])('rejects %j naming the field and stores nothing', async (override, field) => {
    const before = await countRows(h.db, 'relationship_arcs');
    const res = await h.call('create_relationship_arc', {
      plot_thread_id: thread,
      arc_name: 'Bad',
      participants: [
        { character_id: 1, role_in_relationship: 'a' },
        { character_id: 2, role_in_relationship: 'b' },
      ],
      relationship_type: 'family',
      ...override,
    });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
    expect(textOf(res)).not.toMatch(LEAK);
    expect(await countRows(h.db, 'relationship_arcs')).toBe(before);
  });
});

describe('update_relationship_arc', () => {
  it('changes the fields given and replaces the participants', async () => {
    const arc = await createArc();
    const res = await h.call('update_relationship_arc', {
      arc_id: arc.id,
      participants: [
        { character_id: mara, role_in_relationship: 'ally' },
        { character_id: tobin, role_in_relationship: 'ally' },
        { character_id: iris, role_in_relationship: 'go-between' },
      ],
      relationship_type: 'alliance',
      complexity_level: 8,
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    const updated = jsonOf<{ arc: ArcJson }>(res).arc;
    expect(updated).toMatchObject({ id: arc.id, arc_name: 'Rivals to allies', relationship_type: 'alliance', complexity_level: 8 });
    expect(updated.participants.map((p) => [p.character_name, p.role_in_relationship])).toEqual([
      ['Mara', 'ally'],
      ['Tobin', 'ally'],
      ['Iris', 'go-between'],
    ]);
    const row = await h.db.selectFrom('relationship_arcs').selectAll().where('id', '=', arc.id).executeTakeFirstOrThrow();
    expect((row.participants as unknown[]).length).toBe(3);
    expect(row).toMatchObject({ relationship_type: 'alliance', complexity_level: 8, arc_name: 'Rivals to allies' });
  });

  it('refuses participants of another series and leaves the arc as it was', async () => {
    const arc = await createArc();
    const res = await h.call('update_relationship_arc', {
      arc_id: arc.id,
      arc_name: 'Should not stick',
      participants: [
        { character_id: mara, role_in_relationship: 'x' },
        { character_id: stranger, role_in_relationship: 'y' },
      ],
    });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/belongs to series/);
    const row = await h.db.selectFrom('relationship_arcs').selectAll().where('id', '=', arc.id).executeTakeFirstOrThrow();
    expect(row.arc_name).toBe('Rivals to allies');
    expect((row.participants as { character_id: number }[]).map((p) => p.character_id)).toEqual([mara, tobin]);
  });

  it('refuses an empty update and says which arc was not found', async () => {
    const arc = await createArc();
    expect(textOf(await h.call('update_relationship_arc', { arc_id: arc.id }))).toMatch(/nothing to update/i);
    const res = await h.call('update_relationship_arc', { arc_id: 272_727, arc_name: 'x' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/relationship arc 272727 not found/);
  });

  it.each([
    [{ complexity_level: 0 }, /complexity_level/],
    [{ relationship_type: 'enemies' }, /relationship_type/],
    [{ participants: [] }, /participants/],
  ])('rejects %j naming the field', async (override, field) => {
    const res = await h.call('update_relationship_arc', { arc_id: 1, ...override });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});

describe('track_relationship_dynamics', () => {
  it('records a change dated by its chapter', async () => {
    const arc = await createArc();
    const res = await h.call('track_relationship_dynamics', {
      arc_id: arc.id,
      chapter_id: chapters[1],
      dynamic_change: 'Tobin saves Mara from the tide',
      tension_change: -3,
      change_type: 'trust',
      trigger_event: 'The flood',
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    const body = jsonOf<{ dynamic: Record<string, unknown> & { id: number }; arc: { id: number; dynamics_count: number } }>(res);
    expect(body.dynamic).toMatchObject({ arc_id: arc.id, chapter_id: chapters[1], chapter_number: 2, book_number: 1, tension_change: -3, change_type: 'trust' });
    expect(body.arc).toMatchObject({ id: arc.id, dynamics_count: 1 });
    const row = await h.db.selectFrom('relationship_dynamics').selectAll().where('id', '=', body.dynamic.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ arc_id: arc.id, chapter_id: chapters[1], dynamic_change: 'Tobin saves Mara from the tide', tension_change: -3, change_type: 'trust', trigger_event: 'The flood' });
  });

  it('takes the chapter from the scene when only the scene is given, and refuses a scene of another chapter', async () => {
    const arc = await createArc();
    const scene = await h.db.insertInto('chapter_scenes').values({ chapter_id: chapters[2] as number, scene_number: 1 }).returning('id').executeTakeFirstOrThrow();
    const res = await h.call('track_relationship_dynamics', { arc_id: arc.id, scene_id: scene.id, dynamic_change: 'A truce', change_type: 'commitment' });
    expect(res.isError, textOf(res)).toBeFalsy();
    const row = await h.db.selectFrom('relationship_dynamics').selectAll().where('arc_id', '=', arc.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ chapter_id: chapters[2], scene_id: scene.id });
    const mismatch = await h.call('track_relationship_dynamics', {
      arc_id: arc.id,
      chapter_id: chapters[0],
      scene_id: scene.id,
      dynamic_change: 'x',
      change_type: 'power',
    });
    expect(mismatch.isError).toBe(true);
    expect(textOf(mismatch)).toMatch(/scene_id: scene \d+ is in chapter \d+, not in chapter \d+/);
  });

  it('refuses a chapter of another series, and says which arc, chapter or scene was not found', async () => {
    const arc = await createArc();
    const before = await countRows(h.db, 'relationship_dynamics');
    const foreign = await h.call('track_relationship_dynamics', { arc_id: arc.id, chapter_id: foreignChapter, dynamic_change: 'x', change_type: 'power' });
    expect(textOf(foreign)).toMatch(/chapter \d+ is in series \d+, but relationship arc \d+ is in series \d+/);
    expect(textOf(await h.call('track_relationship_dynamics', { arc_id: 646_464, dynamic_change: 'x', change_type: 'power' }))).toMatch(
      /relationship arc 646464 not found/,
    );
    expect(
      textOf(await h.call('track_relationship_dynamics', { arc_id: arc.id, chapter_id: 535_353, dynamic_change: 'x', change_type: 'power' })),
    ).toMatch(/chapter 535353 not found/);
    expect(
      textOf(await h.call('track_relationship_dynamics', { arc_id: arc.id, scene_id: 424_242, dynamic_change: 'x', change_type: 'power' })),
    ).toMatch(/scene 424242 not found/);
    expect(await countRows(h.db, 'relationship_dynamics')).toBe(before);
  });

  it.each([
    [{ tension_change: 11 }, /tension_change/],
    [{ tension_change: -11 }, /tension_change/],
    [{ change_type: 'romance' }, /change_type/],
    [{ dynamic_change: '' }, /dynamic_change/],
    [{ chapter_id: 'two' }, /chapter_id/],
  ])('rejects %j naming the field', async (override, field) => {
    const res = await h.call('track_relationship_dynamics', { arc_id: 1, dynamic_change: 'x', change_type: 'power', ...override });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});

describe('list_relationship_arcs', () => {
  it('lists arcs filtered by plot thread, type, series and participant, with current names', async () => {
    const s = await seedSeries(h.db, 'Listing');
    const t1 = await addPlotThread(h.db, s, 'Thread one');
    const t2 = await addPlotThread(h.db, s, 'Thread two');
    const a = await addCharacter(h.db, s, 'Ada');
    const b = await addCharacter(h.db, s, 'Ben');
    const c = await addCharacter(h.db, s, 'Cal');
    const pair = (x: number, y: number) => [
      { character_id: x, role_in_relationship: 'one' },
      { character_id: y, role_in_relationship: 'two' },
    ];
    await createArc({ plot_thread_id: t1, arc_name: 'Ada & Ben', participants: pair(a, b), relationship_type: 'romantic' });
    await createArc({ plot_thread_id: t1, arc_name: 'Ben & Cal', participants: pair(b, c), relationship_type: 'family' });
    await createArc({ plot_thread_id: t2, arc_name: 'Ada & Cal', participants: pair(a, c), relationship_type: 'romantic' });
    await h.db.updateTable('characters').set({ name: 'Adaline' }).where('id', '=', a).execute();

    const byThread = jsonOf<{ arcs: ArcJson[]; total_count: number }>(await h.call('list_relationship_arcs', { plot_thread_id: t1 }));
    expect(byThread.arcs.map((x) => x.arc_name)).toEqual(['Ada & Ben', 'Ben & Cal']);
    expect(byThread.total_count).toBe(2);
    expect(byThread.arcs[0]?.participants[0]?.character_name).toBe('Adaline');

    const romantic = jsonOf<{ arcs: ArcJson[] }>(await h.call('list_relationship_arcs', { series_id: s, relationship_type: 'romantic' }));
    expect(romantic.arcs.map((x) => x.arc_name)).toEqual(['Ada & Ben', 'Ada & Cal']);

    const withCal = jsonOf<{ arcs: ArcJson[]; total_count: number }>(await h.call('list_relationship_arcs', { series_id: s, character_id: c }));
    expect(withCal.arcs.map((x) => x.arc_name).sort()).toEqual(['Ada & Cal', 'Ben & Cal']);
    expect(withCal.total_count).toBe(2);

    const paged = jsonOf<{ arcs: ArcJson[]; count: number; total_count: number }>(
      await h.call('list_relationship_arcs', { series_id: s, limit: 1, offset: 2 }),
    );
    expect(paged).toMatchObject({ count: 1, total_count: 3 });
    expect(paged.arcs[0]?.arc_name).toBe('Ada & Cal');
  });

  it('says which plot thread was not found and rejects a bad type by name', async () => {
    expect(textOf(await h.call('list_relationship_arcs', { plot_thread_id: 858_585 }))).toMatch(/plot thread 858585 not found/);
    const bad = await h.call('list_relationship_arcs', { relationship_type: 'rivalry' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/relationship_type/);
  });
});

it('keeps the other plot thread free of arcs it was not given', async () => {
  const res = jsonOf<{ arcs: ArcJson[] }>(await h.call('list_relationship_arcs', { plot_thread_id: otherThread }));
  expect(res.arcs).toEqual([]);
});
