import type { KnowledgeRow } from '@mcp-writing/domain-characters';
import type { EventRow, PlotPointRow, PresenceRow, SceneRow, SeriesChapter } from '../queries/continuity.js';
import { keywordStems, mentionsAny, normaliseItem, sameItem, textStems } from './text.js';

/**
 * check_character_continuity, as pure functions over rows already read.
 *
 * States. A field's value in a chapter comes from the character's presence
 * record there (physical_state, emotional_state; location = the presence's
 * scene location, else the chapter's primary_location). Flashback and dream
 * records are skipped (they show another time); location counts only where
 * the character is present. The records with a value from `from` to `to`,
 * preceded by the last earlier record when `from` has none (the state carried
 * into the range), are walked in reading order; every change of value between
 * two consecutive records (chapters i < j; case and punctuation ignored) is a
 * change.
 *
 * Explained. A change is explained when, in a chapter after i up to and
 * including j, something about the character mentions a word of the old or
 * the new value or a cue word of the field (physical: heal, wound, fight...;
 * emotional: grief, betray, confess...; location: travel, arrive, flee...).
 * "About the character": their own presence record (growth, decisions,
 * learns, reveals, goals, obstacles, arrival/departure...), a scene whose POV
 * or participants include them, a plot point affecting them, a timeline event
 * they take part in or whose mapping is from their POV, or any of these or a
 * chapter summary naming them (name, full name, first name, alias). For
 * location, an arrival_method in i+1..j or a departure_method in i..j-1 also
 * explains the move. Unexplained changes are reported as issues.
 *
 * Knowledge. Learning comes from character_knowledge rows (their chapter,
 * or their book when no chapter is recorded; levels knows/suspects) and from
 * learns_this_chapter; revealing from reveals_this_chapter. Items match when
 * equal or when one is contained in the other as whole words. Reported: what
 * is learned after `from` up to `to`; a reveal in from..to of something the
 * character only learns later (revealed_before_learned); learning in
 * from..to of something already known from an earlier chapter, with no
 * "forgot"/"unaware" record in between (learned_again).
 */

export const STATE_FIELDS = ['physical_state', 'emotional_state', 'location'] as const;
export type StateField = (typeof STATE_FIELDS)[number];
export type CheckType = StateField | 'knowledge' | 'all';

const CUES: Record<StateField, Set<string>> = {
  physical_state: stems(
    'heal healer healed wound wounded injure injury hurt recover recovery cure treat treatment bandage splint attack ' +
      'fight battle sick illness fever poison surgery medicine doctor physician broken break bleed blood beaten torture ' +
      'accident stab shot burn collapse faint scar',
  ),
  emotional_state: stems(
    'grief grieve mourn betray betrayal reconcile argue argument quarrel confess confession forgive apology apologize ' +
      'news death dies killed loss love kiss fear threat victory defeat realize discovers comfort reunion reunite ' +
      'rejection reject humiliate praise promise',
  ),
  location: stems(
    'travel travels journey ride rides rode sail sails fly flies flew walk walks arrive arrives return returns leave ' +
      'leaves flee flees fled escape escapes move moves drive drove went reach reaches depart departs kidnap kidnapped ' +
      'carried taken ship train road march voyage trek portal teleport exile moved',
  ),
};

function stems(list: string): Set<string> {
  return keywordStems(list);
}

export interface IndexedChapter extends SeriesChapter {
  idx: number;
}

export interface ChapterLabel {
  chapter_id: number;
  book_id: number;
  book_number: number | null;
  chapter_number: number;
  chapter_title: string | null;
}

export function labelOf(chapter: IndexedChapter): ChapterLabel {
  return {
    chapter_id: chapter.id,
    book_id: chapter.book_id,
    book_number: chapter.book_number,
    chapter_number: chapter.chapter_number,
    chapter_title: chapter.title,
  };
}

function where(chapter: IndexedChapter): string {
  return `book ${chapter.book_number ?? `#${chapter.book_id}`}, chapter ${chapter.chapter_number} (chapter ${chapter.id})`;
}

