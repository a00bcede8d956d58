import { sql, type Db } from '@mcp-writing/db';
import type { Scope } from './scope.js';

/**
 * One query per section (two for books and world elements), whatever the
 * number of rows: nested lists and counts are computed in SQL with
 * subqueries and json_agg, never by a query per row.
 */

/** Most rows a list section returns; the summary still counts them all. */
export const SECTION_LIMIT = 1000;

const ids = (scope: Scope) => sql`CAST(${scope.bookIds} AS int[])`;
const bookNumber = (scope: Scope) => (scope.kind === 'book' ? scope.book.book_number : null);

/** Participants of a relationship arc as (character_id text, role, name given) rows, whatever shape the jsonb has. */
const participantRows = (column: ReturnType<typeof sql.ref>) => sql`
  (SELECT CASE WHEN jsonb_typeof(p.e) = 'object' THEN p.e->>'character_id' ELSE p.e #>> '{}' END AS character_id,
          CASE WHEN jsonb_typeof(p.e) = 'object' THEN p.e->>'role_in_relationship' END AS role,
          CASE WHEN jsonb_typeof(p.e) = 'object' THEN p.e->>'character_name' END AS given_name,
          p.ord
     FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${column}) = 'array' THEN ${column} ELSE '[]'::jsonb END) WITH ORDINALITY AS p(e, ord))`;

/** Whether timeline event `e` belongs to the scope: its series, or for a book its book or a chapter of it. */
const eventInScope = (scope: Scope) =>
  scope.kind === 'series'
    ? sql`e.series_id = ${scope.series.id}`
    : sql`(e.book_id = ${scope.book.id}
           OR EXISTS (SELECT 1 FROM event_chapter_mappings m JOIN chapters mc ON mc.id = m.chapter_id
                       WHERE m.event_id = e.id AND mc.book_id = ${scope.book.id}))`;

/** Whether character `ch` is in the scope: any character of the series, or for a book one who appears in it. */
const characterInScope = (scope: Scope) =>
  scope.kind === 'series'
    ? sql`TRUE`
    : sql`(ch.first_appearance_book_id = ${scope.book.id}
           OR EXISTS (SELECT 1 FROM character_chapter_presence p JOIN chapters c ON c.id = p.chapter_id
                       WHERE p.character_id = ch.id AND c.book_id = ${scope.book.id})
           OR EXISTS (SELECT 1 FROM chapters c WHERE c.pov_character_id = ch.id AND c.book_id = ${scope.book.id})
           OR EXISTS (SELECT 1 FROM chapter_scenes cs JOIN chapters c ON c.id = cs.chapter_id
                       WHERE cs.pov_character_id = ch.id AND c.book_id = ${scope.book.id})
           OR EXISTS (SELECT 1 FROM character_arcs a WHERE a.character_id = ch.id AND a.book_id = ${scope.book.id})
           OR EXISTS (SELECT 1 FROM event_participants ep JOIN timeline_events e ON e.id = ep.event_id
                       WHERE ep.character_id = ch.id AND ${eventInScope(scope)}))`;

/** Whether plot thread `pt` is in the scope: for a book, its span (start_book..end_book, open ends) covers the book's number or it resolves there. */
const threadInScope = (scope: Scope) => {
  const n = bookNumber(scope);
  if (n === null) return sql`TRUE`;
  return sql`((coalesce(pt.start_book, ${n}) <= ${n} AND coalesce(pt.end_book, ${n}) >= ${n}) OR pt.resolution_book = ${n})`;
};

/** Dynamics of arc `ra` in the scope (for a book: in its chapters), as an extra condition on `d`. */
const dynamicsInScope = (scope: Scope) =>
  scope.kind === 'book' ? sql`AND d.chapter_id IN (SELECT c.id FROM chapters c WHERE c.book_id = ${scope.book.id})` : sql``;

/** Whether relationship arc `ra` (of plot thread `pt`) is in the scope: for a book, it changes in the book or its thread spans it. */
const arcInScope = (scope: Scope) =>
  scope.kind === 'series'
    ? sql`TRUE`
    : sql`(EXISTS (SELECT 1 FROM relationship_dynamics d WHERE d.arc_id = ra.id ${dynamicsInScope(scope)}) OR ${threadInScope(scope)})`;

