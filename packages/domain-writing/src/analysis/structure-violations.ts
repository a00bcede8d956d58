import { atLeast, countBySeverity, sortFindings, type Finding, type Severity } from '../findings.js';
import type { BookInfo } from '../queries/books.js';
import type { KnowledgeRow, MappingRow } from '../queries/continuity.js';
import type { ChapterRow, CharacterRow, SceneRow } from '../queries/manuscript.js';
import type { PresenceRow, ThreadRow } from '../queries/story.js';

export const VIOLATION_TYPES = [
  'character_continuity',
  'timeline_consistency',
  'pov_consistency',
  'location_consistency',
  'plot_holes',
] as const;
export type ViolationType = (typeof VIOLATION_TYPES)[number];

export interface ViolationInput {
  book: BookInfo;
  chapters: readonly ChapterRow[];
  scenes: readonly SceneRow[];
  /** Characters of the series plus any other character a scene or presence names. */
  characters: readonly CharacterRow[];
  seriesBooks: readonly { id: number; title: string; book_number: number | null }[];
  presence: readonly PresenceRow[];
  knowledge: readonly KnowledgeRow[];
  mappings: readonly MappingRow[];
  locations: readonly { id: number; name: string; parent_location_id: number | null }[];
  locationUsage: readonly { id: number; element_id: number; chapter_id: number; chapter_number: number; name: string | null; series_id: number | null }[];
  threads: readonly ThreadRow[];
  /** Parent threads outside the series (or missing: absent from this list). */
  parentThreads: readonly { id: number; series_id: number; title: string }[];
  types: readonly ViolationType[];
  threshold: Severity;
}

type Violation = Finding & { violation_type: ViolationType };

/** Presence types where the character is physically in the chapter's present action. */
const ON_STAGE = new Set(['present', 'flashback', 'dream', 'phone_call']);
/** Mapping presentation types that show an event as it happens (null is read as a direct scene). */
const DIRECT = new Set(['direct_scene']);
const CLOSED_THREAD = new Set(['resolved', 'abandoned']);

function norm(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * check_structure_violations. Rules, by violation type:
 * - character_continuity: a character on stage (presence present/flashback/dream/phone_call, POV or scene
 *   participant) in this book while their first_appearance_book_id is a later book (error); a scene naming a
 *   character of another series or one that does not exist (error); a character revealing an item in an
 *   earlier chapter than the one character_knowledge.learned_chapter_id says they learned it (error);
 *   presence learns_this_chapter naming an item whose recorded learned chapter is another one (warning).
 * - timeline_consistency: event mappings shown as direct scenes (presentation_type direct_scene or unset),
 *   in reading order, whose event's sort_order is earlier than an event already shown directly (error: it
 *   needs a flashback or reordering); a flashback/memory of an event later than every event shown so far
 *   (warning: it has not happened yet); a mapped event of another series (error).
 * - pov_consistency: a scene whose POV differs from its chapter's POV (warning); a chapter without POV
 *   whose scenes use several POVs (info); a POV character whose presence in that chapter is only
 *   "mentioned" (warning); an event mapping whose POV differs from its scene's POV (warning).
 * - location_consistency (only when the series has locations): a scene or chapter location naming no
 *   location of the series (warning); a character in two scenes of one chapter at the same time_of_day
 *   but different locations (warning); a location usage in this book of a location that is missing or
 *   belongs to another series (error).
 * - plot_holes: a thread meant to end in this book (end_book = book_number) not resolved or abandoned
 *   (warning); a thread past its end_book still open (warning); a resolved thread without resolution_book
 *   (info); a thread whose parent thread is missing or in another series (error); an open thread whose
 *   parent is resolved or abandoned (warning). start_book/end_book/resolution_book are book numbers.
 */
export function checkStructureViolations(input: ViolationInput) {
  const all: Violation[] = [];
  const chapterById = new Map(input.chapters.map((c) => [c.id, c]));
  const checks: Record<ViolationType, () => void> = {
    character_continuity: () => characterContinuity(input, chapterById, all),
    timeline_consistency: () => timelineConsistency(input, chapterById, all),
    pov_consistency: () => povConsistency(input, chapterById, all),
    location_consistency: () => locationConsistency(input, chapterById, all),
    plot_holes: () => plotHoles(input, all),
  };
  for (const type of input.types) checks[type]();
  const reported = sortFindings(all.filter((v) => atLeast(v.severity, input.threshold)));
  const byType: Record<string, number> = {};
  for (const type of input.types) byType[type] = reported.filter((v) => v.violation_type === type).length;
  return {
    book: { id: input.book.id, title: input.book.title },
    violation_types_checked: input.types,
    severity_threshold: input.threshold,
    summary: {
      ...countBySeverity(reported),
      total: reported.length,
      below_threshold: all.length - reported.length,
      by_type: byType,
    },
    violations: reported,
  };
}