export interface CharacterInfo {
  id: number;
  name: string;
  full_name: string | null;
  aliases: string[] | null;
}

export interface ContinuityInput {
  character: CharacterInfo;
  chapters: IndexedChapter[];
  fromIdx: number;
  toIdx: number;
  presence: PresenceRow[];
  knowledge: KnowledgeRow[];
  scenes: SceneRow[];
  plotPoints: PlotPointRow[];
  events: EventRow[];
  checkType: CheckType;
}

interface StateRecord {
  idx: number;
  value: string;
  presence_id: number;
}

export interface Explanation {
  source: 'presence' | 'scene' | 'plot_point' | 'chapter' | 'event';
  source_id: number;
  chapter_id: number;
  matched: string[];
  excerpt: string;
}

export interface StateChange {
  field: StateField;
  from_value: string;
  to_value: string;
  from_chapter: ChapterLabel;
  to_chapter: ChapterLabel;
  explained: boolean;
  explanations: Explanation[];
}

export interface ContinuityIssue {
  type: 'unexplained_change' | 'revealed_before_learned' | 'learned_again';
  severity: 'warning' | 'error';
  field?: StateField | 'knowledge';
  chapter_id: number;
  message: string;
  details: Record<string, unknown>;
}

export interface KnowledgeLearned {
  knowledge_item: string;
  knowledge_category: string | null;
  knowledge_level: string | null;
  chapter: ChapterLabel;
  source: 'character_knowledge' | 'presence';
  source_id: number;
}

export interface ContinuityResult {
  states: Partial<Record<StateField, { at_from: string | null; at_to: string | null }>>;
  changes: StateChange[];
  knowledge_learned: KnowledgeLearned[];
  issues: ContinuityIssue[];
}

interface PresenceAt extends PresenceRow {
  idx: number;
}

const NOT_NOW = new Set(['flashback', 'dream']);

function fieldValue(p: PresenceAt, field: StateField): string | null {
  const type = p.presence_type.toLowerCase();
  if (NOT_NOW.has(type)) return null;
  if (field === 'location' && type !== 'present') return null;
  const value = p[field];
  return value !== null && value.trim() !== '' ? value.trim() : null;
}

/** The field's records in from..to, preceded by the carried-in record when `from` has none. */
function stateSequence(presence: PresenceAt[], field: StateField, fromIdx: number, toIdx: number) {
  const records: StateRecord[] = [];
  for (const p of presence) {
    const value = fieldValue(p, field);
    if (value !== null) records.push({ idx: p.idx, value, presence_id: p.id });
  }
  const before = records.filter((r) => r.idx < fromIdx).at(-1);
  const inRange = records.filter((r) => r.idx >= fromIdx && r.idx <= toIdx);
  const sequence = before && inRange[0]?.idx !== fromIdx ? [before, ...inRange] : inRange;
  const atFrom = records.filter((r) => r.idx <= fromIdx).at(-1);
  const atTo = records.filter((r) => r.idx <= toIdx).at(-1);
  return { sequence, atFrom: atFrom?.value ?? null, atTo: atTo?.value ?? null };
}

/**
 * First chapter index evidence can come from: right after the earliest
 * record carried into the range (a field's last value before `from`), else `from`.
 */
export function evidenceWindowStart(
  presence: readonly PresenceRow[],
  chapters: readonly IndexedChapter[],
  fromIdx: number,
  checkType: CheckType,
): number {
  const idxOf = new Map(chapters.map((c) => [c.id, c.idx]));
  let start = fromIdx;
  for (const field of STATE_FIELDS.filter((f) => checkType === 'all' || checkType === f)) {
    let carried = -1;
    for (const p of presence) {
      const idx = idxOf.get(p.chapter_id);
      if (idx === undefined || idx >= fromIdx || idx <= carried) continue;
      if (fieldValue({ ...p, idx }, field) !== null) carried = idx;
    }
    if (carried >= 0) start = Math.min(start, carried + 1);
  }
  return start;
}

interface EvidenceItem {
  idx: number;
  chapter_id: number;
  source: Explanation['source'];
  source_id: number;
  text: string;
  stems: Map<string, string>;
}

