import { startServer, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChapterPlanningServer } from '../src/index.js';
import { makeBook, makeChapter, makeCharacter, makeStory, rowCount } from './fixtures.js';
import { fails as failsOn, ok as okOn } from './helpers.js';

let h: ServerHarness;
const ok = <T>(tool: string, args: Record<string, unknown>) => okOn<T>(h, tool, args);
const fails = (tool: string, args: Record<string, unknown>, message: RegExp) => failsOn(h, tool, args, message);
beforeAll(async () => {
  h = await startServer('chapter-planning', createChapterPlanningServer);
});
afterAll(() => h?.close());

const location = (seriesId: number, name: string, parent?: number) =>
  h.db
    .insertInto('locations')
    .values({ series_id: seriesId, name, location_type: 'place', parent_location_id: parent ?? null })
    .returning(['id', 'updated_at'])
    .executeTakeFirstOrThrow();
const element = (seriesId: number, name: string) =>
  h.db.insertInto('world_elements').values({ series_id: seriesId, name, element_type: 'magic' }).returning(['id']).executeTakeFirstOrThrow();
const organization = (seriesId: number, name: string, parent?: number) =>
  h.db
    .insertInto('organizations')
    .values({ series_id: seriesId, name, organization_type: 'guild', parent_organization_id: parent ?? null })
    .returning(['id'])
    .executeTakeFirstOrThrow();

interface UsageJson {
  id: number;
  element_type: string;
  element_id: number;
  book_id: number;
  chapter_id: number | null;
  usage_notes: string | null;
  power_level: number | null;
  activity_type: string | null;
  involved_characters: number[] | null;
}

describe('world_track_location_usage', () => {
  it('records a location\'s appearance in a chapter', async () => {
    const story = await makeStory(h.db, 'Loc');
    const place = await location(story.series.id, 'Lighthouse');
    const { usage } = await ok<{ usage: UsageJson & { location_name: string } }>('world_track_location_usage', {
      location_id: place.id,
      book_id: story.book.id,
      chapter_id: story.chapter2.id,
      usage_notes: 'The storm scene',
    });
    expect(usage).toMatchObject({ element_type: 'location', element_id: place.id, location_name: 'Lighthouse', chapter_id: story.chapter2.id });
    const row = await h.db.selectFrom('world_element_usage').selectAll().where('id', '=', usage.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ element_type: 'location', element_id: place.id, book_id: story.book.id, chapter_id: story.chapter2.id, usage_notes: 'The storm scene' });
  });

  it('refuses a chapter of another book, a book of another series and unknown ids', async () => {
    const story = await makeStory(h.db, 'LocRefuse');
    const other = await makeStory(h.db, 'LocOther');
    const secondBook = await makeBook(h.db, story.series.id, 2);
    const elsewhere = await makeChapter(h.db, secondBook.id, 1);
    const place = await location(story.series.id, 'Cove');
    const before = await rowCount(h.db, 'world_element_usage');
    await fails('world_track_location_usage', { location_id: place.id, book_id: story.book.id, chapter_id: elsewhere.id }, new RegExp(`chapter_id: chapter ${elsewhere.id} belongs to book ${secondBook.id}, not to book ${story.book.id}`));
    await fails('world_track_location_usage', { location_id: place.id, book_id: other.book.id }, new RegExp(`book_id: book ${other.book.id} belongs to series ${other.series.id}, but location ${place.id}`));
    await fails('world_track_location_usage', { location_id: 565_656, book_id: story.book.id }, /location 565656 not found/);
    await fails('world_track_location_usage', { location_id: place.id, book_id: 676_767 }, /book 676767 not found/);
    await fails('world_track_location_usage', { location_id: place.id, book_id: story.book.id, chapter_id: 787_878 }, /chapter 787878 not found/);
    expect(await rowCount(h.db, 'world_element_usage')).toBe(before);
  });

  it.each([[{ book_id: 1 }, /location_id/], [{ location_id: 1 }, /book_id/], [{ location_id: 1, book_id: 1, chapter_id: 'one' }, /chapter_id/]])(
    'rejects %j naming the field',
    async (args, field) => {
      await fails('world_track_location_usage', args, field);
    },
  );
});

describe('world_track_element_usage', () => {
  it('records an element\'s use with its power level', async () => {
    const story = await makeStory(h.db, 'Elem');
    const magic = await element(story.series.id, 'Tidecraft');
    const { usage } = await ok<{ usage: UsageJson & { element_name: string } }>('world_track_element_usage', {
      element_id: magic.id,
      book_id: story.book.id,
      power_level: 9,
      usage_notes: 'Raises the storm',
    });
    expect(usage).toMatchObject({ element_type: 'world_element', element_name: 'Tidecraft', power_level: 9, chapter_id: null });
    const row = await h.db.selectFrom('world_element_usage').selectAll().where('id', '=', usage.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ element_type: 'world_element', element_id: magic.id, power_level: 9, usage_notes: 'Raises the storm' });
  });

  it('refuses a book of another series and an unknown element', async () => {
    const story = await makeStory(h.db, 'ElemRefuse');
    const other = await makeStory(h.db, 'ElemOther');
    const magic = await element(story.series.id, 'Runes');
    await fails('world_track_element_usage', { element_id: magic.id, book_id: other.book.id }, /book_id: book .* but world element/);
    await fails('world_track_element_usage', { element_id: 898_989, book_id: story.book.id }, /world element 898989 not found/);
  });

  it.each([[{ element_id: 1, book_id: 1, power_level: 11 }, /power_level/], [{ element_id: 1, book_id: 1, power_level: 0 }, /power_level/], [{ book_id: 1 }, /element_id/]])(
    'rejects %j naming the field',
    async (args, field) => {
      await fails('world_track_element_usage', args, field);
    },
  );
});