function at(chapter: ChapterRow | undefined) {
  return chapter ? { chapter_id: chapter.id, chapter_number: chapter.chapter_number } : {};
}

function characterContinuity(input: ViolationInput, chapterById: Map<number, ChapterRow>, out: Violation[]) {
  const push = (v: Finding) => out.push({ ...v, violation_type: 'character_continuity' });
  const { book } = input;
  const characters = new Map(input.characters.map((c) => [c.id, c]));
  const bookNumberOf = new Map(input.seriesBooks.map((b) => [b.id, b]));
  const firstSeen = new Map<number, { chapter: ChapterRow; how: string }>();
  const note = (characterId: number, chapter: ChapterRow | undefined, how: string) => {
    if (!chapter) return;
    const prior = firstSeen.get(characterId);
    if (!prior || chapter.chapter_number < prior.chapter.chapter_number) firstSeen.set(characterId, { chapter, how });
  };
  for (const p of input.presence) if (ON_STAGE.has(p.presence_type)) note(p.character_id, chapterById.get(p.chapter_id), `present (${p.presence_type})`);
  for (const c of input.chapters) if (c.pov_character_id !== null) note(c.pov_character_id, c, 'the POV character');
  const reportedUnknown = new Set<string>();
  for (const s of input.scenes) {
    const chapter = chapterById.get(s.chapter_id);
    const ids = [...new Set([s.pov_character_id, ...s.scene_participants])].filter((id): id is number => id !== null);
    for (const id of ids) {
      const character = characters.get(id);
      if (!character || character.series_id !== book.series_id) {
        const key = `${s.id}:${id}`;
        if (reportedUnknown.has(key)) continue;
        reportedUnknown.add(key);
        push({
          severity: 'error',
          type: character ? 'character_not_in_series' : 'unknown_character',
          message: character
            ? `Scene ${s.scene_number} of chapter ${chapter?.chapter_number} includes ${character.name} (character ${id}), who belongs to another series.`
            : `Scene ${s.scene_number} of chapter ${chapter?.chapter_number} lists character ${id}, which does not exist.`,
          ...at(chapter),
          scene_id: s.id,
          scene_number: s.scene_number,
          character_id: id,
        });
        continue;
      }
      note(id, chapter, id === s.pov_character_id ? 'the POV character' : 'a scene participant');
    }
  }
  for (const [id, seen] of [...firstSeen].sort((a, b) => a[0] - b[0])) {
    const character = characters.get(id);
    if (!character || character.first_appearance_book_id === null) continue;
    const first = bookNumberOf.get(character.first_appearance_book_id);
    if (!first || first.book_number === null || book.book_number === null) continue;
    if (first.book_number > book.book_number) {
      push({
        severity: 'error',
        type: 'appears_before_introduction',
        message: `${character.name} is ${seen.how} in chapter ${seen.chapter.chapter_number} of book ${book.book_number}, but their first appearance is set to book ${first.book_number} ("${first.title}").`,
        ...at(seen.chapter),
        character_id: id,
        suggestion: 'Set first_appearance_book_id to this book, or remove the character from these chapters.',
      });
    }
  }

  const order = (bookNumber: number | null, chapterNumber: number): [number, number] => [bookNumber ?? 0, chapterNumber];
  const before = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  const learned = new Map<string, KnowledgeRow[]>();
  for (const k of input.knowledge) {
    const key = `${k.character_id}:${norm(k.knowledge_item)}`;
    learned.set(key, [...(learned.get(key) ?? []), k]);
  }
  for (const p of input.presence) {
    const chapter = chapterById.get(p.chapter_id);
    if (!chapter) continue;
    const here = order(book.book_number, chapter.chapter_number);
    const name = characters.get(p.character_id)?.name ?? `character ${p.character_id}`;
    for (const item of p.reveals_this_chapter ?? []) {
      const records = learned.get(`${p.character_id}:${norm(item)}`) ?? [];
      if (records.length === 0) continue;
      const earliest = records.reduce((m, k) =>
        before(order(k.learned_book_number, k.learned_chapter_number), order(m.learned_book_number, m.learned_chapter_number)) ? k : m,
      );
      if (before(here, order(earliest.learned_book_number, earliest.learned_chapter_number))) {
        push({
          severity: 'error',
          type: 'knowledge_before_learning',
          message: `${name} reveals "${item}" in chapter ${chapter.chapter_number}, but learns it in chapter ${earliest.learned_chapter_number}${earliest.learned_book_id !== book.id ? ` of book ${earliest.learned_book_number}` : ''}.`,
          ...at(chapter),
          character_id: p.character_id,
          details: { knowledge_id: earliest.id, knowledge_item: earliest.knowledge_item, learned_chapter_id: earliest.learned_chapter_id },
        });
      }
    }
    for (const item of p.learns_this_chapter ?? []) {
      const records = learned.get(`${p.character_id}:${norm(item)}`) ?? [];
      if (records.length === 0 || records.some((k) => k.learned_chapter_id === chapter.id)) continue;
      const record = records[0];
      if (!record) continue;
      push({
        severity: 'warning',
        type: 'knowledge_chapter_mismatch',
        message: `${name} learns "${item}" in chapter ${chapter.chapter_number} according to their presence record, but the knowledge record says chapter ${record.learned_chapter_number}${record.learned_book_id !== book.id ? ` of book ${record.learned_book_number}` : ''}.`,
        ...at(chapter),
        character_id: p.character_id,
        details: { knowledge_id: record.id, learned_chapter_id: record.learned_chapter_id },
      });
    }
  }
}

