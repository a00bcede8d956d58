import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Db } from '@mcp-writing/db';
import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { expect } from 'vitest';
import { createDatabaseAdminServer, STORY_TABLES, type DatabaseAdminOptions } from '../src/index.js';

export function tempBackupDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'mcpw-backups-'));
}

/** A database-admin server on a fresh database; a backup directory it creates is removed by close(). */
export async function startAdmin(options: DatabaseAdminOptions = {}, env: Record<string, string> = {}): Promise<ServerHarness & { backupDir: string }> {
  const backupDir = options.backupDir ?? tempBackupDir();
  const h = await startServer('database-admin', (deps) => createDatabaseAdminServer(deps, { ...options, backupDir }), env);
  const close = h.close;
  return Object.assign(h, {
    backupDir,
    close: async () => {
      await close();
      if (!options.backupDir) rmSync(backupDir, { recursive: true, force: true });
    },
  });
}

/** Calls a tool that must succeed and returns its JSON. */
export async function ok<T = Record<string, unknown>>(h: ServerHarness, tool: string, args: Record<string, unknown> = {}): Promise<T> {
  const res = await h.call(tool, args);
  expect(res.isError, `${tool}: ${textOf(res)}`).toBeFalsy();
  return jsonOf<T>(res);
}

/** Calls a tool that must fail and returns its message (checked for SQL and stack traces). */
export async function refused(h: ServerHarness, tool: string, args: Record<string, unknown>): Promise<string> {
  const res = await h.call(tool, args);
  const text = textOf(res);
  expect(res.isError, `${tool} should fail: ${text}`).toBe(true);
  expect(text).not.toMatch(/\bselect\b.*\bfrom\b|insert into|update .* set|violates|syntax error|at .*\.(js|ts):\d+/i);
  return text;
}

/** Every row of a table as PostgreSQL prints it (exact values), ordered by id. */
export async function rowsOf(db: Db, table: string): Promise<string[]> {
  const { rows } = await sql<{ j: string }>`SELECT row_to_json(t)::text AS j FROM ${sql.id('public', table)} AS t ORDER BY t.id`.execute(db);
  return rows.map((r) => r.j);
}

/** Row count and md5 of the ordered rows of every story table: equal fingerprints mean equal data. */
export async function fingerprint(db: Db): Promise<Record<string, { rows: number; md5: string | null }>> {
  const out: Record<string, { rows: number; md5: string | null }> = {};
  for (const table of STORY_TABLES) {
    const { rows } = await sql<{ n: number; md5: string | null }>`
      SELECT count(*)::int AS n, md5(string_agg(row_to_json(t)::text, '|' ORDER BY t.id)) AS md5
        FROM ${sql.id('public', table)} AS t`.execute(db);
    out[table] = { rows: rows[0]?.n ?? 0, md5: rows[0]?.md5 ?? null };
  }
  return out;
}

export async function auditRows(db: Db, filter: { table?: string; operation?: string } = {}) {
  let query = db.selectFrom('audit_logs').selectAll().orderBy('id');
  if (filter.table) query = query.where('table_name', '=', filter.table);
  if (filter.operation) query = query.where('operation', '=', filter.operation);
  return query.execute();
}

/** What db_query_records answers. */
export interface Query {
  table: string;
  records: Record<string, unknown>[];
  count: number;
  total_count: number;
  totalCount: number;
}

export interface Story {
  authorId: number;
  seriesId: number;
  bookIds: [number, number];
  chapterIds: number[];
  sceneIds: number[];
  characterIds: number[];
  locationIds: number[];
  threadId: number;
}

/**
 * A small story spread over many tables: author, series (with genres), two
 * books, chapters, scenes, characters (arrays), nested locations (a child
 * with a lower id than its parent), organizations, a plot thread, a
 * relationship arc (jsonb), timeline events with participants, a world
 * system (jsonb) and elements, presence and usage rows, a goal (date,
 * numeric), a writing session (time), an NPE row with a text id, and
 * `bulk` extra timeline events so tables span several pages.
 */
