import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeriesPlanningServer } from '../src/index.js';
import { expectPlainMessage, makeBook, makeSeries, rowCount } from './fixtures.js';

let h: ServerHarness;
let seriesId: number;
let otherSeriesId: number;
beforeAll(async () => {
  h = await startServer('series-planning', createSeriesPlanningServer);
  seriesId = (await makeSeries(h.db, 'World Series')).id;
  otherSeriesId = (await makeSeries(h.db, 'Other Series')).id;
});
afterAll(() => h?.close());

async function ok<T>(tool: string, args: Record<string, unknown>): Promise<T> {
  const res = await h.call(tool, args);
  expect(res.isError, textOf(res)).toBeFalsy();
  expect(jsonOf(res)).toEqual(res.structuredContent);
  return jsonOf<T>(res);
}

async function fails(tool: string, args: Record<string, unknown>, message: RegExp): Promise<void> {
  const res = await h.call(tool, args);
  expect(res.isError, textOf(res)).toBe(true);
  expect(textOf(res)).toMatch(message);
  expectPlainMessage(textOf(res));
}

interface LocationJson {
  id: number;
  series_id: number;
  name: string;
  parent_location_id: number | null;
  parent_location_name: string | null;
  notable_features: string[] | null;
  usage_count: number;
  child_location_count: number;
  updated_at: string;
}