function timelineConsistency(input: ViolationInput, chapterById: Map<number, ChapterRow>, out: Violation[]) {
  const push = (v: Finding) => out.push({ ...v, violation_type: 'timeline_consistency' });
  const mappings = [...input.mappings].sort((a, b) => {
    const ca = chapterById.get(a.chapter_id)?.chapter_number ?? 0;
    const cb = chapterById.get(b.chapter_id)?.chapter_number ?? 0;
    return ca - cb || (a.scene_number ?? 0) - (b.scene_number ?? 0) || a.id - b.id;
  });
  let latest: MappingRow | undefined;
  for (const m of mappings) {
    const chapter = chapterById.get(m.chapter_id);
    const where = { ...at(chapter), ...(m.scene_number !== null ? { scene_number: m.scene_number } : {}) };
    if (m.event_series_id !== input.book.series_id) {
      push({
        severity: 'error',
        type: 'event_from_other_series',
        message: `Chapter ${chapter?.chapter_number} shows event "${m.event_name}", which belongs to another series.`,
        ...where,
        details: { mapping_id: m.id, event_id: m.event_id },
      });
      continue;
    }
    if (m.sort_order === null) continue;
    const direct = m.presentation_type === null || DIRECT.has(m.presentation_type);
    if (direct) {
      if (latest && latest.sort_order !== null && m.sort_order < latest.sort_order) {
        const latestChapter = chapterById.get(latest.chapter_id);
        push({
          severity: 'error',
          type: 'event_out_of_order',
          message: `"${m.event_name}" is shown as a direct scene in chapter ${chapter?.chapter_number}, after "${latest.event_name}" (chapter ${latestChapter?.chapter_number}) although it happens earlier in the timeline.`,
          ...where,
          details: { mapping_id: m.id, event_id: m.event_id, sort_order: m.sort_order, after_event_id: latest.event_id, after_sort_order: latest.sort_order },
          suggestion: 'Present it as a flashback or memory (update_event_mapping), or reorder the chapters.',
        });
      } else if (!latest || latest.sort_order === null || m.sort_order >= latest.sort_order) {
        latest = m;
      }
    } else if (
      (m.presentation_type === 'flashback' || m.presentation_type === 'memory') &&
      latest &&
      latest.sort_order !== null &&
      m.sort_order > latest.sort_order
    ) {
      push({
        severity: 'warning',
        type: 'flashback_to_future',
        message: `"${m.event_name}" is shown as a ${m.presentation_type} in chapter ${chapter?.chapter_number}, but it happens after every event shown so far ("${latest.event_name}").`,
        ...where,
        details: { mapping_id: m.id, event_id: m.event_id },
        suggestion: 'Use foreshadowing or dream, or show it as a direct scene later.',
      });
    }
  }
}