function joinText(parts: readonly (string | readonly string[] | null | undefined)[]): string {
  return parts
    .flatMap((p) => (p === null || p === undefined ? [] : typeof p === 'string' ? [p] : p))
    .filter((p) => p.trim() !== '')
    .join(' | ');
}

function evidenceItems(input: ContinuityInput, presence: PresenceAt[], idxOf: Map<number, number>): EvidenceItem[] {
  const { character } = input;
  const names = [character.name, character.full_name ?? '', ...(character.aliases ?? [])].filter((n) => n.trim() !== '');
  const first = character.name.trim().split(/\s+/)[0];
  if (first && first !== character.name.trim() && first.length >= 3) names.push(first);
  const items: EvidenceItem[] = [];
  const add = (chapterId: number | null, source: Explanation['source'], id: number, text: string, tied: boolean) => {
    if (chapterId === null || text === '') return;
    const idx = idxOf.get(chapterId);
    if (idx === undefined) return;
    if (!tied && !mentionsAny(text, names)) return;
    items.push({ idx, chapter_id: chapterId, source, source_id: id, text, stems: textStems(text) });
  };
  for (const p of presence) {
    add(
      p.chapter_id,
      'presence',
      p.id,
      joinText([
        p.character_growth,
        p.key_decisions,
        p.mistakes_made,
        p.goals_in_chapter,
        p.obstacles_faced,
        p.learns_this_chapter,
        p.reveals_this_chapter,
        p.suspects_this_chapter,
        p.notable_appearance_details,
        p.arrival_method,
        p.departure_method,
      ]),
      true,
    );
  }
  for (const s of input.scenes) {
    const tied = s.pov_character_id === character.id || (s.scene_participants ?? []).includes(character.id);
    add(s.chapter_id, 'scene', s.id, joinText([s.scene_title, s.summary, s.scene_outline, s.notes]), tied);
  }
  for (const pp of input.plotPoints) {
    const tied = (pp.affects_characters ?? []).includes(character.id);
    const text = joinText([
      pp.event_description,
      pp.changes_relationships,
      pp.reveals_information,
      pp.creates_conflicts,
      pp.resolves_conflicts,
      pp.immediate_consequences,
      pp.long_term_consequences,
    ]);
    add(pp.chapter_id, 'plot_point', pp.id, text, tied);
  }
  for (const c of input.chapters) {
    if (c.summary) add(c.id, 'chapter', c.id, c.summary, c.pov_character_id === character.id);
  }
  for (const e of input.events) {
    const tied = Boolean(e.character_takes_part) || e.pov_character_id === character.id;
    add(e.chapter_id, 'event', e.id, joinText([e.event_name, e.event_description, e.event_aspect, e.narrative_function]), tied);
  }
  return items;
}

