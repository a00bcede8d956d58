import type { Db } from '@mcp-writing/db';

export interface Fixture {
  seriesId: number;
  otherSeriesId: number;
  ashfall: number;
  cinderRoad: number;
  ashfallRising: number;
  rhea: number;
  tomas: number;
  vex: number;
  ennis: number;
}

/**
 * "The Ember Chronicles": two books, four chapters, four scenes, four
 * characters (one never appearing), nested locations, organizations, a
 * world system, three plot threads, three timeline events and two
 * relationship arcs, with the cross-references the report computes. A
 * second series, "The Ember Wars", shares words with it for name matching.
 */
export async function buildFixture(db: Db): Promise<Fixture> {
  const author = await db.insertInto('authors').values({ name: 'Ada Quill' }).returning('id').executeTakeFirstOrThrow();
  const series = await db
    .insertInto('series')
    .values({ author_id: author.id, title: 'The Ember Chronicles', status: 'ongoing', start_year: 2021, description: 'Fire and crowns.' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const other = await db.insertInto('series').values({ author_id: author.id, title: 'The Ember Wars' }).returning('id').executeTakeFirstOrThrow();
  const genres = await db.selectFrom('genres').select(['id', 'genre_name']).orderBy('genre_name').limit(2).execute();
  await db.insertInto('series_genres').values(genres.map((g) => ({ series_id: series.id, genre_id: g.id }))).execute();

  const [ashfall, cinderRoad] = (
    await db
      .insertInto('books')
      .values([
        { series_id: series.id, title: 'Ashfall', book_number: 1, status: 'published', target_word_count: 100_000 },
        { series_id: series.id, title: 'Cinder Road', book_number: 2, status: 'drafting', target_word_count: 80_000 },
      ])
      .returning('id')
      .execute()
  ).map((b) => b.id) as [number, number];
  const rising = await db.insertInto('books').values({ series_id: other.id, title: 'Ashfall Rising', book_number: 1 }).returning('id').executeTakeFirstOrThrow();

  const [rhea, tomas, vex, ennis] = (
    await db
      .insertInto('characters')
      .values([
        { series_id: series.id, name: 'Rhea', character_type: 'main', first_appearance_book_id: ashfall },
        { series_id: series.id, name: 'Tomas', character_type: 'supporting', first_appearance_book_id: ashfall },
        { series_id: series.id, name: 'Vex', character_type: 'antagonist', first_appearance_book_id: cinderRoad },
        { series_id: series.id, name: 'Old Man Ennis', character_type: 'minor' },
      ])
      .returning('id')
      .execute()
  ).map((c) => c.id) as [number, number, number, number];

  const [a1, a2, a3, c1] = (
    await db
      .insertInto('chapters')
      .values([
        { book_id: ashfall, chapter_number: 1, title: 'Embers', word_count: 3000, status: 'final', pov_character_id: rhea },
        { book_id: ashfall, chapter_number: 2, title: 'Smoke', word_count: 4000, status: 'final', pov_character_id: tomas },
        { book_id: ashfall, chapter_number: 3, title: 'Ash', word_count: 2000, status: 'draft', pov_character_id: rhea },
        { book_id: cinderRoad, chapter_number: 1, title: 'The Road', word_count: 1500, status: 'draft' },
      ])
      .returning('id')
      .execute()
  ).map((c) => c.id) as [number, number, number, number];
  await db
    .insertInto('chapter_scenes')
    .values([
      { chapter_id: a1, scene_number: 1 },
      { chapter_id: a1, scene_number: 2 },
      { chapter_id: a2, scene_number: 1 },
      { chapter_id: c1, scene_number: 1 },
    ])
    .execute();
  await db
    .insertInto('character_chapter_presence')
    .values([
      { character_id: rhea, chapter_id: a1, presence_type: 'present' },
      { character_id: rhea, chapter_id: a3, presence_type: 'present' },
      { character_id: rhea, chapter_id: c1, presence_type: 'present' },
      { character_id: tomas, chapter_id: a2, presence_type: 'present' },
      { character_id: vex, chapter_id: c1, presence_type: 'present' },
    ])
    .execute();
  await db.insertInto('character_arcs').values({ character_id: rhea, book_id: ashfall, arc_name: 'From ash' }).execute();

  const emberfall = await db.insertInto('locations').values({ series_id: series.id, name: 'Emberfall', location_type: 'city' }).returning('id').executeTakeFirstOrThrow();
  const forge = await db
    .insertInto('locations')
    .values({ series_id: series.id, name: 'The Forge', location_type: 'building', parent_location_id: emberfall.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('locations').values({ series_id: series.id, name: 'Cinder Wastes', location_type: 'region' }).execute();
  const wardens = await db
    .insertInto('organizations')
    .values({ series_id: series.id, name: 'The Wardens', organization_type: 'order', headquarters_location_id: emberfall.id, influence_level: 8 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('organizations').values({ series_id: series.id, name: 'Ash Cult', organization_type: 'cult', influence_level: 4 }).execute();

  const system = await db.insertInto('world_systems').values({ series_id: series.id, system_name: 'Ashcraft', system_type: 'magic' }).returning('id').executeTakeFirstOrThrow();
  const emberstone = await db
    .insertInto('world_elements')
    .values({ series_id: series.id, name: 'Emberstone', element_type: 'artifact', system_id: system.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('world_elements')
    .values([
      { series_id: series.id, name: 'Flame Ward', element_type: 'magic', system_id: system.id },
      { series_id: series.id, name: 'Old Tongue', element_type: 'magic' },
    ])
    .execute();
  await db
    .insertInto('world_element_usage')
    .values([
      { element_type: 'location', element_id: emberfall.id, book_id: ashfall, chapter_id: a1 },
      { element_type: 'location', element_id: emberfall.id, book_id: cinderRoad, chapter_id: c1 },
      { element_type: 'location', element_id: forge.id, book_id: ashfall, chapter_id: a2 },
      { element_type: 'organization', element_id: wardens.id, book_id: ashfall },
      { element_type: 'world_element', element_id: emberstone.id, book_id: cinderRoad },
    ])
    .execute();

  const types = await db.selectFrom('plot_thread_types').select(['id', 'type_name']).execute();
  const typeId = (name: string) => types.find((t) => t.type_name === name)?.id ?? null;
  const crown = await db
    .insertInto('plot_threads')
    .values({ series_id: series.id, title: 'The Lost Crown', thread_type_id: typeId('series_arc'), importance_level: 9, start_book: 1, end_book: 2, related_characters: [rhea, tomas] })
    .returning('id')
    .executeTakeFirstOrThrow();
  const revenge = await db
    .insertInto('plot_threads')
    .values({ series_id: series.id, title: "Vex's Revenge", thread_type_id: typeId('subplot'), importance_level: 7, start_book: 2, end_book: 2, parent_thread_id: crown.id, related_characters: [vex] })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('plot_threads')
    .values({ series_id: series.id, title: "Ennis' Secret", thread_type_id: typeId('mystery_element'), importance_level: 3, start_book: 1, end_book: 1, resolution_book: 1 })
    .execute();
  await db
    .insertInto('information_reveals')
    .values([
      { plot_thread_id: crown.id, information_content: 'The crown was melted.' },
      { plot_thread_id: crown.id, information_content: 'Rhea is the heir.' },
    ])
    .execute();

  const friends = await db
    .insertInto('relationship_arcs')
    .values({
      plot_thread_id: crown.id,
      arc_name: 'Rhea & Tomas',
      relationship_type: 'friendship',
      participants: JSON.stringify([
        { character_id: rhea, role_in_relationship: 'leader' },
        { character_id: tomas, role_in_relationship: 'follower' },
      ]),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('relationship_arcs')
    .values({
      plot_thread_id: revenge.id,
      arc_name: 'Rhea vs Vex',
      relationship_type: 'antagonistic',
      participants: JSON.stringify([{ character_id: rhea, role_in_relationship: 'target' }, { character_id: vex, role_in_relationship: 'hunter' }]),
    })
    .execute();
  await db
    .insertInto('relationship_dynamics')
    .values([
      { arc_id: friends.id, chapter_id: a2, dynamic_change: 'trust grows', tension_change: 3, change_type: 'trust' },
      { arc_id: friends.id, chapter_id: c1, dynamic_change: 'rift', tension_change: -2, change_type: 'conflict' },
    ])
    .execute();

  const [burning, pact] = (
    await db
      .insertInto('timeline_events')
      .values([
        { series_id: series.id, book_id: ashfall, event_name: 'The Burning', sort_order: 1, significance: 'major' },
        { series_id: series.id, event_name: 'The Pact', sort_order: 2 },
        { series_id: series.id, book_id: cinderRoad, event_name: 'Crowning', sort_order: 3 },
      ])
      .returning('id')
      .execute()
  ).map((e) => e.id) as [number, number, number];
  await db
    .insertInto('event_participants')
    .values([
      { event_id: burning, character_id: rhea, role_in_event: 'survivor' },
      { event_id: burning, character_id: tomas, role_in_event: 'rescuer' },
      { event_id: pact, character_id: vex, role_in_event: 'signer' },
    ])
    .execute();
  await db
    .insertInto('event_chapter_mappings')
    .values([
      { event_id: burning, chapter_id: a1, presentation_type: 'direct' },
      { event_id: pact, chapter_id: c1, presentation_type: 'flashback' },
    ])
    .execute();

  return { seriesId: series.id, otherSeriesId: other.id, ashfall, cinderRoad, ashfallRising: rising.id, rhea, tomas, vex, ennis };
}