function povConsistency(input: ViolationInput, chapterById: Map<number, ChapterRow>, out: Violation[]) {
  const push = (v: Finding) => out.push({ ...v, violation_type: 'pov_consistency' });
  const names = new Map(input.characters.map((c) => [c.id, c.name]));
  const name = (id: number) => names.get(id) ?? `character ${id}`;
  const presence = new Map(input.presence.map((p) => [`${p.chapter_id}:${p.character_id}`, p]));
  for (const chapter of input.chapters) {
    const own = input.scenes.filter((s) => s.chapter_id === chapter.id);
    const where = at(chapter);
    if (chapter.pov_character_id !== null) {
      for (const s of own) {
        if (s.pov_character_id !== null && s.pov_character_id !== chapter.pov_character_id) {
          push({
            severity: 'warning',
            type: 'scene_pov_differs',
            message: `Scene ${s.scene_number} of chapter ${chapter.chapter_number} is told from ${name(s.pov_character_id)}, but the chapter's POV is ${name(chapter.pov_character_id)}.`,
            ...where,
            scene_id: s.id,
            scene_number: s.scene_number,
            character_id: s.pov_character_id,
          });
        }
      }
    } else {
      const povs = [...new Set(own.map((s) => s.pov_character_id).filter((id): id is number => id !== null))];
      if (povs.length > 1) {
        push({
          severity: 'info',
          type: 'mixed_pov_chapter',
          message: `Chapter ${chapter.chapter_number} has no POV of its own and its scenes switch between ${povs.map(name).join(', ')}.`,
          ...where,
        });
      }
    }
    const povIds = new Set([chapter.pov_character_id, ...own.map((s) => s.pov_character_id)].filter((id): id is number => id !== null));
    for (const id of povIds) {
      const p = presence.get(`${chapter.id}:${id}`);
      if (p && p.presence_type === 'mentioned') {
        push({
          severity: 'warning',
          type: 'pov_not_present',
          message: `${name(id)} tells (part of) chapter ${chapter.chapter_number} but is only "mentioned" there according to their presence record.`,
          ...where,
          character_id: id,
        });
      }
    }
  }
  for (const m of input.mappings) {
    if (m.pov_character_id === null || m.scene_number === null) continue;
    const scene = input.scenes.find((s) => s.chapter_id === m.chapter_id && s.scene_number === m.scene_number);
    const chapter = chapterById.get(m.chapter_id);
    const scenePov = scene?.pov_character_id ?? chapter?.pov_character_id ?? null;
    if (scene && scenePov !== null && scenePov !== m.pov_character_id) {
      push({
        severity: 'warning',
        type: 'event_pov_mismatch',
        message: `"${m.event_name}" is mapped to scene ${m.scene_number} of chapter ${chapter?.chapter_number} from ${name(m.pov_character_id)}'s POV, but that scene is told from ${name(scenePov)}.`,
        ...at(chapter),
        scene_id: scene.id,
        scene_number: scene.scene_number,
        details: { mapping_id: m.id, event_id: m.event_id },
      });
    }
  }
}