export interface Summary {
  books: number;
  chapters: number;
  scenes: number;
  words: number;
  target_words: number;
  characters: number;
  locations: number;
  organizations: number;
  plot_threads: number;
  world_elements: number;
  world_systems: number;
  timeline_events: number;
  relationship_arcs: number;
}

/**
 * The counts of the report, for its scope: books, chapters, scenes, words,
 * characters, plot threads, timeline events and relationship arcs of the
 * series or the book; locations, organizations and world elements of the
 * series (the world is series-wide; sections show their uses in the scope).
 */
export async function summaryCounts(db: Db, scope: Scope): Promise<Summary> {
  const s = scope.series.id;
  const { rows } = await sql<Summary>`
    SELECT
      (SELECT count(*) FROM books b WHERE b.id = ANY(${ids(scope)}))::int AS books,
      (SELECT count(*) FROM chapters c WHERE c.book_id = ANY(${ids(scope)}))::int AS chapters,
      (SELECT count(*) FROM chapter_scenes cs JOIN chapters c ON c.id = cs.chapter_id WHERE c.book_id = ANY(${ids(scope)}))::int AS scenes,
      (SELECT coalesce(sum(c.word_count), 0) FROM chapters c WHERE c.book_id = ANY(${ids(scope)}))::int AS words,
      (SELECT coalesce(sum(b.target_word_count), 0) FROM books b WHERE b.id = ANY(${ids(scope)}))::int AS target_words,
      (SELECT count(*) FROM characters ch WHERE ch.series_id = ${s} AND ${characterInScope(scope)})::int AS characters,
      (SELECT count(*) FROM locations x WHERE x.series_id = ${s})::int AS locations,
      (SELECT count(*) FROM organizations x WHERE x.series_id = ${s})::int AS organizations,
      (SELECT count(*) FROM plot_threads pt WHERE pt.series_id = ${s} AND ${threadInScope(scope)})::int AS plot_threads,
      (SELECT count(*) FROM world_elements x WHERE x.series_id = ${s})::int AS world_elements,
      (SELECT count(*) FROM world_systems x WHERE x.series_id = ${s})::int AS world_systems,
      (SELECT count(*) FROM timeline_events e WHERE ${eventInScope(scope)})::int AS timeline_events,
      (SELECT count(*) FROM relationship_arcs ra JOIN plot_threads pt ON pt.id = ra.plot_thread_id
        WHERE pt.series_id = ${s} AND ${arcInScope(scope)})::int AS relationship_arcs`.execute(db);
  return rows[0] as Summary;
}

export async function seriesInfo(db: Db, scope: Scope) {
  const { rows } = await sql<{
    id: number;
    title: string;
    description: string | null;
    status: string | null;
    target_audience: string | null;
    start_year: number | null;
    author: { id: number; name: string };
    genres: string[];
    book_count: number;
    books_by_status: Record<string, number>;
    total_words: number;
    created_at: Date | null;
    updated_at: Date | null;
  }>`
    SELECT s.id, s.title, s.description, s.status, s.target_audience, s.start_year, s.created_at, s.updated_at,
           json_build_object('id', a.id, 'name', a.name) AS author,
           (SELECT coalesce(json_agg(g.genre_name ORDER BY g.genre_name), '[]')
              FROM series_genres sg JOIN genres g ON g.id = sg.genre_id WHERE sg.series_id = s.id) AS genres,
           (SELECT count(*) FROM books b WHERE b.series_id = s.id)::int AS book_count,
           (SELECT coalesce(json_object_agg(x.status, x.n), '{}')
              FROM (SELECT coalesce(b.status, 'unknown') AS status, count(*)::int AS n FROM books b WHERE b.series_id = s.id GROUP BY 1) x) AS books_by_status,
           (SELECT coalesce(sum(c.word_count), 0) FROM chapters c JOIN books b ON b.id = c.book_id WHERE b.series_id = s.id)::int AS total_words
      FROM series s JOIN authors a ON a.id = s.author_id
     WHERE s.id = ${scope.series.id}`.execute(db);
  return rows[0];
}

