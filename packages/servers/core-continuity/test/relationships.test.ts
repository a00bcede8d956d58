import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreContinuityServer } from '../src/index.js';
import { addBook, addChapters, addCharacter, addPlotThread, seedSeries } from './story.js';

interface Entry {
  id: number;
  chapter_id: number | null;
  book_number: number | null;
  chapter_number: number | null;
  scene_number: number | null;
  dynamic_change: string;
  tension_change: number | null;
  cumulative_tension?: number;
}

let h: ServerHarness;
let arcId: number;
let emptyArc: number;
let mara: number;
let tobin: number;
beforeAll(async () => {
  h = await startServer('core-continuity', createCoreContinuityServer);
  const s = await seedSeries(h.db, 'Timeline');
  const thread = await addPlotThread(h.db, s, 'Rivals');
  mara = await addCharacter(h.db, s, 'Mara');
  tobin = await addCharacter(h.db, s, 'Tobin');
  // Book 2 is created first, so ids do not follow story order.
  const book2 = await addBook(h.db, s, 2);
  const book1 = await addBook(h.db, s, 1);
  const [b2c1] = (await addChapters(h.db, book2, 1)) as [number];
  const [b1c1, b1c2] = (await addChapters(h.db, book1, 2)) as [number, number];
  const scenes = await h.db
    .insertInto('chapter_scenes')
    .values([
      { chapter_id: b1c2, scene_number: 2 },
      { chapter_id: b1c2, scene_number: 1 },
    ])
    .returning('id')
    .execute();
  const participants = JSON.stringify([
    { character_id: mara, role_in_relationship: 'rival', character_name: 'Old name' },
    { character_id: tobin, role_in_relationship: 'rival' },
  ]);
  arcId = (
    await h.db
      .insertInto('relationship_arcs')
      .values({ plot_thread_id: thread, arc_name: 'Mara & Tobin', participants, relationship_type: 'antagonistic', current_dynamic: 'Wary' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  emptyArc = (
    await h.db
      .insertInto('relationship_arcs')
      .values({ plot_thread_id: thread, arc_name: 'Quiet', participants, relationship_type: 'family' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await h.db
    .insertInto('relationship_dynamics')
    .values([
      { arc_id: arcId, chapter_id: b2c1, dynamic_change: 'Allies at last', tension_change: -5, change_type: 'trust' },
      { arc_id: arcId, chapter_id: null, dynamic_change: 'Some day they argued', tension_change: 1, change_type: 'conflict' },
      { arc_id: arcId, chapter_id: b1c2, scene_id: scenes[0]?.id ?? null, dynamic_change: 'He saves her', tension_change: -2, change_type: 'trust' },
      { arc_id: arcId, chapter_id: b1c1, dynamic_change: 'First clash', tension_change: 4, change_type: 'conflict' },
      { arc_id: arcId, chapter_id: b1c2, scene_id: scenes[1]?.id ?? null, dynamic_change: 'She mocks him', tension_change: 2, change_type: 'power' },
    ])
    .execute();
});
afterAll(() => h?.close());

describe('get_relationship_timeline', () => {
  it('orders the changes by book number, chapter number and scene, with the running tension', async () => {
    const res = await h.call('get_relationship_timeline', { arc_id: arcId });
    expect(res.isError, textOf(res)).toBeFalsy();
    const body = jsonOf<{ arc: { participants: { character_name: string }[] }; timeline: Entry[]; undated: Entry[]; count: number; net_tension_change: number }>(res);
    expect(body.timeline.map((e) => [e.book_number, e.chapter_number, e.scene_number, e.dynamic_change, e.cumulative_tension])).toEqual([
      [1, 1, null, 'First clash', 4],
      [1, 2, 1, 'She mocks him', 6],
      [1, 2, 2, 'He saves her', 4],
      [2, 1, null, 'Allies at last', -1],
    ]);
    expect(body.undated.map((e) => e.dynamic_change)).toEqual(['Some day they argued']);
    expect(body).toMatchObject({ count: 5, net_tension_change: 0 });
    expect(body.arc.participants.map((p) => p.character_name)).toEqual(['Mara', 'Tobin']);
  });

  it('returns an empty timeline for an arc without changes', async () => {
    const body = jsonOf<{ timeline: Entry[]; undated: Entry[]; count: number }>(await h.call('get_relationship_timeline', { arc_id: emptyArc }));
    expect(body).toMatchObject({ timeline: [], undated: [], count: 0 });
  });

  it('says which arc was not found and rejects a bad id by name', async () => {
    const res = await h.call('get_relationship_timeline', { arc_id: 717_171 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/relationship arc 717171 not found/);
    const bad = await h.call('get_relationship_timeline', { arc_id: 'one' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/arc_id/);
  });
});

describe('get_relationship_arc', () => {
  it('returns the arc with current participant names, counts and the latest change in story order', async () => {
    const res = await h.call('get_relationship_arc', { arc_id: arcId });
    expect(res.isError, textOf(res)).toBeFalsy();
    const { arc } = jsonOf<{ arc: Record<string, unknown> & { latest_dynamic: Entry; participants: unknown[] } }>(res);
    expect(arc).toMatchObject({ id: arcId, arc_name: 'Mara & Tobin', plot_thread_title: 'Rivals', relationship_type: 'antagonistic', current_dynamic: 'Wary', dynamics_count: 5, net_tension_change: 0 });
    expect(arc.participants).toEqual([
      { character_id: mara, role_in_relationship: 'rival', character_name: 'Mara' },
      { character_id: tobin, role_in_relationship: 'rival', character_name: 'Tobin' },
    ]);
    expect(arc.latest_dynamic.dynamic_change).toBe('Allies at last');
  });

  it('says which arc was not found', async () => {
    const res = await h.call('get_relationship_arc', { arc_id: 727_272 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/relationship arc 727272 not found/);
    const bad = await h.call('get_relationship_arc', {});
    expect(textOf(bad)).toMatch(/arc_id/);
  });
});