function excerpt(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 197)}...`;
}

function explain(
  field: StateField,
  oldValue: StateRecord,
  newValue: StateRecord,
  evidence: EvidenceItem[],
  presence: PresenceAt[],
): Explanation[] {
  const terms = new Set([...keywordStems(oldValue.value), ...keywordStems(newValue.value), ...CUES[field]]);
  const found: Explanation[] = [];
  for (const item of evidence) {
    if (item.idx <= oldValue.idx || item.idx > newValue.idx) continue;
    const matched = [...item.stems].filter(([s]) => terms.has(s)).map(([, word]) => word);
    if (matched.length > 0) {
      found.push({ source: item.source, source_id: item.source_id, chapter_id: item.chapter_id, matched, excerpt: excerpt(item.text) });
    }
  }
  if (field === 'location') {
    for (const p of presence) {
      const arrives = p.idx > oldValue.idx && p.idx <= newValue.idx && p.arrival_method?.trim();
      const departs = p.idx >= oldValue.idx && p.idx < newValue.idx && p.departure_method?.trim();
      if (arrives || departs) {
        found.push({
          source: 'presence',
          source_id: p.id,
          chapter_id: p.chapter_id,
          matched: [arrives ? 'arrival_method' : 'departure_method'],
          excerpt: excerpt((arrives || departs) as string),
        });
      }
    }
  }
  return found;
}

const KNOWING_LEVELS = new Set(['knows', 'suspects']);
const UNKNOWING_LEVELS = new Set(['forgot', 'unaware']);

interface Learning {
  item: string;
  category: string | null;
  level: string | null;
  /** First and last chapter index it may have been learned in (one chapter, or a whole book). */
  minIdx: number;
  maxIdx: number;
  exact: boolean;
  source: KnowledgeLearned['source'];
  source_id: number;
}

function learnings(input: ContinuityInput, presence: PresenceAt[], idxOf: Map<number, number>): Learning[] {
  const bookRange = new Map<number, { min: number; max: number }>();
  for (const c of input.chapters) {
    const range = bookRange.get(c.book_id);
    if (range) range.max = c.idx;
    else bookRange.set(c.book_id, { min: c.idx, max: c.idx });
  }
  const list: Learning[] = [];
  for (const k of input.knowledge) {
    const base = { item: k.knowledge_item, category: k.knowledge_category, level: k.knowledge_level ?? 'knows', source: 'character_knowledge' as const, source_id: k.id };
    const idx = k.learned_chapter_id === null ? undefined : idxOf.get(k.learned_chapter_id);
    if (idx !== undefined) {
      list.push({ ...base, minIdx: idx, maxIdx: idx, exact: true });
    } else if (k.learned_book_id !== null) {
      const range = bookRange.get(k.learned_book_id);
      if (range) list.push({ ...base, minIdx: range.min, maxIdx: range.max, exact: false });
    }
  }
  for (const p of presence) {
    for (const item of p.learns_this_chapter ?? []) {
      if (item.trim() === '') continue;
      list.push({ item, category: null, level: 'knows', minIdx: p.idx, maxIdx: p.idx, exact: true, source: 'presence', source_id: p.id });
    }
  }
  return list;
}

export function analyseContinuity(input: ContinuityInput): ContinuityResult {
  const { chapters, fromIdx, toIdx, checkType } = input;
  const idxOf = new Map(chapters.map((c) => [c.id, c.idx]));
  const presence: PresenceAt[] = input.presence
    .flatMap((p) => {
      const idx = idxOf.get(p.chapter_id);
      return idx === undefined ? [] : [{ ...p, idx }];
    })
    .sort((a, b) => a.idx - b.idx);
  const chapterAt = (idx: number) => chapters[idx] as IndexedChapter;
  const result: ContinuityResult = { states: {}, changes: [], knowledge_learned: [], issues: [] };

  const fields = STATE_FIELDS.filter((f) => checkType === 'all' || checkType === f);
  const evidence = fields.length > 0 ? evidenceItems(input, presence, idxOf) : [];
  for (const field of fields) {
    const { sequence, atFrom, atTo } = stateSequence(presence, field, fromIdx, toIdx);
    result.states[field] = { at_from: atFrom, at_to: atTo };
    for (let n = 1; n < sequence.length; n += 1) {
      const before = sequence[n - 1] as StateRecord;
      const after = sequence[n] as StateRecord;
      if (normaliseItem(before.value) === normaliseItem(after.value)) continue;
      const explanations = explain(field, before, after, evidence, presence);
      const change: StateChange = {
        field,
        from_value: before.value,
        to_value: after.value,
        from_chapter: labelOf(chapterAt(before.idx)),
        to_chapter: labelOf(chapterAt(after.idx)),
        explained: explanations.length > 0,
        explanations,
      };
      result.changes.push(change);
      if (!change.explained) {
        result.issues.push({
          type: 'unexplained_change',
          severity: 'warning',
          field,
          chapter_id: chapterAt(after.idx).id,
          message:
            `${input.character.name}'s ${field.replace('_', ' ')} changes from "${before.value}" (${where(chapterAt(before.idx))}) ` +
            `to "${after.value}" (${where(chapterAt(after.idx))}) and nothing in between explains it.`,
          details: { from_value: before.value, to_value: after.value, from_chapter_id: chapterAt(before.idx).id, to_chapter_id: chapterAt(after.idx).id },
        });
      }
    }
  }

  if (checkType === 'all' || checkType === 'knowledge') {
    const learned = learnings(input, presence, idxOf);
    for (const l of learned) {
      if (l.exact && l.minIdx > fromIdx && l.minIdx <= toIdx && l.level !== null && KNOWING_LEVELS.has(l.level)) {
        result.knowledge_learned.push({
          knowledge_item: l.item,
          knowledge_category: l.category,
          knowledge_level: l.level,
          chapter: labelOf(chapterAt(l.minIdx)),
          source: l.source,
          source_id: l.source_id,
        });
      }
    }
    result.knowledge_learned.sort((a, b) => (idxOf.get(a.chapter.chapter_id) ?? 0) - (idxOf.get(b.chapter.chapter_id) ?? 0));
    const knowing = learned.filter((l) => l.level !== null && KNOWING_LEVELS.has(l.level));

    // Revealed before learned.
    for (const p of presence) {
      if (p.idx < fromIdx || p.idx > toIdx) continue;
      for (const item of p.reveals_this_chapter ?? []) {
        const matches = knowing.filter((l) => sameItem(l.item, item));
        if (matches.length === 0 || matches.some((l) => l.minIdx <= p.idx)) continue;
        const earliest = matches.reduce((a, b) => (b.minIdx < a.minIdx ? b : a));
        result.issues.push({
          type: 'revealed_before_learned',
          severity: 'error',
          field: 'knowledge',
          chapter_id: chapterAt(p.idx).id,
          message:
            `${input.character.name} reveals "${item}" in ${where(chapterAt(p.idx))} but learns it only in ` +
            `${earliest.exact ? where(chapterAt(earliest.minIdx)) : `book ${chapterAt(earliest.minIdx).book_number ?? ''}`.trim()}.`,
          details: { knowledge_item: item, revealed_chapter_id: chapterAt(p.idx).id, learned_chapter_id: chapterAt(earliest.minIdx).id, learned_source: earliest.source, learned_source_id: earliest.source_id },
        });
      }
    }

    // Learned again.
    const reported = new Set<string>();
    for (const l of knowing) {
      if (!l.exact || l.level !== 'knows' || l.minIdx < fromIdx || l.minIdx > toIdx) continue;
      const earlier = knowing.filter(
        (e) => e !== l && e.level === 'knows' && e.maxIdx < l.minIdx && sameItem(e.item, l.item),
      );
      const prior = earlier.reduce<Learning | undefined>((a, b) => (!a || b.maxIdx > a.maxIdx ? b : a), undefined);
      if (!prior) continue;
      const forgotBetween = input.knowledge.some((k) => {
        if (k.knowledge_level === null || !UNKNOWING_LEVELS.has(k.knowledge_level) || !sameItem(k.knowledge_item, l.item)) return false;
        const idx = k.learned_chapter_id === null ? undefined : idxOf.get(k.learned_chapter_id);
        return idx !== undefined && idx > prior.maxIdx && idx <= l.minIdx;
      });
      if (forgotBetween) continue;
      const key = `${normaliseItem(l.item)}\u0000${l.minIdx}`;
      if (reported.has(key)) continue;
      reported.add(key);
      result.issues.push({
        type: 'learned_again',
        severity: 'warning',
        field: 'knowledge',
        chapter_id: chapterAt(l.minIdx).id,
        message:
          `${input.character.name} learns "${l.item}" in ${where(chapterAt(l.minIdx))} but already knew it from ` +
          `${prior.exact ? where(chapterAt(prior.maxIdx)) : `book ${chapterAt(prior.maxIdx).book_number ?? ''}`.trim()}.`,
        details: {
          knowledge_item: l.item,
          learned_chapter_id: chapterAt(l.minIdx).id,
          learned_source: l.source,
          learned_source_id: l.source_id,
          already_known_chapter_id: chapterAt(prior.maxIdx).id,
          already_known_source: prior.source,
          already_known_source_id: prior.source_id,
        },
      });
    }
  }
  result.issues.sort((a, b) => (idxOf.get(a.chapter_id) ?? 0) - (idxOf.get(b.chapter_id) ?? 0));
  return result;
}