export async function booksSection(db: Db, scope: Scope) {
  const books = await sql<{
    id: number;
    book_number: number | null;
    title: string;
    subtitle: string | null;
    status: string | null;
    publication_year: number | null;
    target_word_count: number | null;
    word_count: number;
    chapter_count: number;
    scene_count: number;
    chapters_by_status: Record<string, number>;
    characters_present: number;
    pov_characters: string[];
    genres: string[];
    timeline_events: number;
  }>`
    SELECT b.id, b.book_number, b.title, b.subtitle, b.status, b.publication_year, b.target_word_count,
           (SELECT coalesce(sum(c.word_count), 0) FROM chapters c WHERE c.book_id = b.id)::int AS word_count,
           (SELECT count(*) FROM chapters c WHERE c.book_id = b.id)::int AS chapter_count,
           (SELECT count(*) FROM chapter_scenes cs JOIN chapters c ON c.id = cs.chapter_id WHERE c.book_id = b.id)::int AS scene_count,
           (SELECT coalesce(json_object_agg(x.status, x.n), '{}')
              FROM (SELECT coalesce(c.status, 'unknown') AS status, count(*)::int AS n FROM chapters c WHERE c.book_id = b.id GROUP BY 1) x) AS chapters_by_status,
           (SELECT count(DISTINCT p.character_id) FROM character_chapter_presence p JOIN chapters c ON c.id = p.chapter_id WHERE c.book_id = b.id)::int AS characters_present,
           (SELECT coalesce(json_agg(DISTINCT ch.name ORDER BY ch.name), '[]')
              FROM chapters c JOIN characters ch ON ch.id = c.pov_character_id WHERE c.book_id = b.id) AS pov_characters,
           (SELECT coalesce(json_agg(g.genre_name ORDER BY g.genre_name), '[]')
              FROM book_genres bg JOIN genres g ON g.id = bg.genre_id WHERE bg.book_id = b.id) AS genres,
           (SELECT count(*) FROM timeline_events e WHERE e.book_id = b.id)::int AS timeline_events
      FROM books b
     WHERE b.id = ANY(${ids(scope)})
     ORDER BY b.book_number NULLS LAST, b.id
     LIMIT ${SECTION_LIMIT + 1}`.execute(db);
  const chapters =
    scope.kind === 'book'
      ? (
          await sql<{
            id: number;
            chapter_number: number;
            title: string | null;
            status: string | null;
            word_count: number | null;
            target_word_count: number | null;
            pov_character: string | null;
            scene_count: number;
            characters_present: string[];
          }>`
            SELECT c.id, c.chapter_number, c.title, c.status, c.word_count, c.target_word_count, pov.name AS pov_character,
                   (SELECT count(*) FROM chapter_scenes cs WHERE cs.chapter_id = c.id)::int AS scene_count,
                   (SELECT coalesce(json_agg(x.name ORDER BY x.name), '[]')
                      FROM character_chapter_presence p JOIN characters x ON x.id = p.character_id WHERE p.chapter_id = c.id) AS characters_present
              FROM chapters c LEFT JOIN characters pov ON pov.id = c.pov_character_id
             WHERE c.book_id = ${scope.book.id}
             ORDER BY c.chapter_number, c.id
             LIMIT ${SECTION_LIMIT + 1}`.execute(db)
        ).rows
      : undefined;
  return {
    books: books.rows.map((b) => ({
      ...b,
      progress_percent: b.target_word_count ? Math.round((b.word_count / b.target_word_count) * 1000) / 10 : null,
    })),
    chapters,
  };
}

