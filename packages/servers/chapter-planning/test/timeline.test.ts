import { sql } from '@mcp-writing/db';
import { startServer, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChapterPlanningServer } from '../src/index.js';
import { makeCharacter, makeStory, rowCount } from './fixtures.js';
import { fails as failsOn, ok as okOn } from './helpers.js';

interface MappingJson {
  id: number;
  event_id: number;
  chapter_id: number;
  event_name: string;
  chapter_number: number;
  book_number: number;
  scene_number: number | null;
  presentation_type: string | null;
  pov_character_id: number | null;
  pov_character_name: string | null;
  event_aspect: string | null;
  completeness: string;
  narrative_function: string | null;
  updated_at: string;
}

interface EventJson {
  id: number;
  event_name: string;
  event_date: string;
  book_id: number | null;
  significance: string;
  is_public_knowledge: boolean;
  participants: { character_id: number; name: string }[];
  updated_at: string;
}

let h: ServerHarness;
const ok = <T>(tool: string, args: Record<string, unknown>) => okOn<T>(h, tool, args);
const fails = (tool: string, args: Record<string, unknown>, message: RegExp) => failsOn(h, tool, args, message);
beforeAll(async () => {
  h = await startServer('chapter-planning', createChapterPlanningServer);
});
afterAll(() => h?.close());

async function makeEvent(seriesId: number, name = 'The Wreck') {
  return h.db
    .insertInto('timeline_events')
    .values({ series_id: seriesId, event_name: name, event_date: 'Year 312' })
    .returning(['id', 'updated_at'])
    .executeTakeFirstOrThrow();
}

describe('timeline_map_event_to_chapter', () => {
  it('records where a chapter shows the event', async () => {
    const story = await makeStory(h.db, 'Map');
    const event = await makeEvent(story.series.id);
    const { mapping } = await ok<{ mapping: MappingJson }>('timeline_map_event_to_chapter', {
      event_id: event.id,
      chapter_id: story.chapter2.id,
      scene_number: 3,
      presentation_type: 'flashback',
      pov_character_id: story.character.id,
      event_aspect: 'The aftermath on the beach',
      narrative_function: 'Explains the scar',
    });
    expect(mapping).toMatchObject({
      event_id: event.id,
      chapter_id: story.chapter2.id,
      event_name: 'The Wreck',
      chapter_number: 2,
      book_number: 1,
      scene_number: 3,
      presentation_type: 'flashback',
      pov_character_name: 'Map Hero',
      completeness: 'full',
    });
    const row = await h.db.selectFrom('event_chapter_mappings').selectAll().where('id', '=', mapping.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      event_id: event.id,
      chapter_id: story.chapter2.id,
      scene_number: 3,
      presentation_type: 'flashback',
      pov_character_id: story.character.id,
      event_aspect: 'The aftermath on the beach',
      completeness: 'full',
      narrative_function: 'Explains the scar',
    });
  });

  it('refuses a chapter or POV of another series', async () => {
    const story = await makeStory(h.db, 'Here');
    const other = await makeStory(h.db, 'There');
    const event = await makeEvent(story.series.id);
    const before = await rowCount(h.db, 'event_chapter_mappings');
    await fails('timeline_map_event_to_chapter', { event_id: event.id, chapter_id: other.chapter1.id }, new RegExp(`chapter_id: chapter ${other.chapter1.id} belongs to series ${other.series.id}, but timeline event ${event.id} belongs to series ${story.series.id}`));
    await fails('timeline_map_event_to_chapter', { event_id: event.id, chapter_id: story.chapter1.id, pov_character_id: other.character.id }, /pov_character_id: character/);
    expect(await rowCount(h.db, 'event_chapter_mappings')).toBe(before);
  });

  it('says which event or chapter was not found', async () => {
    const story = await makeStory(h.db, 'Missing');
    const event = await makeEvent(story.series.id);
    await fails('timeline_map_event_to_chapter', { event_id: 121_212, chapter_id: story.chapter1.id }, /timeline event 121212 not found/);
    await fails('timeline_map_event_to_chapter', { event_id: event.id, chapter_id: 232_323 }, /chapter 232323 not found/);
  });

  it.each([
    [{ chapter_id: 1 }, /event_id/],
    [{ event_id: 1 }, /chapter_id/],
    [{ event_id: 1, chapter_id: 1, presentation_type: 'vision' }, /presentation_type/],
    [{ event_id: 1, chapter_id: 1, completeness: 'most' }, /completeness/],
    [{ event_id: 1, chapter_id: 1, scene_number: 0 }, /scene_number/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('timeline_map_event_to_chapter', args, field);
  });
});