describe('track_organization_activity', () => {
  it('records an activity with the characters involved', async () => {
    const story = await makeStory(h.db, 'Org');
    const abel = await makeCharacter(h.db, story.series.id, 'Abel');
    const guild = await organization(story.series.id, 'Lamplighters');
    const { activity } = await ok<{ activity: UsageJson & { activity_notes: string; organization_name: string } }>('track_organization_activity', {
      organization_id: guild.id,
      book_id: story.book.id,
      chapter_id: story.chapter1.id,
      activity_type: 'recruitment',
      activity_notes: 'They approach Mara.',
      involved_characters: [story.character.id, abel.id, abel.id],
    });
    expect(activity).toMatchObject({
      element_type: 'organization',
      organization_name: 'Lamplighters',
      activity_type: 'recruitment',
      activity_notes: 'They approach Mara.',
      involved_characters: [story.character.id, abel.id],
    });
    const row = await h.db.selectFrom('world_element_usage').selectAll().where('id', '=', activity.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      element_type: 'organization',
      element_id: guild.id,
      chapter_id: story.chapter1.id,
      activity_type: 'recruitment',
      usage_notes: 'They approach Mara.',
      involved_characters: [story.character.id, abel.id],
    });
  });

  it('refuses characters of another series and an unknown organization', async () => {
    const story = await makeStory(h.db, 'OrgRefuse');
    const other = await makeStory(h.db, 'OrgOther');
    const guild = await organization(story.series.id, 'Guild');
    await fails('track_organization_activity', { organization_id: guild.id, book_id: story.book.id, activity_type: 'raid', involved_characters: [other.character.id] }, /involved_characters: character/);
    await fails('track_organization_activity', { organization_id: 909_090, book_id: story.book.id, activity_type: 'raid' }, /organization 909090 not found/);
  });

  it.each([
    [{ organization_id: 1, book_id: 1 }, /activity_type/],
    [{ organization_id: 1, book_id: 1, activity_type: '' }, /activity_type/],
    [{ organization_id: 1, book_id: 1, activity_type: 'raid', involved_characters: 'Mara' }, /involved_characters/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('track_organization_activity', args, field);
  });
});

describe('update_location', () => {
  it('changes the given fields, moves it and makes it top-level with null', async () => {
    const story = await makeStory(h.db, 'UpLoc');
    const city = await location(story.series.id, 'City');
    const inn = await location(story.series.id, 'Inn');
    const res = await ok<{ location: { id: number; name: string; parent_location_name: string | null; notable_features: string[]; updated_at: string } }>('update_location', {
      location_id: inn.id,
      name: 'The Gull Inn',
      parent_location_id: city.id,
      notable_features: ['crooked sign'],
      climate: '',
    });
    expect(res.location).toMatchObject({ name: 'The Gull Inn', parent_location_name: 'City', notable_features: ['crooked sign'] });
    let row = await h.db.selectFrom('locations').selectAll().where('id', '=', inn.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'The Gull Inn', parent_location_id: city.id, notable_features: ['crooked sign'], climate: null, location_type: 'place' });
    await ok('update_location', { location_id: inn.id, parent_location_id: null });
    row = await h.db.selectFrom('locations').selectAll().where('id', '=', inn.id).executeTakeFirstOrThrow();
    expect(row.parent_location_id).toBeNull();
  });

  it('refuses a loop, a parent of another series, unknown ids and empty updates', async () => {
    const story = await makeStory(h.db, 'LoopLoc');
    const other = await makeStory(h.db, 'LoopOther');
    const region = await location(story.series.id, 'Region');
    const town = await location(story.series.id, 'Town', region.id);
    const house = await location(story.series.id, 'House', town.id);
    const foreign = await location(other.series.id, 'Foreign');
    await fails('update_location', { location_id: region.id, parent_location_id: house.id }, /would make a loop/);
    await fails('update_location', { location_id: region.id, parent_location_id: region.id }, /would make a loop/);
    await fails('update_location', { location_id: region.id, parent_location_id: foreign.id }, /parent_location_id: location .* belongs to series/);
    await fails('update_location', { location_id: 101_010, name: 'X' }, /location 101010 not found/);
    await fails('update_location', { location_id: region.id }, /nothing to update/i);
    const row = await h.db.selectFrom('locations').select('parent_location_id').where('id', '=', region.id).executeTakeFirstOrThrow();
    expect(row.parent_location_id).toBeNull();
  });

  it.each([[{ location_id: 1, name: '' }, /name/], [{ location_id: 1, notable_features: [1] }, /notable_features/], [{ name: 'X' }, /location_id/]])(
    'rejects %j naming the field',
    async (args, field) => {
      await fails('update_location', args, field);
    },
  );
});