export async function charactersSection(db: Db, scope: Scope) {
  const { rows } = await sql<{
    id: number;
    name: string;
    full_name: string | null;
    aliases: string[] | null;
    character_type: string | null;
    status: string | null;
    first_appearance_book: string | null;
    last_appearance_book: string | null;
    chapters_present: number;
    pov_chapters: number;
    pov_scenes: number;
    books_present: string[];
    arcs: { book: string; arc_name: string | null }[];
    timeline_events: number;
    relationship_arcs: number;
    plot_threads: number;
  }>`
      SELECT ch.id, ch.name, ch.full_name, ch.aliases, ch.character_type, ch.status,
             fb.title AS first_appearance_book, lb.title AS last_appearance_book,
             (SELECT count(*) FROM character_chapter_presence p JOIN chapters c ON c.id = p.chapter_id
               WHERE p.character_id = ch.id AND c.book_id = ANY(${ids(scope)}))::int AS chapters_present,
             (SELECT count(*) FROM chapters c WHERE c.pov_character_id = ch.id AND c.book_id = ANY(${ids(scope)}))::int AS pov_chapters,
             (SELECT count(*) FROM chapter_scenes cs JOIN chapters c ON c.id = cs.chapter_id
               WHERE cs.pov_character_id = ch.id AND c.book_id = ANY(${ids(scope)}))::int AS pov_scenes,
             (SELECT coalesce(json_agg(x.title ORDER BY x.book_number NULLS LAST, x.title), '[]')
                FROM (SELECT DISTINCT b.title, b.book_number FROM character_chapter_presence p
                        JOIN chapters c ON c.id = p.chapter_id JOIN books b ON b.id = c.book_id
                       WHERE p.character_id = ch.id AND c.book_id = ANY(${ids(scope)})) x) AS books_present,
             (SELECT coalesce(json_agg(json_build_object('book', b.title, 'arc_name', a.arc_name) ORDER BY b.book_number NULLS LAST, a.id), '[]')
                FROM character_arcs a JOIN books b ON b.id = a.book_id
               WHERE a.character_id = ch.id AND a.book_id = ANY(${ids(scope)})) AS arcs,
             (SELECT count(*) FROM event_participants ep JOIN timeline_events e ON e.id = ep.event_id
               WHERE ep.character_id = ch.id AND ${eventInScope(scope)})::int AS timeline_events,
             (SELECT count(*) FROM relationship_arcs ra JOIN plot_threads pt ON pt.id = ra.plot_thread_id
               WHERE pt.series_id = ch.series_id
                 AND EXISTS (SELECT 1 FROM ${participantRows(sql.ref('ra.participants'))} AS pr WHERE pr.character_id = ch.id::text))::int AS relationship_arcs,
             (SELECT count(*) FROM plot_threads pt WHERE pt.series_id = ch.series_id AND ch.id = ANY(pt.related_characters))::int AS plot_threads
        FROM characters ch
        LEFT JOIN books fb ON fb.id = ch.first_appearance_book_id
        LEFT JOIN books lb ON lb.id = ch.last_appearance_book_id
       WHERE ch.series_id = ${scope.series.id} AND ${characterInScope(scope)}
       ORDER BY ch.name, ch.id
       LIMIT ${SECTION_LIMIT + 1}`.execute(db);
  return rows;
}

/** Usage counts and books of world_element_usage rows of one kind, in scope. */
const usage = (scope: Scope, kind: 'location' | 'organization' | 'world_element', idRef: ReturnType<typeof sql.ref>) => sql`
  (SELECT count(*) FROM world_element_usage u WHERE u.element_type = ${kind} AND u.element_id = ${idRef} AND u.book_id = ANY(${ids(scope)}))::int AS usage_count,
  (SELECT coalesce(json_agg(x.title ORDER BY x.book_number NULLS LAST, x.title), '[]')
     FROM (SELECT DISTINCT b.title, b.book_number FROM world_element_usage u JOIN books b ON b.id = u.book_id
            WHERE u.element_type = ${kind} AND u.element_id = ${idRef} AND u.book_id = ANY(${ids(scope)})) x) AS used_in_books`;

export async function locationsSection(db: Db, scope: Scope) {
  const { rows } = await sql<{
    id: number;
    name: string;
    location_type: string;
    description: string | null;
    parent_location: string | null;
    sublocations: string[];
    organizations_headquartered: string[];
    usage_count: number;
    used_in_books: string[];
  }>`
    SELECT l.id, l.name, l.location_type, l.description, parent.name AS parent_location,
           (SELECT coalesce(json_agg(k.name ORDER BY k.name), '[]') FROM locations k WHERE k.parent_location_id = l.id) AS sublocations,
           (SELECT coalesce(json_agg(o.name ORDER BY o.name), '[]') FROM organizations o WHERE o.headquarters_location_id = l.id) AS organizations_headquartered,
           ${usage(scope, 'location', sql.ref('l.id'))}
      FROM locations l LEFT JOIN locations parent ON parent.id = l.parent_location_id
     WHERE l.series_id = ${scope.series.id}
     ORDER BY l.name, l.id
     LIMIT ${SECTION_LIMIT + 1}`.execute(db);
  return rows;
}

