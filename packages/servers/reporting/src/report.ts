import type { Db } from '@mcp-writing/db';
import { renderMarkdown } from './markdown.js';
import { resolveScope, type Scope, type ScopeInput } from './queries/scope.js';
import * as q from './queries/sections.js';

export const SECTIONS = [
  'series_info',
  'books',
  'characters',
  'locations',
  'organizations',
  'plot_threads',
  'world_elements',
  'timeline_events',
  'relationship_arcs',
] as const;

export type SectionName = (typeof SECTIONS)[number];

export interface ReportSections {
  series_info?: NonNullable<Awaited<ReturnType<typeof q.seriesInfo>>>;
  books?: (Awaited<ReturnType<typeof q.booksSection>>['books'][number] & { chapters?: Awaited<ReturnType<typeof q.booksSection>>['chapters'] })[];
  characters?: Awaited<ReturnType<typeof q.charactersSection>>;
  locations?: Awaited<ReturnType<typeof q.locationsSection>>;
  organizations?: Awaited<ReturnType<typeof q.organizationsSection>>;
  plot_threads?: Awaited<ReturnType<typeof q.plotThreadsSection>>;
  world_elements?: Awaited<ReturnType<typeof q.worldElementsSection>>;
  timeline_events?: Awaited<ReturnType<typeof q.timelineSection>>;
  relationship_arcs?: Awaited<ReturnType<typeof q.relationshipArcsSection>>;
}

export interface Report {
  scope: { type: Scope['kind']; series_id: number; series_title: string; book_id?: number; book_title?: string; book_number?: number | null };
  generated_at: string;
  include_sections: SectionName[];
  summary: q.Summary;
  sections: ReportSections;
  /** Sections cut at SECTION_LIMIT rows (the summary still counts every row). */
  truncated: SectionName[];
}

/** Keeps at most SECTION_LIMIT rows; records the section when there were more. */
function capped<T>(rows: T[], name: SectionName, truncated: SectionName[]): T[] {
  if (rows.length <= q.SECTION_LIMIT) return rows;
  truncated.push(name);
  return rows.slice(0, q.SECTION_LIMIT);
}

/**
 * Builds the report: resolves the subject, then runs the summary and each
 * requested section as its own bounded query (in parallel, within this
 * server's connection cap), and renders the Markdown.
 */
export async function buildReport(db: Db, input: ScopeInput, include: readonly SectionName[]): Promise<Report & { markdown: string }> {
  const scope = await resolveScope(db, input);
  const wanted = SECTIONS.filter((s) => include.includes(s));
  const has = (s: SectionName) => wanted.includes(s);
  const truncated: SectionName[] = [];
  const [summary, seriesInfo, books, characters, locations, organizations, plotThreads, world, timeline, arcs] = await Promise.all([
    q.summaryCounts(db, scope),
    has('series_info') ? q.seriesInfo(db, scope) : undefined,
    has('books') ? q.booksSection(db, scope) : undefined,
    has('characters') ? q.charactersSection(db, scope) : undefined,
    has('locations') ? q.locationsSection(db, scope) : undefined,
    has('organizations') ? q.organizationsSection(db, scope) : undefined,
    has('plot_threads') ? q.plotThreadsSection(db, scope) : undefined,
    has('world_elements') ? q.worldElementsSection(db, scope) : undefined,
    has('timeline_events') ? q.timelineSection(db, scope) : undefined,
    has('relationship_arcs') ? q.relationshipArcsSection(db, scope) : undefined,
  ]);
  const sections: ReportSections = {};
  if (seriesInfo) sections.series_info = seriesInfo;
  if (books) {
    const list = capped(books.books, 'books', truncated);
    sections.books = books.chapters ? list.map((b) => ({ ...b, chapters: capped(books.chapters ?? [], 'books', truncated) })) : list;
  }
  if (characters) sections.characters = capped(characters, 'characters', truncated);
  if (locations) sections.locations = capped(locations, 'locations', truncated);
  if (organizations) sections.organizations = capped(organizations, 'organizations', truncated);
  if (plotThreads) sections.plot_threads = capped(plotThreads, 'plot_threads', truncated);
  if (world) sections.world_elements = { systems: capped(world.systems, 'world_elements', truncated), elements: capped(world.elements, 'world_elements', truncated) };
  if (timeline) sections.timeline_events = capped(timeline, 'timeline_events', truncated);
  if (arcs) sections.relationship_arcs = capped(arcs, 'relationship_arcs', truncated);

  const report: Report = {
    scope:
      scope.kind === 'series'
        ? { type: 'series', series_id: scope.series.id, series_title: scope.series.title }
        : {
            type: 'book',
            series_id: scope.series.id,
            series_title: scope.series.title,
            book_id: scope.book.id,
            book_title: scope.book.title,
            book_number: scope.book.book_number,
          },
    generated_at: new Date().toISOString(),
    include_sections: wanted,
    summary,
    sections,
    truncated: [...new Set(truncated)],
  };
  return { ...report, markdown: renderMarkdown(report) };
}