describe('update_timeline_event', () => {
  it('changes the given fields and replaces the participants', async () => {
    const story = await makeStory(h.db, 'Update');
    const abel = await makeCharacter(h.db, story.series.id, 'Abel');
    const event = await makeEvent(story.series.id);
    await h.db.insertInto('event_participants').values({ event_id: event.id, character_id: story.character.id, role_in_event: 'survivor' }).execute();
    const { timeline_event } = await ok<{ timeline_event: EventJson }>('update_timeline_event', {
      event_id: event.id,
      event_name: 'The Wreck of the Gull',
      book_id: story.book.id,
      significance: 'major',
      is_public_knowledge: false,
      participants: [abel.id],
    });
    expect(timeline_event).toMatchObject({
      id: event.id,
      event_name: 'The Wreck of the Gull',
      event_date: 'Year 312',
      book_id: story.book.id,
      significance: 'major',
      is_public_knowledge: false,
    });
    expect(timeline_event.participants.map((p) => p.name)).toEqual(['Abel']);
    const row = await h.db.selectFrom('timeline_events').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ event_name: 'The Wreck of the Gull', book_id: story.book.id, significance: 'major', is_public_knowledge: false });
    const links = await h.db.selectFrom('event_participants').select('character_id').where('event_id', '=', event.id).execute();
    expect(links.map((l) => l.character_id)).toEqual([abel.id]);
  });

  it('keeps kept participants\' roles and detaches the book with null', async () => {
    const story = await makeStory(h.db, 'Roles');
    const event = await h.db
      .insertInto('timeline_events')
      .values({ series_id: story.series.id, event_name: 'E', event_date: 'D', book_id: story.book.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await h.db.insertInto('event_participants').values({ event_id: event.id, character_id: story.character.id, role_in_event: 'witness' }).execute();
    const abel = await makeCharacter(h.db, story.series.id, 'Abel');
    await ok('update_timeline_event', { event_id: event.id, book_id: null, participants: [story.character.id, abel.id] });
    const row = await h.db.selectFrom('timeline_events').select('book_id').where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(row.book_id).toBeNull();
    const kept = await h.db.selectFrom('event_participants').select(['character_id', 'role_in_event']).where('event_id', '=', event.id).orderBy('character_id').execute();
    expect(kept).toEqual([
      { character_id: story.character.id, role_in_event: 'witness' },
      { character_id: abel.id, role_in_event: null },
    ]);
  });

  it('rolls back field changes when the participants cannot be stored', async () => {
    const story = await makeStory(h.db, 'Rollback');
    const event = await makeEvent(story.series.id, 'Unchanged');
    await sql`ALTER TABLE event_participants ADD CONSTRAINT test_blocked CHECK (character_id <> ${sql.lit(story.character.id)})`.execute(h.db);
    try {
      await fails('update_timeline_event', { event_id: event.id, event_name: 'Changed', participants: [story.character.id] }, /event_participants/);
    } finally {
      await sql`ALTER TABLE event_participants DROP CONSTRAINT test_blocked`.execute(h.db);
    }
    const row = await h.db.selectFrom('timeline_events').select('event_name').where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(row.event_name).toBe('Unchanged');
  });

  it('refuses a book or characters of another series, unknown events and empty updates', async () => {
    const story = await makeStory(h.db, 'Refuse');
    const other = await makeStory(h.db, 'Other');
    const event = await makeEvent(story.series.id);
    await fails('update_timeline_event', { event_id: event.id, book_id: other.book.id }, /book_id: book .* belongs to series/);
    await fails('update_timeline_event', { event_id: event.id, participants: [other.character.id] }, /participants: character/);
    await fails('update_timeline_event', { event_id: 343_434, event_name: 'X' }, /timeline event 343434 not found/);
    await fails('update_timeline_event', { event_id: event.id }, /nothing to update/i);
  });

  it.each([
    [{ event_id: 1, significance: 'epic' }, /significance/],
    [{ event_id: 1, event_name: '' }, /event_name/],
    [{ event_id: 1, participants: [0] }, /participants/],
    [{ event_name: 'X' }, /event_id/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('update_timeline_event', args, field);
  });
});

describe('update_event_mapping', () => {
  it('changes the given fields and clears the POV with null', async () => {
    const story = await makeStory(h.db, 'Mapping');
    const event = await makeEvent(story.series.id);
    const mapping = await h.db
      .insertInto('event_chapter_mappings')
      .values({ event_id: event.id, chapter_id: story.chapter1.id, pov_character_id: story.character.id, completeness: 'full', presentation_type: 'direct_scene' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await ok<{ mapping: MappingJson }>('update_event_mapping', {
      mapping_id: mapping.id,
      completeness: 'glimpse',
      presentation_type: 'dream',
      pov_character_id: null,
      scene_number: 2,
    });
    expect(res.mapping).toMatchObject({ id: mapping.id, completeness: 'glimpse', presentation_type: 'dream', pov_character_id: null, scene_number: 2 });
    const row = await h.db.selectFrom('event_chapter_mappings').selectAll().where('id', '=', mapping.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ completeness: 'glimpse', presentation_type: 'dream', pov_character_id: null, scene_number: 2, chapter_id: story.chapter1.id });
  });

  it('refuses a POV of another series, unknown mappings and empty updates', async () => {
    const story = await makeStory(h.db, 'MapRefuse');
    const other = await makeStory(h.db, 'MapOther');
    const event = await makeEvent(story.series.id);
    const mapping = await h.db.insertInto('event_chapter_mappings').values({ event_id: event.id, chapter_id: story.chapter1.id }).returning('id').executeTakeFirstOrThrow();
    await fails('update_event_mapping', { mapping_id: mapping.id, pov_character_id: other.character.id }, /pov_character_id: character/);
    await fails('update_event_mapping', { mapping_id: 454_545, completeness: 'full' }, /event mapping 454545 not found/);
    await fails('update_event_mapping', { mapping_id: mapping.id }, /nothing to update/i);
  });

  it.each([
    [{ mapping_id: 1, presentation_type: 'vision' }, /presentation_type/],
    [{ mapping_id: 1, completeness: 'half' }, /completeness/],
    [{ completeness: 'full' }, /mapping_id/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('update_event_mapping', args, field);
  });
});