export async function organizationsSection(db: Db, scope: Scope) {
  const { rows } = await sql<{
    id: number;
    name: string;
    organization_type: string;
    status: string | null;
    influence_level: number | null;
    member_count: number | null;
    headquarters: string | null;
    parent_organization: string | null;
    suborganizations: string[];
    usage_count: number;
    used_in_books: string[];
  }>`
    SELECT o.id, o.name, o.organization_type, o.status, o.influence_level, o.member_count,
           hq.name AS headquarters, parent.name AS parent_organization,
           (SELECT coalesce(json_agg(k.name ORDER BY k.name), '[]') FROM organizations k WHERE k.parent_organization_id = o.id) AS suborganizations,
           ${usage(scope, 'organization', sql.ref('o.id'))}
      FROM organizations o
      LEFT JOIN locations hq ON hq.id = o.headquarters_location_id
      LEFT JOIN organizations parent ON parent.id = o.parent_organization_id
     WHERE o.series_id = ${scope.series.id}
     ORDER BY o.influence_level DESC NULLS LAST, o.name, o.id
     LIMIT ${SECTION_LIMIT + 1}`.execute(db);
  return rows;
}

export async function plotThreadsSection(db: Db, scope: Scope) {
  const { rows } = await sql<{
    id: number;
    title: string;
    description: string | null;
    thread_type: string | null;
    status: string | null;
    importance_level: number | null;
    complexity_level: number | null;
    start_book: number | null;
    end_book: number | null;
    resolution_book: number | null;
    start_book_title: string | null;
    end_book_title: string | null;
    resolution_book_title: string | null;
    parent_thread: string | null;
    subthreads: string[];
    related_characters: string[];
    reveals: number;
    relationship_arcs: number;
  }>`
    SELECT pt.id, pt.title, pt.description, t.type_name AS thread_type, st.status_name AS status,
           pt.importance_level, pt.complexity_level, pt.start_book, pt.end_book, pt.resolution_book,
           sb.title AS start_book_title, eb.title AS end_book_title, rb.title AS resolution_book_title,
           parent.title AS parent_thread,
           (SELECT coalesce(json_agg(k.title ORDER BY k.title), '[]') FROM plot_threads k WHERE k.parent_thread_id = pt.id) AS subthreads,
           (SELECT coalesce(json_agg(c.name ORDER BY c.name), '[]') FROM characters c WHERE c.id = ANY(pt.related_characters)) AS related_characters,
           (SELECT count(*) FROM information_reveals r WHERE r.plot_thread_id = pt.id)::int AS reveals,
           (SELECT count(*) FROM relationship_arcs ra WHERE ra.plot_thread_id = pt.id)::int AS relationship_arcs
      FROM plot_threads pt
      LEFT JOIN plot_thread_types t ON t.id = pt.thread_type_id
      LEFT JOIN plot_thread_statuses st ON st.id = pt.current_status_id
      LEFT JOIN plot_threads parent ON parent.id = pt.parent_thread_id
      LEFT JOIN books sb ON sb.series_id = pt.series_id AND sb.book_number = pt.start_book
      LEFT JOIN books eb ON eb.series_id = pt.series_id AND eb.book_number = pt.end_book
      LEFT JOIN books rb ON rb.series_id = pt.series_id AND rb.book_number = pt.resolution_book
     WHERE pt.series_id = ${scope.series.id} AND ${threadInScope(scope)}
     ORDER BY pt.importance_level DESC NULLS LAST, pt.title, pt.id
     LIMIT ${SECTION_LIMIT + 1}`.execute(db);
  return rows;
}

export async function worldElementsSection(db: Db, scope: Scope) {
  const [systems, elements] = await Promise.all([
    sql<{ id: number; system_name: string; system_type: string | null; power_source: string | null; element_count: number }>`
      SELECT ws.id, ws.system_name, ws.system_type, ws.power_source,
             (SELECT count(*) FROM world_elements we WHERE we.system_id = ws.id)::int AS element_count
        FROM world_systems ws
       WHERE ws.series_id = ${scope.series.id}
       ORDER BY ws.system_name, ws.id
       LIMIT ${SECTION_LIMIT + 1}`.execute(db),
    sql<{
      id: number;
      name: string;
      element_type: string;
      rarity: string | null;
      power_level: number | null;
      system: string | null;
      rules: string[] | null;
      limitations: string[] | null;
      usage_count: number;
      used_in_books: string[];
    }>`
      SELECT we.id, we.name, we.element_type, we.rarity, we.power_level, ws.system_name AS system, we.rules, we.limitations,
             ${usage(scope, 'world_element', sql.ref('we.id'))}
        FROM world_elements we LEFT JOIN world_systems ws ON ws.id = we.system_id
       WHERE we.series_id = ${scope.series.id}
       ORDER BY we.element_type, we.name, we.id
       LIMIT ${SECTION_LIMIT + 1}`.execute(db),
  ]);
  return { systems: systems.rows, elements: elements.rows };
}

