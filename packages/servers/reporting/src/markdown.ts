import type { Report } from './report.js';

/** A table cell: no line breaks, pipes escaped, empty for nothing. */
function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = Array.isArray(value) ? (value.length > 0 ? value.join(', ') : '—') : String(value);
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function table(headers: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '_None._\n';
  const head = `| ${headers.join(' | ')} |\n| ${headers.map(() => '---').join(' | ')} |\n`;
  return head + rows.map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n') + '\n';
}

const number = (n: number) => n.toLocaleString('en-US');

/** The report as a Markdown document: a heading per section, tables for lists, the counts up front. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const { scope, summary, sections } = report;
  out.push(
    scope.type === 'series'
      ? `# Series report: ${scope.series_title}\n`
      : `# Book report: ${scope.book_title}${scope.book_number ? ` (book ${scope.book_number})` : ''} — ${scope.series_title}\n`,
  );
  out.push(`_Generated ${report.generated_at}. Sections: ${report.include_sections.join(', ')}._\n`);
  out.push('## Summary\n');
  out.push(
    table(
      ['Books', 'Chapters', 'Scenes', 'Words', 'Characters', 'Locations', 'Organizations', 'Plot threads', 'World elements', 'Timeline events', 'Relationship arcs'],
      [
        [
          summary.books,
          summary.chapters,
          summary.scenes,
          number(summary.words),
          summary.characters,
          summary.locations,
          summary.organizations,
          summary.plot_threads,
          summary.world_elements,
          summary.timeline_events,
          summary.relationship_arcs,
        ],
      ],
    ),
  );

  const info = sections.series_info;
  if (info) {
    out.push(`## Series: ${info.title}\n`);
    out.push(`- Author: ${info.author.name}`);
    out.push(`- Status: ${info.status ?? '—'}${info.start_year ? `, started ${info.start_year}` : ''}`);
    out.push(`- Genres: ${info.genres.length > 0 ? info.genres.join(', ') : '—'}`);
    if (info.target_audience) out.push(`- Audience: ${info.target_audience}`);
    out.push(`- Books: ${info.book_count} (${Object.entries(info.books_by_status).map(([s, n]) => `${n} ${s}`).join(', ') || 'none'}), ${number(info.total_words)} words written`);
    if (info.description) out.push(`\n${info.description}`);
    out.push('');
  }

  if (sections.books) {
    out.push('## Books\n');
    out.push(
      table(
        ['#', 'Title', 'Status', 'Chapters', 'Scenes', 'Words', 'Target', 'Progress', 'POV characters'],
        sections.books.map((b) => [
          b.book_number,
          b.title,
          b.status,
          b.chapter_count,
          b.scene_count,
          number(b.word_count),
          b.target_word_count ? number(b.target_word_count) : null,
          b.progress_percent === null ? null : `${b.progress_percent}%`,
          b.pov_characters,
        ]),
      ),
    );
    for (const book of sections.books) {
      if (!book.chapters) continue;
      out.push(`### Chapters of ${book.title}\n`);
      out.push(
        table(
          ['#', 'Title', 'Status', 'Words', 'Scenes', 'POV', 'Characters present'],
          book.chapters.map((c) => [c.chapter_number, c.title, c.status, c.word_count === null ? null : number(c.word_count), c.scene_count, c.pov_character, c.characters_present]),
        ),
      );
    }
  }

  if (sections.characters) {
    out.push('## Characters\n');
    out.push(
      table(
        ['Name', 'Type', 'Status', 'First appears', 'Chapters present', 'POV chapters', 'Events', 'Relationship arcs', 'Plot threads'],
        sections.characters.map((c) => [
          c.name,
          c.character_type,
          c.status,
          c.first_appearance_book,
          c.chapters_present,
          c.pov_chapters,
          c.timeline_events,
          c.relationship_arcs,
          c.plot_threads,
        ]),
      ),
    );
  }

  if (sections.locations) {
    out.push('## Locations\n');
    out.push(
      table(
        ['Name', 'Type', 'Inside', 'Contains', 'Headquarters of', 'Uses', 'Books'],
        sections.locations.map((l) => [l.name, l.location_type, l.parent_location, l.sublocations, l.organizations_headquartered, l.usage_count, l.used_in_books]),
      ),
    );
  }

  if (sections.organizations) {
    out.push('## Organizations\n');
    out.push(
      table(
        ['Name', 'Type', 'Status', 'Influence', 'Headquarters', 'Parent', 'Uses'],
        sections.organizations.map((o) => [o.name, o.organization_type, o.status, o.influence_level, o.headquarters, o.parent_organization, o.usage_count]),
      ),
    );
  }

  if (sections.plot_threads) {
    out.push('## Plot threads\n');
    out.push(
      table(
        ['Title', 'Type', 'Status', 'Importance', 'Books', 'Resolved in', 'Characters', 'Reveals', 'Arcs'],
        sections.plot_threads.map((t) => [
          t.title,
          t.thread_type,
          t.status,
          t.importance_level,
          t.start_book || t.end_book ? `${t.start_book_title ?? t.start_book ?? '?'} → ${t.end_book_title ?? t.end_book ?? '?'}` : null,
          t.resolution_book_title ?? t.resolution_book,
          t.related_characters,
          t.reveals,
          t.relationship_arcs,
        ]),
      ),
    );
  }

  if (sections.world_elements) {
    out.push('## World\n');
    out.push('### Systems\n');
    out.push(table(['System', 'Type', 'Power source', 'Elements'], sections.world_elements.systems.map((s) => [s.system_name, s.system_type, s.power_source, s.element_count])));
    out.push('### Elements\n');
    out.push(
      table(
        ['Name', 'Type', 'System', 'Rarity', 'Power', 'Uses'],
        sections.world_elements.elements.map((e) => [e.name, e.element_type, e.system, e.rarity, e.power_level, e.usage_count]),
      ),
    );
  }

  if (sections.timeline_events) {
    out.push('## Timeline\n');
    out.push(
      table(
        ['#', 'Event', 'When', 'Significance', 'Book', 'Participants', 'Shown in'],
        sections.timeline_events.map((e) => [
          e.sort_order,
          e.event_name,
          e.event_date ?? e.time_period,
          e.significance,
          e.book,
          e.participants.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)),
          e.shown_in.map((s) => `${s.book} ch. ${s.chapter_number}`),
        ]),
      ),
    );
  }

  if (sections.relationship_arcs) {
    out.push('## Relationship arcs\n');
    out.push(
      table(
        ['Arc', 'Type', 'Participants', 'Plot thread', 'Dynamics', 'Net tension', 'Latest change'],
        sections.relationship_arcs.map((a) => [
          a.arc_name,
          a.relationship_type,
          a.participants.map((p) => (p.role ? `${p.name ?? '?'} (${p.role})` : (p.name ?? '?'))),
          a.plot_thread,
          a.dynamics,
          a.net_tension_change,
          a.latest_change,
        ]),
      ),
    );
  }

  if (report.truncated.length > 0) out.push(`_Lists cut at 1000 rows: ${report.truncated.join(', ')}._\n`);
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
