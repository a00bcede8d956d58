import { sql } from '@mcp-writing/db';
import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBookPlanningServer } from '../src/index.js';
import { expectPlainMessage, makeBook, makeCharacter, makeSeries, rowCount } from './fixtures.js';

interface EventJson {
  id: number;
  series_id: number;
  event_name: string;
  event_date: string;
  book_id: number | null;
  book_title: string | null;
  significance: string;
  is_public_knowledge: boolean;
  sort_order: number;
  participants: { character_id: number; name: string; role_in_event: string | null }[];
  updated_at: string;
}

let h: ServerHarness;
let seriesId: number;
let otherSeriesId: number;
beforeAll(async () => {
  h = await startServer('book-planning', createBookPlanningServer);
  seriesId = (await makeSeries(h.db, 'Timeline Series')).id;
  otherSeriesId = (await makeSeries(h.db, 'Other Timeline')).id;
});
afterAll(() => h?.close());

async function fails(args: Record<string, unknown>, message: RegExp): Promise<void> {
  const res = await h.call('create_timeline_event', args);
  expect(res.isError, textOf(res)).toBe(true);
  expect(textOf(res)).toMatch(message);
  expectPlainMessage(textOf(res));
}

describe('create_timeline_event', () => {
  it('stores the event with its book and participants', async () => {
    const book = await makeBook(h.db, seriesId, 1, 'Lantern');
    const mara = await makeCharacter(h.db, seriesId, 'Mara');
    const abel = await makeCharacter(h.db, seriesId, 'Abel');
    const res = await h.call('create_timeline_event', {
      series_id: seriesId,
      event_name: 'The Wreck of the Gull',
      event_description: 'A ship founders on the Teeth.',
      event_date: 'Year 312, late autumn',
      book_id: book.id,
      sort_order: 10,
      time_period: 'The Long Winter',
      participants: [mara.id, abel.id, mara.id],
      significance: 'major',
      is_public_knowledge: false,
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    const { timeline_event } = jsonOf<{ timeline_event: EventJson }>(res);
    expect(timeline_event).toMatchObject({
      series_id: seriesId,
      event_name: 'The Wreck of the Gull',
      event_date: 'Year 312, late autumn',
      book_id: book.id,
      book_title: 'Lantern',
      significance: 'major',
      is_public_knowledge: false,
      sort_order: 10,
    });
    expect(timeline_event.participants.map((p) => p.name)).toEqual(['Abel', 'Mara']);
    const row = await h.db.selectFrom('timeline_events').selectAll().where('id', '=', timeline_event.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ event_description: 'A ship founders on the Teeth.', time_period: 'The Long Winter', book_id: book.id });
    const links = await h.db.selectFrom('event_participants').select('character_id').where('event_id', '=', timeline_event.id).orderBy('character_id').execute();
    expect(links.map((l) => l.character_id)).toEqual([mara.id, abel.id].sort((a, b) => a - b));
  });

  it('uses the defaults for significance, public knowledge and order', async () => {
    const res = await h.call('create_timeline_event', { series_id: seriesId, event_name: 'Quiet', event_date: 'Day 1' });
    expect(res.isError, textOf(res)).toBeFalsy();
    expect(jsonOf<{ timeline_event: EventJson }>(res).timeline_event).toMatchObject({
      significance: 'minor',
      is_public_knowledge: true,
      sort_order: 0,
      participants: [],
      book_id: null,
    });
  });

  it('refuses a book or character of another series and unknown ones, writing nothing', async () => {
    const foreignBook = await makeBook(h.db, otherSeriesId, 1);
    const stranger = await makeCharacter(h.db, otherSeriesId, 'Stranger');
    const before = await rowCount(h.db, 'timeline_events');
    const base = { series_id: seriesId, event_name: 'E', event_date: 'D' };
    await fails({ ...base, book_id: foreignBook.id }, new RegExp(`book_id: book ${foreignBook.id} belongs to series ${otherSeriesId}`));
    await fails({ ...base, participants: [stranger.id] }, /participants: character .* belongs to series/);
    await fails({ ...base, participants: [363_636] }, /character 363636 not found \(participants\)/);
    await fails({ ...base, book_id: 474_747 }, /book 474747 not found/);
    await fails({ ...base, series_id: 585_858 }, /series 585858 not found/);
    expect(await rowCount(h.db, 'timeline_events')).toBe(before);
  });

  it('rolls back the event when a participant cannot be stored', async () => {
    const blocked = await makeCharacter(h.db, seriesId, 'Blocked');
    await sql`ALTER TABLE event_participants ADD CONSTRAINT test_blocked CHECK (character_id <> ${sql.lit(blocked.id)})`.execute(h.db);
    const before = await rowCount(h.db, 'timeline_events');
    await fails({ series_id: seriesId, event_name: 'Half', event_date: 'D', participants: [blocked.id] }, /event_participants/);
    expect(await rowCount(h.db, 'timeline_events')).toBe(before);
    await sql`ALTER TABLE event_participants DROP CONSTRAINT test_blocked`.execute(h.db);
  });

  it.each([
    [{ series_id: 1, event_name: 'E' }, /event_date/],
    [{ series_id: 1, event_date: 'D' }, /event_name/],
    [{ event_name: 'E', event_date: 'D' }, /series_id/],
    [{ series_id: 1, event_name: 'E', event_date: 'D', significance: 'huge' }, /significance/],
    [{ series_id: 1, event_name: 'E', event_date: 'D', is_public_knowledge: 'no' }, /is_public_knowledge/],
    [{ series_id: 1, event_name: 'E', event_date: 'D', participants: 'Mara' }, /participants/],
    [{ series_id: 1, event_name: 'E', event_date: 'D', sort_order: 1.5 }, /sort_order/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails(args, field);
  });
});