export async function timelineSection(db: Db, scope: Scope) {
  const { rows } = await sql<{
    id: number;
    event_name: string;
    event_description: string | null;
    event_date: string | null;
    time_period: string | null;
    significance: string | null;
    sort_order: number | null;
    is_public_knowledge: boolean | null;
    book: string | null;
    participants: { character_id: number; name: string; role: string | null }[];
    shown_in: { book: string; chapter_number: number; chapter_title: string | null; presentation: string | null }[];
  }>`
    SELECT e.id, e.event_name, e.event_description, e.event_date, e.time_period, e.significance, e.sort_order, e.is_public_knowledge,
           b.title AS book,
           (SELECT coalesce(json_agg(json_build_object('character_id', c.id, 'name', c.name, 'role', ep.role_in_event) ORDER BY c.name), '[]')
              FROM event_participants ep JOIN characters c ON c.id = ep.character_id WHERE ep.event_id = e.id) AS participants,
           (SELECT coalesce(json_agg(json_build_object('book', mb.title, 'chapter_number', mc.chapter_number, 'chapter_title', mc.title,
                                                       'presentation', m.presentation_type)
                                     ORDER BY mb.book_number NULLS LAST, mc.chapter_number), '[]')
              FROM event_chapter_mappings m JOIN chapters mc ON mc.id = m.chapter_id JOIN books mb ON mb.id = mc.book_id
             WHERE m.event_id = e.id) AS shown_in
      FROM timeline_events e LEFT JOIN books b ON b.id = e.book_id
     WHERE ${eventInScope(scope)}
     ORDER BY e.sort_order NULLS LAST, e.id
     LIMIT ${SECTION_LIMIT + 1}`.execute(db);
  return rows;
}

export async function relationshipArcsSection(db: Db, scope: Scope) {
  const dynamics = dynamicsInScope(scope);
  const { rows } = await sql<{
    id: number;
    arc_name: string;
    relationship_type: string | null;
    current_dynamic: string | null;
    complexity_level: number | null;
    plot_thread: string;
    participants: { character_id: number | null; name: string | null; role: string | null }[];
    dynamics: number;
    net_tension_change: number;
    latest_change: string | null;
  }>`
    SELECT ra.id, ra.arc_name, ra.relationship_type, ra.current_dynamic, ra.complexity_level, pt.title AS plot_thread,
           (SELECT coalesce(json_agg(json_build_object('character_id', c.id, 'name', coalesce(c.name, pr.given_name), 'role', pr.role) ORDER BY pr.ord), '[]')
              FROM ${participantRows(sql.ref('ra.participants'))} AS pr
              LEFT JOIN characters c ON c.id::text = pr.character_id) AS participants,
           (SELECT count(*) FROM relationship_dynamics d WHERE d.arc_id = ra.id ${dynamics})::int AS dynamics,
           (SELECT coalesce(sum(d.tension_change), 0) FROM relationship_dynamics d WHERE d.arc_id = ra.id ${dynamics})::int AS net_tension_change,
           (SELECT d.dynamic_change FROM relationship_dynamics d WHERE d.arc_id = ra.id ${dynamics}
             ORDER BY d.created_at DESC NULLS LAST, d.id DESC LIMIT 1) AS latest_change
      FROM relationship_arcs ra JOIN plot_threads pt ON pt.id = ra.plot_thread_id
     WHERE pt.series_id = ${scope.series.id} AND ${arcInScope(scope)}
     ORDER BY ra.arc_name, ra.id
     LIMIT ${SECTION_LIMIT + 1}`.execute(db);
  return rows;
}
