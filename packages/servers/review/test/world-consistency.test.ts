import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReviewServer } from '../src/index.js';
import { Story } from './fixtures.js';

interface Issue {
  check: string;
  severity: string;
  type: string;
  message: string;
  entity?: { kind: string; id: number; name: string };
}
interface Report {
  checked: Record<string, number>;
  summary: { error: number; warning: number; info: number; total: number; below_threshold: number };
  issues: Issue[];
}

let h: ServerHarness;
let story: Story;

beforeAll(async () => {
  h = await startServer('review', createReviewServer);
  story = new Story(h.db);
});
afterAll(() => h?.close());

/**
 * A consistent world: Kingdom > Capital, a guild headquartered in the Capital under a parent order,
 * a fire magic system with an element, and usage records in book order with the element introduced first.
 */
async function cleanWorld() {
  const series = await story.series();
  const book1 = await story.book(series, 1);
  const book2 = await story.book(series, 2);
  const ch1 = await story.chapter(book1, 1);
  const ch2 = await story.chapter(book1, 2);
  const kingdom = await h.db.insertInto('locations').values({ series_id: series, name: 'Kingdom', location_type: 'realm' }).returning('id').executeTakeFirstOrThrow();
  const capital = await h.db.insertInto('locations').values({ series_id: series, name: 'Capital', location_type: 'city', parent_location_id: kingdom.id }).returning('id').executeTakeFirstOrThrow();
  const order = await h.db.insertInto('organizations').values({ series_id: series, name: 'The Order', organization_type: 'religious' }).returning('id').executeTakeFirstOrThrow();
  const guild = await h.db
    .insertInto('organizations')
    .values({ series_id: series, name: 'Guild', organization_type: 'trade', headquarters_location_id: capital.id, parent_organization_id: order.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const system = await h.db.insertInto('world_systems').values({ series_id: series, system_name: 'Fire magic', system_type: 'magic' }).returning('id').executeTakeFirstOrThrow();
  const element = await h.db
    .insertInto('world_elements')
    .values({ series_id: series, name: 'Ember stone', element_type: 'artifact', system_id: system.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await h.db
    .insertInto('world_element_usage')
    .values([
      { element_type: 'world_element', element_id: element.id, book_id: book1, chapter_id: ch1, activity_type: 'introduced' },
      { element_type: 'world_element', element_id: element.id, book_id: book1, chapter_id: ch2 },
      { element_type: 'location', element_id: capital.id, book_id: book1, chapter_id: ch1 },
      { element_type: 'organization', element_id: guild.id, book_id: book2, activity_type: 'raid' },
    ])
    .execute();
  return { series, book1, book2, ch1, ch2, kingdom: kingdom.id, capital: capital.id, order: order.id, guild: guild.id, system: system.id, element: element.id };
}

async function check(args: Record<string, unknown>): Promise<Report> {
  const res = await h.call('check_world_consistency', args);
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<Report>(res);
}
const found = (r: Report) => r.issues.map((i) => `${i.check}/${i.type}`).sort();

describe('check_world_consistency', () => {
  it('finds nothing in a consistent world', async () => {
    const w = await cleanWorld();
    const report = await check({ series_id: w.series });
    expect(report.issues).toEqual([]);
    expect(report.checked).toEqual({ locations: 2, organizations: 2, world_elements: 1, world_systems: 1, usage_records: 4 });
  });

  it('finds locations whose parent is in another series or looping', async () => {
    const w = await cleanWorld();
    const other = await story.series('Other');
    const foreignLoc = await h.db.insertInto('locations').values({ series_id: other, name: 'Far Land', location_type: 'realm' }).returning('id').executeTakeFirstOrThrow();
    await h.db.insertInto('locations').values({ series_id: w.series, name: 'Border Town', location_type: 'town', parent_location_id: foreignLoc.id }).execute();
    await h.db.updateTable('locations').set({ parent_location_id: w.capital }).where('id', '=', w.kingdom).execute();
    const report = await check({ series_id: w.series, check_type: 'locations' });
    expect(found(report)).toEqual(['locations/location_cycle', 'locations/parent_location_other_series']);
    expect(report.issues.find((i) => i.type === 'location_cycle')?.message).toMatch(/Kingdom > Capital > Kingdom/);
  });

  it('finds a parent location that no longer exists (a database without the foreign key)', async () => {
    const w = await cleanWorld();
    // The original schema links parents with ON DELETE SET NULL; older databases may not, so a dangling id is simulated.
    await h.db.transaction().execute(async (trx) => {
      await trx.schema.alterTable('locations').dropConstraint('locations_parent_location_id_fkey').ifExists().execute();
      await trx.updateTable('locations').set({ parent_location_id: 987_001 }).where('id', '=', w.capital).execute();
    });
    const report = await check({ series_id: w.series, check_type: 'locations' });
    expect(found(report)).toEqual(['locations/missing_parent_location']);
    expect(report.issues[0]?.message).toMatch(/Location "Capital" is inside location 987001, which does not exist/);
  });

  it('finds organizations headquartered in another series', async () => {
    const w = await cleanWorld();
    const other = await story.series('Other');
    const foreignLoc = await h.db.insertInto('locations').values({ series_id: other, name: 'Far City', location_type: 'city' }).returning('id').executeTakeFirstOrThrow();
    await h.db.updateTable('organizations').set({ headquarters_location_id: foreignLoc.id }).where('id', '=', w.guild).execute();
    const report = await check({ series_id: w.series });
    expect(found(report)).toEqual(['organizations/headquarters_other_series']);
    expect(report.issues[0]).toMatchObject({ severity: 'error', entity: { kind: 'organization', id: w.guild, name: 'Guild' } });
  });

  it('finds world elements whose system is not defined in the series', async () => {
    const w = await cleanWorld();
    const other = await story.series('Other');
    const foreignSystem = await h.db.insertInto('world_systems').values({ series_id: other, system_name: 'Psionics' }).returning('id').executeTakeFirstOrThrow();
    await h.db.updateTable('world_elements').set({ system_id: foreignSystem.id }).where('id', '=', w.element).execute();
    const report = await check({ series_id: w.series, check_type: 'world_elements' });
    expect(found(report)).toEqual(['world_elements/world_system_other_series']);
  });

  it('finds elements used before their introduction, and usage of missing elements', async () => {
    const w = await cleanWorld();
    await h.db.updateTable('world_element_usage').set({ activity_type: null }).where('element_id', '=', w.element).execute();
    await h.db
      .updateTable('world_element_usage')
      .set({ activity_type: 'introduced' })
      .where('element_id', '=', w.element)
      .where('chapter_id', '=', w.ch2)
      .execute();
    await h.db.insertInto('world_element_usage').values({ element_type: 'organization', element_id: 987_654, book_id: w.book2 }).execute();
    const report = await check({ series_id: w.series, check_type: 'element_usage' });
    expect(found(report)).toEqual(['element_usage/usage_of_missing_element', 'element_usage/used_before_introduction']);
    expect(report.issues.find((i) => i.type === 'used_before_introduction')?.message).toMatch(/"Ember stone" is used in book 1, chapter 1 but introduced only in book 1, chapter 2/);
  });

  it('filters by severity threshold', async () => {
    const w = await cleanWorld();
    await h.db.insertInto('world_element_usage').values({ element_type: 'spaceship', element_id: 1, book_id: w.book1 }).execute();
    expect(found(await check({ series_id: w.series }))).toEqual(['element_usage/unknown_element_type']);
    const warnings = await check({ series_id: w.series, severity_threshold: 'warning' });
    expect(warnings.issues).toEqual([]);
    expect(warnings.summary).toMatchObject({ total: 0, below_threshold: 1 });
  });

  it('says which series was not found', async () => {
    const res = await h.call('check_world_consistency', { series_id: 999_444 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/series 999444 not found/);
  });

  it.each([
    [{}, /series_id/],
    [{ series_id: 1, check_type: 'weather' }, /check_type/],
    [{ series_id: 1, severity_threshold: 'panic' }, /severity_threshold/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('check_world_consistency', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});