function locationConsistency(input: ViolationInput, chapterById: Map<number, ChapterRow>, out: Violation[]) {
  const push = (v: Finding) => out.push({ ...v, violation_type: 'location_consistency' });
  for (const u of input.locationUsage) {
    if (u.series_id !== input.book.series_id) {
      push({
        severity: 'error',
        type: u.series_id === null ? 'unknown_location_used' : 'location_from_other_series',
        message:
          u.series_id === null
            ? `Chapter ${u.chapter_number} records the use of location ${u.element_id}, which does not exist.`
            : `Chapter ${u.chapter_number} uses location "${u.name}", which belongs to another series.`,
        ...at(chapterById.get(u.chapter_id)),
        details: { usage_id: u.id, location_id: u.element_id },
      });
    }
  }
  if (input.locations.length > 0) {
    const known = input.locations.map((l) => norm(l.name));
    const matches = (text: string) => {
      const t = norm(text);
      return known.some((name) => t === name || new RegExp(`(^|[^\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(t));
    };
    for (const chapter of input.chapters) {
      if (chapter.primary_location?.trim() && !matches(chapter.primary_location)) {
        push({
          severity: 'warning',
          type: 'unknown_location',
          message: `Chapter ${chapter.chapter_number}'s primary location "${chapter.primary_location}" is not a location of the series.`,
          ...at(chapter),
          suggestion: 'Create the location (create_location) or use the name of an existing one.',
        });
      }
    }
    for (const s of input.scenes) {
      if (s.location?.trim() && !matches(s.location)) {
        const chapter = chapterById.get(s.chapter_id);
        push({
          severity: 'warning',
          type: 'unknown_location',
          message: `Scene ${s.scene_number} of chapter ${chapter?.chapter_number} is set at "${s.location}", which is not a location of the series.`,
          ...at(chapter),
          scene_id: s.id,
          scene_number: s.scene_number,
        });
      }
    }
  }
  const names = new Map(input.characters.map((c) => [c.id, c.name]));
  for (const chapter of input.chapters) {
    const own = input.scenes.filter((s) => s.chapter_id === chapter.id && s.time_of_day?.trim() && s.location?.trim());
    const reported = new Set<string>();
    for (let i = 0; i < own.length; i += 1) {
      for (let j = i + 1; j < own.length; j += 1) {
        const a = own[i];
        const b = own[j];
        if (!a || !b) continue;
        if (norm(a.time_of_day ?? '') !== norm(b.time_of_day ?? '') || norm(a.location ?? '') === norm(b.location ?? '')) continue;
        const inA = new Set([a.pov_character_id, ...a.scene_participants]);
        for (const id of new Set([b.pov_character_id, ...b.scene_participants])) {
          if (id === null || !inA.has(id) || reported.has(`${id}:${a.time_of_day}`)) continue;
          reported.add(`${id}:${a.time_of_day}`);
          push({
            severity: 'warning',
            type: 'character_in_two_places',
            message: `${names.get(id) ?? `Character ${id}`} is at "${a.location}" in scene ${a.scene_number} and at "${b.location}" in scene ${b.scene_number} of chapter ${chapter.chapter_number}, both in the ${a.time_of_day}.`,
            ...at(chapter),
            scene_id: b.id,
            scene_number: b.scene_number,
            character_id: id,
          });
        }
      }
    }
  }
}

function plotHoles(input: ViolationInput, out: Violation[]) {
  const push = (v: Finding) => out.push({ ...v, violation_type: 'plot_holes' });
  const n = input.book.book_number;
  const inSeries = new Map(input.threads.map((t) => [t.id, t]));
  const elsewhere = new Map(input.parentThreads.map((t) => [t.id, t]));
  for (const t of input.threads) {
    if (n !== null && t.start_book !== null && t.start_book > n) continue;
    const details = { thread_id: t.id, title: t.title, status: t.status };
    const open = !CLOSED_THREAD.has(t.status ?? '');
    if (n !== null && t.end_book === n && open) {
      push({
        severity: 'warning',
        type: 'thread_unresolved',
        message: `Plot thread "${t.title}" is meant to end in this book (book ${n}) but is still ${t.status ?? 'open'}.`,
        details,
        suggestion: 'Resolve it (resolve_plot_thread) or move its end_book.',
      });
    }
    if (n !== null && t.end_book !== null && t.end_book < n && open) {
      push({
        severity: 'warning',
        type: 'thread_overdue',
        message: `Plot thread "${t.title}" was meant to end in book ${t.end_book} but is still ${t.status ?? 'open'}.`,
        details,
      });
    }
    if (t.status === 'resolved' && t.resolution_book === null) {
      push({ severity: 'info', type: 'resolution_not_recorded', message: `Plot thread "${t.title}" is resolved but records no resolution book.`, details });
    }
    if (t.parent_thread_id !== null) {
      const parent = inSeries.get(t.parent_thread_id);
      if (!parent) {
        const other = elsewhere.get(t.parent_thread_id);
        push({
          severity: 'error',
          type: 'orphaned_thread',
          message: other
            ? `Plot thread "${t.title}" hangs under "${other.title}", a thread of another series.`
            : `Plot thread "${t.title}" hangs under thread ${t.parent_thread_id}, which does not exist.`,
          details: { ...details, parent_thread_id: t.parent_thread_id },
        });
      } else if (open && CLOSED_THREAD.has(parent.status ?? '')) {
        push({
          severity: 'warning',
          type: 'orphaned_subthread',
          message: `Plot thread "${t.title}" is still ${t.status ?? 'open'} although its parent "${parent.title}" is ${parent.status}.`,
          details: { ...details, parent_thread_id: parent.id },
        });
      }
    }
  }
}