export async function buildStory(db: Db, tag: string, bulk = 0): Promise<Story> {
  const author = await db.insertInto('authors').values({ name: `Author ${tag}`, email: `${tag}@example.com`, bio: 'Writes "sea" fantasy, with commas.' }).returning('id').executeTakeFirstOrThrow();
  const series = await db.insertInto('series').values({ author_id: author.id, title: `Tides ${tag}`, description: 'A saga.', start_year: 2020 }).returning('id').executeTakeFirstOrThrow();
  const genres = await db.selectFrom('genres').select('id').orderBy('id').limit(2).execute();
  await db.insertInto('series_genres').values(genres.map((g) => ({ series_id: series.id, genre_id: g.id }))).execute();
  const books = await db
    .insertInto('books')
    .values([
      { series_id: series.id, title: `Book One ${tag}`, book_number: 1, status: 'published', target_word_count: 90000 },
      { series_id: series.id, title: `Book Two ${tag}`, book_number: 2, status: 'drafting' },
    ])
    .returning('id')
    .execute();
  const [b1, b2] = books.map((b) => b.id) as [number, number];
  await db.insertInto('book_genres').values({ book_id: b1, genre_id: genres[0]?.id ?? 1 }).execute();
  const characters = await db
    .insertInto('characters')
    .values([
      { series_id: series.id, name: `Mara ${tag}`, full_name: 'Mara Vell', aliases: ['The Tide', "O'Hara, \"M\""], first_appearance_book_id: b1 },
      { series_id: series.id, name: `Kest ${tag}`, character_type: 'supporting', first_appearance_book_id: b1 },
      { series_id: series.id, name: `Orin ${tag}`, character_type: 'antagonist', first_appearance_book_id: b2 },
    ])
    .returning('id')
    .execute();
  const charIds = characters.map((c) => c.id);
  const chapters = await db
    .insertInto('chapters')
    .values([
      { book_id: b1, chapter_number: 1, title: 'Landfall', word_count: 3000, pov_character_id: charIds[0], chapter_purpose: ['setup', 'hook'] },
      { book_id: b1, chapter_number: 2, title: 'Storm', word_count: 4200, pov_character_id: charIds[1] },
      { book_id: b2, chapter_number: 1, title: 'Aftermath', word_count: 2500 },
    ])
    .returning('id')
    .execute();
  const chapterIds = chapters.map((c) => c.id);
  const scenes = await db
    .insertInto('chapter_scenes')
    .values([
      { chapter_id: chapterIds[0] as number, scene_number: 1, scene_title: 'Beach', scene_content: 'Line one.\nLine two, "quoted".', scene_participants: charIds.slice(0, 2) },
      { chapter_id: chapterIds[1] as number, scene_number: 1, scene_title: 'Mast', pov_character_id: charIds[1] },
    ])
    .returning('id')
    .execute();
  // The child location gets a lower id than its parent: restore must not depend on id order.
  const child = await db.insertInto('locations').values({ series_id: series.id, name: `Harbour ${tag}`, location_type: 'district', notable_features: ['docks', 'lighthouse'] }).returning('id').executeTakeFirstOrThrow();
  const parent = await db.insertInto('locations').values({ series_id: series.id, name: `Port City ${tag}`, location_type: 'city' }).returning('id').executeTakeFirstOrThrow();
  await db.updateTable('locations').set({ parent_location_id: parent.id }).where('id', '=', child.id).execute();
  await db.insertInto('organizations').values({ series_id: series.id, name: `Guild ${tag}`, organization_type: 'guild', headquarters_location_id: parent.id, influence_level: 7 }).execute();
  const thread = await db.insertInto('plot_threads').values({ series_id: series.id, title: `The Drowned Crown ${tag}`, start_book: 1, end_book: 2, related_characters: charIds.slice(0, 2) }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('relationship_arcs')
    .values({
      plot_thread_id: thread.id,
      arc_name: 'Mara and Kest',
      participants: JSON.stringify([
        { character_id: charIds[0], role_in_relationship: 'mentor' },
        { character_id: charIds[1], role_in_relationship: 'student' },
      ]),
      relationship_type: 'mentor',
      milestone_events: { first: 'storm', weights: [1.5, 2] },
    })
    .execute();
  const event = await db.insertInto('timeline_events').values({ series_id: series.id, book_id: b1, event_name: 'The Storm', sort_order: 1 }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('event_participants').values({ event_id: event.id, character_id: charIds[0] as number, role_in_event: 'survivor' }).execute();
  await db.insertInto('event_chapter_mappings').values({ event_id: event.id, chapter_id: chapterIds[1] as number, presentation_type: 'direct' }).execute();
  const system = await db.insertInto('world_systems').values({ series_id: series.id, system_name: 'Tidecraft', power_scaling: { levels: [1, 2, 3], note: 'moon-bound' }, system_users: charIds.slice(0, 1) }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('world_elements').values({ series_id: series.id, name: 'Moonwater', element_type: 'magic', system_id: system.id, rules: ['only at night'] }).execute();
  await db.insertInto('character_chapter_presence').values({ character_id: charIds[0] as number, chapter_id: chapterIds[0] as number, presence_type: 'present', interacts_with: [charIds[1] as number] }).execute();
  await db.insertInto('world_element_usage').values({ element_type: 'location', element_id: parent.id, book_id: b1, chapter_id: chapterIds[0] }).execute();
  await db.insertInto('writing_goals').values({ book_id: b1, goal_type: 'words', target_value: 50000, target_date: '2025-12-31', completion_percentage: '12.345' }).execute();
  await db.insertInto('writing_sessions').values({ book_id: b1, session_date: '2025-03-01', start_time: '09:15:30', words_written: 1200 }).execute();
  await db
    .insertInto('npe_compliance_summary')
    .values({ id: `npe-${tag}`, book_id: b1, overall_npe_score: '87.125', pacing_score: '0.333333333333' })
    .execute();
  if (bulk > 0) {
    const rows = Array.from({ length: bulk }, (_, i) => ({ series_id: series.id, event_name: `Bulk event ${i} ${tag}`, sort_order: i + 10, event_description: `x`.repeat(i % 50) }));
    for (let start = 0; start < rows.length; start += 500) await db.insertInto('timeline_events').values(rows.slice(start, start + 500)).execute();
  }
  return {
    authorId: author.id,
    seriesId: series.id,
    bookIds: [b1, b2],
    chapterIds,
    sceneIds: scenes.map((s) => s.id),
    characterIds: charIds,
    locationIds: [child.id, parent.id],
    threadId: thread.id,
  };
}