describe('create_location', () => {
  it('stores a location inside a parent of the same series', async () => {
    const { location: city } = await ok<{ location: LocationJson }>('create_location', {
      series_id: seriesId,
      name: 'Port Veil',
      location_type: 'city',
      climate: 'temperate',
    });
    const res = await ok<{ location: LocationJson }>('create_location', {
      series_id: seriesId,
      name: 'The Drowned Lantern',
      location_type: 'tavern',
      description: 'Low beams, salt on the floor.',
      parent_location_id: city.id,
      terrain: 'harbour',
      notable_features: ['a ship\'s bell', 'trapdoor to the cellar'],
      atmosphere: 'smoky',
    });
    expect(res.location).toMatchObject({
      name: 'The Drowned Lantern',
      parent_location_id: city.id,
      parent_location_name: 'Port Veil',
      usage_count: 0,
    });
    const row = await h.db.selectFrom('locations').selectAll().where('id', '=', res.location.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      series_id: seriesId,
      location_type: 'tavern',
      description: 'Low beams, salt on the floor.',
      parent_location_id: city.id,
      terrain: 'harbour',
      notable_features: ['a ship\'s bell', 'trapdoor to the cellar'],
      atmosphere: 'smoky',
      climate: null,
    });
  });

  it('refuses a parent from another series or unknown', async () => {
    const foreign = await h.db
      .insertInto('locations')
      .values({ series_id: otherSeriesId, name: 'Elsewhere', location_type: 'city' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = await rowCount(h.db, 'locations');
    await fails(
      'create_location',
      { series_id: seriesId, name: 'X', location_type: 'room', parent_location_id: foreign.id },
      new RegExp(`parent_location_id: location ${foreign.id} belongs to series ${otherSeriesId}`),
    );
    await fails('create_location', { series_id: seriesId, name: 'X', location_type: 'room', parent_location_id: 919_191 }, /location 919191 not found/);
    expect(await rowCount(h.db, 'locations')).toBe(before);
  });

  it('says which series was not found', async () => {
    await fails('create_location', { series_id: 424_242, name: 'X', location_type: 'room' }, /series 424242 not found/);
  });

  it.each([
    [{ name: 'X', location_type: 'room' }, /series_id/],
    [{ series_id: 1, location_type: 'room' }, /name/],
    [{ series_id: 1, name: 'X' }, /location_type/],
    [{ series_id: 1, name: 'X', location_type: 'r'.repeat(101) }, /location_type/],
    [{ series_id: 1, name: 'X', location_type: 'room', notable_features: 'bell' }, /notable_features/],
    [{ series_id: 1, name: 'X', location_type: 'room', notable_features: [''] }, /notable_features/],
    [{ series_id: 1, name: 'X', location_type: 'room', parent_location_id: -3 }, /parent_location_id/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('create_location', args, field);
  });
});

describe('get_locations', () => {
  it('filters by series, type, parent and search term, with usage counts', async () => {
    const sid = (await makeSeries(h.db, 'Locations Filter')).id;
    const book = await makeBook(h.db, sid, 1);
    const { location: region } = await ok<{ location: LocationJson }>('create_location', {
      series_id: sid,
      name: 'Marshlands',
      location_type: 'Region',
    });
    const { location: hut } = await ok<{ location: LocationJson }>('create_location', {
      series_id: sid,
      name: 'Witch Hut',
      location_type: 'building',
      parent_location_id: region.id,
      notable_features: ['bones hanging from the eaves'],
    });
    await h.db
      .insertInto('world_element_usage')
      .values([
        { element_type: 'location', element_id: hut.id, book_id: book.id },
        { element_type: 'location', element_id: hut.id, book_id: book.id },
        { element_type: 'world_element', element_id: hut.id, book_id: book.id },
      ])
      .execute();

    const all = await ok<{ locations: LocationJson[]; total_count: number; count: number }>('get_locations', { series_id: sid });
    expect(all.locations.map((l) => l.name)).toEqual(['Marshlands', 'Witch Hut']);
    expect(all).toMatchObject({ total_count: 2, count: 2 });
    expect(all.locations.find((l) => l.id === hut.id)).toMatchObject({ usage_count: 2, parent_location_name: 'Marshlands' });
    expect(all.locations.find((l) => l.id === region.id)).toMatchObject({ child_location_count: 1, usage_count: 0 });

    const byType = await ok<{ locations: LocationJson[] }>('get_locations', { series_id: sid, location_type: 'region' });
    expect(byType.locations.map((l) => l.id)).toEqual([region.id]);
    const byParent = await ok<{ locations: LocationJson[] }>('get_locations', { parent_location_id: region.id });
    expect(byParent.locations.map((l) => l.id)).toEqual([hut.id]);
    const bySearch = await ok<{ locations: LocationJson[] }>('get_locations', { series_id: sid, search_term: 'BONES' });
    expect(bySearch.locations.map((l) => l.id)).toEqual([hut.id]);
    const literal = await ok<{ locations: LocationJson[] }>('get_locations', { series_id: sid, search_term: '%' });
    expect(literal.locations).toEqual([]);
    const paged = await ok<{ locations: LocationJson[]; total_count: number }>('get_locations', { series_id: sid, limit: 1, offset: 1 });
    expect(paged.locations.map((l) => l.id)).toEqual([hut.id]);
    expect(paged.total_count).toBe(2);
  });

  it('says which series or parent location was not found', async () => {
    await fails('get_locations', { series_id: 515_151 }, /series 515151 not found/);
    await fails('get_locations', { parent_location_id: 616_161 }, /location 616161 not found/);
  });

  it('rejects a bad filter naming it', async () => {
    await fails('get_locations', { series_id: 'all' }, /series_id/);
    await fails('get_locations', { search_term: '' }, /search_term/);
  });
});

interface OrganizationJson {
  id: number;
  name: string;
  influence_level: number | null;
  status: string;
  headquarters_location_id: number | null;
  headquarters_location_name: string | null;
  parent_organization_name: string | null;
  activity_count: number;
}

describe('create_organization', () => {
  it('stores an organization with headquarters and parent of the same series', async () => {
    const hq = await h.db
      .insertInto('locations')
      .values({ series_id: seriesId, name: 'Guild Hall', location_type: 'building' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { organization: parent } = await ok<{ organization: OrganizationJson }>('create_organization', {
      series_id: seriesId,
      name: 'The Crown',
      organization_type: 'government',
      description: 'Rules the coast.',
    });
    expect(parent).toMatchObject({ status: 'active', influence_level: null });
    const { organization } = await ok<{ organization: OrganizationJson }>('create_organization', {
      series_id: seriesId,
      name: 'Lamplighters',
      organization_type: 'guild',
      description: 'Keep the harbour lit.',
      influence_level: 4,
      headquarters_location_id: hq.id,
      parent_organization_id: parent.id,
      member_count: 120,
      status: 'underground',
    });
    expect(organization).toMatchObject({
      headquarters_location_name: 'Guild Hall',
      parent_organization_name: 'The Crown',
      activity_count: 0,
    });
    const row = await h.db.selectFrom('organizations').selectAll().where('id', '=', organization.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      series_id: seriesId,
      organization_type: 'guild',
      influence_level: 4,
      headquarters_location_id: hq.id,
      parent_organization_id: parent.id,
      member_count: 120,
      status: 'underground',
    });
  });

  it('refuses references that are unknown or in another series', async () => {
    const foreignOrg = await h.db
      .insertInto('organizations')
      .values({ series_id: otherSeriesId, name: 'Foreign', organization_type: 'guild' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const base = { series_id: seriesId, name: 'N', organization_type: 'cult', description: 'D' };
    await fails('create_organization', { ...base, parent_organization_id: foreignOrg.id }, /parent_organization_id: organization .* belongs to series/);
    await fails('create_organization', { ...base, headquarters_location_id: 828_282 }, /location 828282 not found \(headquarters_location_id\)/);
    await fails('create_organization', { ...base, series_id: 737_373 }, /series 737373 not found/);
  });

  it.each([
    [{ series_id: 1, name: 'N', organization_type: 'cult' }, /description/],
    [{ series_id: 1, name: 'N', organization_type: 'cult', description: 'D', influence_level: 11 }, /influence_level/],
    [{ series_id: 1, name: 'N', organization_type: 'cult', description: 'D', influence_level: 0 }, /influence_level/],
    [{ series_id: 1, name: 'N', organization_type: 'cult', description: 'D', member_count: -1 }, /member_count/],
    [{ series_id: 1, name: 'N', description: 'D' }, /organization_type/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('create_organization', args, field);
  });
});

describe('get_organizations', () => {
  it('filters by series, type, influence range, status and search term', async () => {
    const sid = (await makeSeries(h.db, 'Orgs Filter')).id;
    const book = await makeBook(h.db, sid, 1);
    const make = (name: string, organization_type: string, influence_level: number, status: string, description: string) =>
      ok<{ organization: OrganizationJson }>('create_organization', {
        series_id: sid,
        name,
        organization_type,
        influence_level,
        status,
        description,
      }).then((r) => r.organization);
    const a = await make('Alpha Bank', 'company', 8, 'active', 'Lends to kings.');
    const b = await make('Beta Cult', 'cult', 3, 'underground', 'Worships the tide.');
    const c = await make('Gamma Guild', 'guild', 5, 'Active', 'Masons.');
    await h.db.insertInto('world_element_usage').values({ element_type: 'organization', element_id: b.id, book_id: book.id, activity_type: 'ritual' }).execute();

    const all = await ok<{ organizations: OrganizationJson[]; total_count: number }>('get_organizations', { series_id: sid });
    expect(all.organizations.map((o) => o.id)).toEqual([a.id, b.id, c.id]);
    expect(all.total_count).toBe(3);
    expect(all.organizations.find((o) => o.id === b.id)?.activity_count).toBe(1);
    const ranged = await ok<{ organizations: OrganizationJson[] }>('get_organizations', {
      series_id: sid,
      influence_level_min: 4,
      influence_level_max: 8,
    });
    expect(ranged.organizations.map((o) => o.id)).toEqual([a.id, c.id]);
    const active = await ok<{ organizations: OrganizationJson[] }>('get_organizations', { series_id: sid, status: 'active' });
    expect(active.organizations.map((o) => o.id)).toEqual([a.id, c.id]);
    const typed = await ok<{ organizations: OrganizationJson[] }>('get_organizations', { series_id: sid, organization_type: 'CULT' });
    expect(typed.organizations.map((o) => o.id)).toEqual([b.id]);
    const searched = await ok<{ organizations: OrganizationJson[] }>('get_organizations', { series_id: sid, search_term: 'tide' });
    expect(searched.organizations.map((o) => o.id)).toEqual([b.id]);
  });

  it('refuses a minimum above the maximum and an unknown series', async () => {
    await fails('get_organizations', { influence_level_min: 7, influence_level_max: 3 }, /influence_level_min \(7\).*influence_level_max \(3\)/);
    await fails('get_organizations', { series_id: 292_929 }, /series 292929 not found/);
  });

  it('rejects an out-of-range influence filter naming it', async () => {
    await fails('get_organizations', { influence_level_min: 0 }, /influence_level_min/);
    await fails('get_organizations', { influence_level_max: 'high' }, /influence_level_max/);
  });
});

interface ElementJson {
  id: number;
  name: string;
  rarity: string;
  system_id: number | null;
  system_name: string | null;
  rules: string[] | null;
  limitations: string[] | null;
  usage_count: number;
}

interface SystemJson {
  id: number;
  series_id: number;
  system_name: string;
  system_type: string;
  power_scaling: Record<string, string> | null;
  limitations: string[] | null;
  system_rules: string[] | null;
  updated_at: string;
}

describe('define_world_system', () => {
  it('stores the system with its rules, limitations and power scaling', async () => {
    const { world_system } = await ok<{ world_system: SystemJson }>('define_world_system', {
      series_id: seriesId,
      system_name: 'Tidecraft',
      system_type: 'magic',
      power_source: 'The moon\'s pull on the sea',
      access_method: 'Born under a spring tide',
      limitations: ['Weak at neap tide'],
      system_rules: ['Water must be touched', 'Salt breaks a working'],
      power_scaling: { lowest_level: 'calm a puddle', highest_level: 'raise a storm surge' },
    });
    expect(world_system).toMatchObject({
      series_id: seriesId,
      system_name: 'Tidecraft',
      system_type: 'magic',
      power_scaling: { lowest_level: 'calm a puddle', highest_level: 'raise a storm surge' },
    });
    const row = await h.db.selectFrom('world_systems').selectAll().where('id', '=', world_system.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      power_source: 'The moon\'s pull on the sea',
      access_method: 'Born under a spring tide',
      limitations: ['Weak at neap tide'],
      system_rules: ['Water must be touched', 'Salt breaks a working'],
      power_scaling: { lowest_level: 'calm a puddle', highest_level: 'raise a storm surge' },
    });
  });

  it('refuses a second system with the same name in the series', async () => {
    const base = { series_id: seriesId, system_type: 'divine', power_source: 'Gods', access_method: 'Prayer' };
    await ok('define_world_system', { ...base, system_name: 'Old Faith' });
    const before = await rowCount(h.db, 'world_systems');
    await fails('define_world_system', { ...base, system_name: 'old faith' }, /already has a world system named "Old Faith"/);
    expect(await rowCount(h.db, 'world_systems')).toBe(before);
    await ok('define_world_system', { ...base, series_id: otherSeriesId, system_name: 'Old Faith' });
  });

  it('says which series was not found', async () => {
    await fails(
      'define_world_system',
      { series_id: 464_646, system_name: 'S', system_type: 'magic', power_source: 'P', access_method: 'A' },
      /series 464646 not found/,
    );
  });

  it.each([
    [{ series_id: 1, system_name: 'S', system_type: 'steam', power_source: 'P', access_method: 'A' }, /system_type/],
    [{ series_id: 1, system_name: 'S', system_type: 'magic', access_method: 'A' }, /power_source/],
    [{ series_id: 1, system_name: 'S', system_type: 'magic', power_source: 'P' }, /access_method/],
    [{ series_id: 1, system_name: 'S', system_type: 'magic', power_source: 'P', access_method: 'A', power_scaling: 'high' }, /power_scaling/],
    [
      { series_id: 1, system_name: 'S', system_type: 'magic', power_source: 'P', access_method: 'A', power_scaling: { top: 'x' } },
      /power_scaling|top/,
    ],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('define_world_system', args, field);
  });
});

describe('create_world_element', () => {
  it('stores an element in a system of the same series', async () => {
    const { world_system } = await ok<{ world_system: SystemJson }>('define_world_system', {
      series_id: seriesId,
      system_name: 'Gearwork',
      system_type: 'technology',
      power_source: 'Springs',
      access_method: 'Apprenticeship',
    });
    const { world_element } = await ok<{ world_element: ElementJson }>('create_world_element', {
      series_id: seriesId,
      name: 'Clockwork Heart',
      element_type: 'artifact',
      description: 'Keeps a dying man alive for a year.',
      power_source: 'Wound daily',
      limitations: ['Must be wound every dawn'],
      rules: ['Stops if it gets wet'],
      access_method: 'Surgery',
      rarity: 'unique',
      cultural_impact: 'Feared by priests',
      system_id: world_system.id,
    });
    expect(world_element).toMatchObject({ name: 'Clockwork Heart', system_name: 'Gearwork', rarity: 'unique', usage_count: 0 });
    const row = await h.db.selectFrom('world_elements').selectAll().where('id', '=', world_element.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      series_id: seriesId,
      element_type: 'artifact',
      description: 'Keeps a dying man alive for a year.',
      limitations: ['Must be wound every dawn'],
      rules: ['Stops if it gets wet'],
      system_id: world_system.id,
      cultural_impact: 'Feared by priests',
    });
  });

  it('defaults the rarity to common', async () => {
    const { world_element } = await ok<{ world_element: ElementJson }>('create_world_element', {
      series_id: seriesId,
      name: 'Sea Glass',
      element_type: 'material',
      description: 'Glows faintly.',
    });
    expect(world_element.rarity).toBe('common');
  });

  it('refuses a system of another series or an unknown system', async () => {
    const foreign = await h.db
      .insertInto('world_systems')
      .values({ series_id: otherSeriesId, system_name: 'Foreign Magic' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const base = { series_id: seriesId, name: 'E', element_type: 'magic', description: 'D' };
    await fails('create_world_element', { ...base, system_id: foreign.id }, /system_id: world system .* belongs to series/);
    await fails('create_world_element', { ...base, system_id: 565_656 }, /world system 565656 not found/);
    await fails('create_world_element', { ...base, series_id: 676_767 }, /series 676767 not found/);
  });

  it.each([
    [{ series_id: 1, name: 'E', element_type: 'magic' }, /description/],
    [{ series_id: 1, name: 'E', description: 'D' }, /element_type/],
    [{ series_id: 1, name: 'E', element_type: 'magic', description: 'D', rules: 'one rule' }, /rules/],
    [{ series_id: 1, name: 'E', element_type: 'magic', description: 'D', system_id: 'x' }, /system_id/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('create_world_element', args, field);
  });
});

describe('get_world_elements', () => {
  it('filters by series, type, rarity, system and search term', async () => {
    const sid = (await makeSeries(h.db, 'Elements Filter')).id;
    const book = await makeBook(h.db, sid, 1);
    const { world_system } = await ok<{ world_system: SystemJson }>('define_world_system', {
      series_id: sid,
      system_name: 'Runes',
      system_type: 'magic',
      power_source: 'Stone',
      access_method: 'Study',
    });
    const make = (name: string, element_type: string, rarity: string, extra: Record<string, unknown> = {}) =>
      ok<{ world_element: ElementJson }>('create_world_element', {
        series_id: sid,
        name,
        element_type,
        rarity,
        description: `${name} description`,
        ...extra,
      }).then((r) => r.world_element);
    const fire = await make('Fire Rune', 'magic', 'rare', { system_id: world_system.id, cultural_impact: 'Forges depend on it' });
    const wolf = await make('Ghost Wolf', 'creature', 'common');
    await h.db.insertInto('world_element_usage').values({ element_type: 'world_element', element_id: fire.id, book_id: book.id }).execute();

    const all = await ok<{ world_elements: ElementJson[]; total_count: number }>('get_world_elements', { series_id: sid });
    expect(all.world_elements.map((e) => e.id)).toEqual([fire.id, wolf.id]);
    expect(all.total_count).toBe(2);
    expect(all.world_elements[0]).toMatchObject({ usage_count: 1, system_name: 'Runes' });
    expect((await ok<{ world_elements: ElementJson[] }>('get_world_elements', { series_id: sid, element_type: 'Creature' })).world_elements.map((e) => e.id)).toEqual([wolf.id]);
    expect((await ok<{ world_elements: ElementJson[] }>('get_world_elements', { series_id: sid, rarity: 'rare' })).world_elements.map((e) => e.id)).toEqual([fire.id]);
    expect((await ok<{ world_elements: ElementJson[] }>('get_world_elements', { system_id: world_system.id })).world_elements.map((e) => e.id)).toEqual([fire.id]);
    expect((await ok<{ world_elements: ElementJson[] }>('get_world_elements', { series_id: sid, search_term: 'forges' })).world_elements.map((e) => e.id)).toEqual([fire.id]);
  });

  it('says which series or system was not found', async () => {
    await fails('get_world_elements', { series_id: 383_838 }, /series 383838 not found/);
    await fails('get_world_elements', { system_id: 494_949 }, /world system 494949 not found/);
  });

  it('rejects a bad filter naming it', async () => {
    await fails('get_world_elements', { system_id: 0 }, /system_id/);
    await fails('get_world_elements', { rarity: 5 }, /rarity/);
  });
});