describe('update_world_element', () => {
  it('changes the given fields and leaves its system with null', async () => {
    const story = await makeStory(h.db, 'UpElem');
    const system = await h.db.insertInto('world_systems').values({ series_id: story.series.id, system_name: 'Runes' }).returning('id').executeTakeFirstOrThrow();
    const magic = await element(story.series.id, 'Fire Rune');
    const res = await ok<{ world_element: { system_name: string | null; rules: string[] } }>('update_world_element', {
      element_id: magic.id,
      system_id: system.id,
      rules: ['Burns the caster too'],
      rarity: 'rare',
    });
    expect(res.world_element).toMatchObject({ system_name: 'Runes', rules: ['Burns the caster too'] });
    let row = await h.db.selectFrom('world_elements').selectAll().where('id', '=', magic.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ system_id: system.id, rules: ['Burns the caster too'], rarity: 'rare', name: 'Fire Rune' });
    await ok('update_world_element', { element_id: magic.id, system_id: null });
    row = await h.db.selectFrom('world_elements').selectAll().where('id', '=', magic.id).executeTakeFirstOrThrow();
    expect(row.system_id).toBeNull();
  });

  it('refuses a system of another series, unknown ids and empty updates', async () => {
    const story = await makeStory(h.db, 'ElemSys');
    const other = await makeStory(h.db, 'ElemSysOther');
    const foreign = await h.db.insertInto('world_systems').values({ series_id: other.series.id, system_name: 'Alien' }).returning('id').executeTakeFirstOrThrow();
    const magic = await element(story.series.id, 'Spark');
    await fails('update_world_element', { element_id: magic.id, system_id: foreign.id }, /system_id: world system .* belongs to series/);
    await fails('update_world_element', { element_id: magic.id, system_id: 212_121 }, /world system 212121 not found/);
    await fails('update_world_element', { element_id: 323_232, name: 'X' }, /world element 323232 not found/);
    await fails('update_world_element', { element_id: magic.id }, /nothing to update/i);
  });

  it.each([[{ element_id: 1, limitations: 'none' }, /limitations/], [{ element_id: 1, description: '' }, /description/]])(
    'rejects %j naming the field',
    async (args, field) => {
      await fails('update_world_element', args, field);
    },
  );
});

describe('update_organization', () => {
  it('changes the given fields and links', async () => {
    const story = await makeStory(h.db, 'UpOrg');
    const hq = await location(story.series.id, 'Hall');
    const crown = await organization(story.series.id, 'Crown');
    const guild = await organization(story.series.id, 'Guild');
    const res = await ok<{ organization: { headquarters_location_name: string; parent_organization_name: string; influence_level: number } }>('update_organization', {
      organization_id: guild.id,
      influence_level: 7,
      headquarters_location_id: hq.id,
      parent_organization_id: crown.id,
      status: 'disbanded',
    });
    expect(res.organization).toMatchObject({ headquarters_location_name: 'Hall', parent_organization_name: 'Crown', influence_level: 7 });
    const row = await h.db.selectFrom('organizations').selectAll().where('id', '=', guild.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ influence_level: 7, headquarters_location_id: hq.id, parent_organization_id: crown.id, status: 'disbanded', name: 'Guild' });
    await ok('update_organization', { organization_id: guild.id, headquarters_location_id: null });
    const cleared = await h.db.selectFrom('organizations').select('headquarters_location_id').where('id', '=', guild.id).executeTakeFirstOrThrow();
    expect(cleared.headquarters_location_id).toBeNull();
  });

  it('refuses a loop, links of another series, unknown ids and empty updates', async () => {
    const story = await makeStory(h.db, 'OrgLoop');
    const other = await makeStory(h.db, 'OrgLoopOther');
    const top = await organization(story.series.id, 'Top');
    const mid = await organization(story.series.id, 'Mid', top.id);
    const foreignHq = await location(other.series.id, 'Foreign Hall');
    await fails('update_organization', { organization_id: top.id, parent_organization_id: mid.id }, /would make a loop/);
    await fails('update_organization', { organization_id: top.id, headquarters_location_id: foreignHq.id }, /headquarters_location_id: location .* belongs to series/);
    await fails('update_organization', { organization_id: 434_343, name: 'X' }, /organization 434343 not found/);
    await fails('update_organization', { organization_id: top.id }, /nothing to update/i);
  });

  it.each([[{ organization_id: 1, influence_level: 11 }, /influence_level/], [{ organization_id: 1, member_count: -2 }, /member_count/]])(
    'rejects %j naming the field',
    async (args, field) => {
      await fails('update_organization', args, field);
    },
  );
});
