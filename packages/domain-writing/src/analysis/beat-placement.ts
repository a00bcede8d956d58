import { countBySeverity, round, sortFindings, type Finding } from '../findings.js';
import type { BookInfo } from '../queries/books.js';
import type { ChapterRow, SceneRow } from '../queries/manuscript.js';
import type { PlotPointRow, PresenceRow, ThreadRow } from '../queries/story.js';
import { mapBook, midpoint, pct, spanOf, type BookMap, type Span } from './positions.js';

export const BEAT_ANALYSIS_TYPES = ['pacing', 'character_arcs', 'plot_threads', 'emotional_beats'] as const;
export type BeatAnalysisType = (typeof BEAT_ANALYSIS_TYPES)[number];

export interface BeatDefinition {
  beat: string;
  /** chapter_plot_points.plot_point_type values recognised as this beat (lower case). */
  names: readonly string[];
  /** Standard placement as a share of the book. */
  range: readonly [number, number];
  /** Key beats are reported as missing when no plot point names them. */
  key: boolean;
}

/**
 * The standard beats, in story order, with the plot_point_type names that
 * mark them and where they usually fall (three-act / Save the Cat ranges).
 * flexible_guidelines widens every range by FLEX on each side.
 */
export const STANDARD_BEATS: readonly BeatDefinition[] = [
  { beat: 'hook', names: ['hook', 'opening_image', 'opening'], range: [0, 0.05], key: false },
  { beat: 'inciting_incident', names: ['inciting_incident', 'catalyst', 'call_to_adventure'], range: [0.08, 0.15], key: true },
  {
    beat: 'first_plot_point',
    names: ['first_plot_point', 'plot_point_1', 'plot_point_one', 'break_into_two', 'end_of_act_one', 'lock_in'],
    range: [0.2, 0.3],
    key: false,
  },
  { beat: 'first_pinch_point', names: ['first_pinch_point', 'pinch_point_1', 'pinch_point_one'], range: [0.33, 0.42], key: false },
  { beat: 'midpoint', names: ['midpoint', 'mid_point', 'midpoint_reversal'], range: [0.45, 0.55], key: true },
  { beat: 'second_pinch_point', names: ['second_pinch_point', 'pinch_point_2', 'pinch_point_two'], range: [0.58, 0.67], key: false },
  {
    beat: 'second_plot_point',
    names: ['second_plot_point', 'plot_point_2', 'plot_point_two', 'all_is_lost', 'dark_moment', 'dark_night_of_the_soul', 'break_into_three', 'end_of_act_two'],
    range: [0.7, 0.8],
    key: false,
  },
  { beat: 'climax', names: ['climax', 'finale', 'final_battle', 'showdown'], range: [0.85, 0.95], key: true },
  { beat: 'resolution', names: ['resolution', 'denouement', 'final_image', 'falling_action'], range: [0.95, 1], key: false },
];
export const FLEX = 0.05;

export interface BeatInput {
  book: BookInfo;
  chapters: readonly ChapterRow[];
  scenes: readonly SceneRow[];
  plotPoints: readonly PlotPointRow[];
  presence: readonly PresenceRow[];
  arcs: readonly { id: number; character_id: number; name: string; arc_name: string | null }[];
  threads: readonly ThreadRow[];
  threadActivity: readonly { kind: string; id: number; thread_id: number | null; chapter_id: number; label: string | null }[];
  type: BeatAnalysisType;
  flexible: boolean;
}

function beatOf(type: string | null): BeatDefinition | undefined {
  const name = type?.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return name ? STANDARD_BEATS.find((b) => b.names.includes(name)) : undefined;
}

function widen(range: readonly [number, number], flexible: boolean): [number, number] {
  return flexible ? [Math.max(0, range[0] - FLEX), Math.min(1, range[1] + FLEX)] : [range[0], range[1]];
}

function spanText(span: Span): string {
  return span.end - span.start < 0.005 ? pct(span.start) : `${pct(span.start)}-${pct(span.end)}`;
}

/** What validate_beat_placement reports, per beat_analysis_type. */
export function validateBeatPlacement(input: BeatInput) {
  const { book, chapters, type, flexible } = input;
  const map = mapBook(chapters, input.scenes);
  const findings: Finding[] = [];
  const result: Record<string, unknown> = {
    book: { id: book.id, title: book.title },
    beat_analysis_type: type,
    flexible_guidelines: flexible,
    position_basis: map.basis,
  };
  if (chapters.length === 0) {
    findings.push({ severity: 'warning', type: 'no_chapters', message: `"${book.title}" has no chapters to analyse.` });
  } else if (type === 'pacing') {
    Object.assign(result, pacing(input, map, findings));
  } else if (type === 'character_arcs') {
    Object.assign(result, characterArcs(input, map, findings));
  } else if (type === 'plot_threads') {
    Object.assign(result, plotThreads(input, map, findings));
  } else {
    Object.assign(result, emotionalBeats(input, map, findings));
  }
  result.summary = { ...countBySeverity(findings), total: findings.length };
  result.findings = sortFindings(findings);
  return result;
}

function chapterNumberOf(chapters: readonly ChapterRow[], id: number): number | undefined {
  return chapters.find((c) => c.id === id)?.chapter_number;
}

function pacing(input: BeatInput, map: BookMap, findings: Finding[]) {
  const { chapters, flexible } = input;
  const beats: Record<string, unknown>[] = [];
  const other: Record<string, unknown>[] = [];
  const firstOf = new Map<string, { span: Span; chapter_number: number | undefined }>();
  for (const point of input.plotPoints) {
    const span = spanOf(map, point.chapter_id, point.scene_id, point.occurs_at_scene);
    if (!span) continue;
    const chapterNumber = chapterNumberOf(chapters, point.chapter_id);
    const definition = beatOf(point.plot_point_type);
    const base = {
      plot_point_id: point.id,
      plot_point_type: point.plot_point_type,
      chapter_id: point.chapter_id,
      chapter_number: chapterNumber,
      position: midpoint(span),
      span: { start: round(span.start, 3), end: round(span.end, 3) },
    };
    if (!definition) {
      other.push(base);
      continue;
    }
    const [lo, hi] = widen(definition.range, flexible);
    const placement = span.end < lo ? 'early' : span.start > hi ? 'late' : 'within_range';
    beats.push({ ...base, beat: definition.beat, expected_range: [round(lo, 3), round(hi, 3)], placement });
    const where = { chapter_id: point.chapter_id, chapter_number: chapterNumber };
    if (placement !== 'within_range') {
      findings.push({
        severity: 'warning',
        type: placement === 'early' ? 'beat_too_early' : 'beat_too_late',
        message: `The ${definition.beat} (chapter ${chapterNumber}) falls at ${spanText(span)} of the book; it usually falls between ${pct(lo)} and ${pct(hi)}.`,
        ...where,
        details: { beat: definition.beat, plot_point_id: point.id, position: midpoint(span), expected_range: [round(lo, 3), round(hi, 3)] },
      });
    }
    if (firstOf.has(definition.beat)) {
      findings.push({
        severity: 'info',
        type: 'duplicate_beat',
        message: `More than one plot point marks the ${definition.beat}; the first (chapter ${firstOf.get(definition.beat)?.chapter_number}) is used for ordering.`,
        ...where,
        details: { beat: definition.beat, plot_point_id: point.id },
      });
    } else firstOf.set(definition.beat, { span, chapter_number: chapterNumber });
  }
  for (const definition of STANDARD_BEATS.filter((b) => b.key)) {
    if (!firstOf.has(definition.beat)) {
      findings.push({
        severity: 'warning',
        type: 'missing_beat',
        message: `No plot point marks the ${definition.beat} (plot_point_type one of ${definition.names.join(', ')}).`,
        details: { beat: definition.beat },
      });
    }
  }
  const present = STANDARD_BEATS.filter((b) => firstOf.has(b.beat));
  for (let i = 1; i < present.length; i += 1) {
    const before = present[i - 1];
    const after = present[i];
    const a = before && firstOf.get(before.beat);
    const b = after && firstOf.get(after.beat);
    if (before && after && a && b && midpoint(b.span) < midpoint(a.span)) {
      findings.push({
        severity: 'warning',
        type: 'beat_out_of_order',
        message: `The ${after.beat} (chapter ${b.chapter_number}, ${pct(midpoint(b.span))}) comes before the ${before.beat} (chapter ${a.chapter_number}, ${pct(midpoint(a.span))}).`,
        chapter_number: b.chapter_number,
        details: { beat: after.beat, expected_after: before.beat },
      });
    }
  }

  const written = chapters.filter((c) => c.word_count > 0);
  const mean = written.length > 0 ? written.reduce((s, c) => s + c.word_count, 0) / written.length : 0;
  const [shortRatio, longRatio] = flexible ? [1 / 3, 2] : [0.5, 1.5];
  if (written.length >= 2) {
    for (const chapter of written) {
      const ratio = chapter.word_count / mean;
      if (ratio > longRatio || ratio < shortRatio) {
        const long = ratio > longRatio;
        findings.push({
          severity: 'warning',
          type: long ? 'chapter_too_long' : 'chapter_too_short',
          message: `Chapter ${chapter.chapter_number} has ${chapter.word_count} words, ${round(ratio)} times the mean of ${Math.round(mean)}.`,
          chapter_id: chapter.id,
          chapter_number: chapter.chapter_number,
          details: { word_count: chapter.word_count, mean: Math.round(mean), ratio: round(ratio), limit: round(long ? longRatio : shortRatio) },
          suggestion: long ? 'Consider splitting the chapter.' : 'Consider expanding it or merging it with a neighbour.',
        });
      }
    }
  }
  return {
    beats,
    other_plot_points: other,
    chapter_lengths: {
      mean: Math.round(mean),
      written_chapters: written.length,
      short_below: Math.round(mean * shortRatio),
      long_above: Math.round(mean * longRatio),
    },
    standard_beats: STANDARD_BEATS.map((b) => ({ beat: b.beat, plot_point_types: b.names, range: widen(b.range, flexible), key: b.key })),
  };
}

/** Chapters (and spans) where each character appears: presence other than "mentioned", POV, or scene participant. */
function appearances(input: BeatInput, map: BookMap): Map<number, Span[]> {
  const out = new Map<number, Span[]>();
  const add = (characterId: number, span: Span | undefined) => {
    if (span) out.set(characterId, [...(out.get(characterId) ?? []), span]);
  };
  for (const p of input.presence) if (p.presence_type !== 'mentioned') add(p.character_id, spanOf(map, p.chapter_id, p.scene_id));
  for (const c of input.chapters) if (c.pov_character_id !== null) add(c.pov_character_id, map.chapter.get(c.id));
  for (const s of input.scenes) {
    for (const id of new Set([s.pov_character_id, ...s.scene_participants])) if (id !== null) add(id, map.scene.get(s.id));
  }
  for (const [id, spans] of out) out.set(id, spans.sort((a, b) => a.start - b.start));
  return out;
}

function characterArcs(input: BeatInput, map: BookMap, findings: Finding[]) {
  const { flexible } = input;
  const lateStart = flexible ? 0.35 : 0.25;
  const earlyEnd = flexible ? 0.65 : 0.75;
  const longGap = flexible ? 0.4 : 0.3;
  const seen = appearances(input, map);
  if (input.arcs.length === 0) {
    findings.push({ severity: 'info', type: 'no_character_arcs', message: `No character arcs are recorded for "${input.book.title}" (create_character_arc).` });
  }
  const arcs = input.arcs.map((arc) => {
    const spans = seen.get(arc.character_id) ?? [];
    const affecting = input.plotPoints.filter((p) => p.affects_characters?.includes(arc.character_id)).length;
    const who = { character_id: arc.character_id };
    const label = `${arc.name}'s arc${arc.arc_name ? ` "${arc.arc_name}"` : ''}`;
    const first = spans[0];
    const last = spans.reduce<Span | undefined>((m, s) => (m === undefined || s.end > m.end ? s : m), undefined);
    if (!first || !last) {
      findings.push({ severity: 'error', type: 'arc_character_absent', message: `${label} is planned for this book, but ${arc.name} never appears in it.`, ...who });
    } else {
      if (first.start > lateStart) {
        findings.push({
          severity: 'warning',
          type: 'arc_starts_late',
          message: `${arc.name} first appears at ${pct(first.start)} of the book; an arc usually starts within the first ${pct(lateStart)}.`,
          ...who,
        });
      }
      if (last.end < earlyEnd) {
        findings.push({
          severity: 'warning',
          type: 'arc_ends_early',
          message: `${arc.name} last appears at ${pct(last.end)} of the book, so ${label} has no on-page ending (usually after ${pct(earlyEnd)}).`,
          ...who,
        });
      }
      let reach = first.end;
      for (const span of spans.slice(1)) {
        if (span.start - reach > longGap) {
          findings.push({
            severity: 'info',
            type: 'long_absence',
            message: `${arc.name} is absent from ${pct(reach)} to ${pct(span.start)} of the book.`,
            ...who,
            details: { from: round(reach, 3), to: round(span.start, 3) },
          });
        }
        reach = Math.max(reach, span.end);
      }
    }
    return {
      arc_id: arc.id,
      character_id: arc.character_id,
      name: arc.name,
      arc_name: arc.arc_name,
      appearances: spans.length,
      first_appearance: first ? round(first.start, 3) : null,
      last_appearance: last ? round(last.end, 3) : null,
      plot_points_affecting: affecting,
    };
  });
  return { arcs };
}

function plotThreads(input: BeatInput, map: BookMap, findings: Finding[]) {
  const { book, flexible } = input;
  const n = book.book_number;
  const lateEnough = flexible ? 0.65 : 0.75;
  const longGap = flexible ? 0.5 : 0.4;
  const relevant = input.threads.filter(
    (t) =>
      t.status !== 'abandoned' &&
      (n === null || ((t.start_book === null || t.start_book <= n) && (t.end_book === null || t.end_book >= n))),
  );
  const threads = relevant.map((thread) => {
    const touches = input.threadActivity
      .filter((a) => a.thread_id === thread.id)
      .map((a) => ({ ...a, span: map.chapter.get(a.chapter_id) }))
      .filter((a): a is typeof a & { span: Span } => a.span !== undefined)
      .sort((a, b) => a.span.start - b.span.start);
    const endsHere = n !== null && thread.end_book === n;
    const who = { details: { thread_id: thread.id, title: thread.title } };
    if (touches.length === 0) {
      findings.push({
        severity: endsHere ? 'warning' : 'info',
        type: 'thread_without_activity',
        message: `Plot thread "${thread.title}" is active in this book but no reveal or relationship change in its chapters belongs to it${endsHere ? ', although it is meant to end here' : ''}.`,
        ...who,
      });
    } else {
      const last = touches.reduce((m, t) => Math.max(m, t.span.end), 0);
      if (endsHere && last < lateEnough) {
        findings.push({
          severity: 'warning',
          type: 'thread_ends_without_payoff',
          message: `Plot thread "${thread.title}" is meant to end in this book, but its last activity is at ${pct(last)}.`,
          ...who,
        });
      }
      let reach = touches[0]?.span.end ?? 0;
      for (const touch of touches.slice(1)) {
        if (touch.span.start - reach > longGap) {
          findings.push({
            severity: 'info',
            type: 'thread_long_gap',
            message: `Plot thread "${thread.title}" goes untouched from ${pct(reach)} to ${pct(touch.span.start)} of the book.`,
            ...who,
          });
        }
        reach = Math.max(reach, touch.span.end);
      }
    }
    return {
      thread_id: thread.id,
      title: thread.title,
      status: thread.status,
      start_book: thread.start_book,
      end_book: thread.end_book,
      activity: touches.map((t) => ({
        kind: t.kind,
        id: t.id,
        chapter_id: t.chapter_id,
        chapter_number: chapterNumberOf(input.chapters, t.chapter_id),
        position: midpoint(t.span),
        label: t.label,
      })),
    };
  });
  return { threads };
}

function emotionalBeats(input: BeatInput, map: BookMap, findings: Finding[]) {
  const { chapters, scenes, flexible } = input;
  const finalShare = flexible ? 0.6 : 0.7;
  const flatRun = flexible ? 5 : 4;
  const curve = chapters
    .map((chapter) => {
      const rated = scenes.filter((s) => s.chapter_id === chapter.id && s.intensity_level !== null);
      const span = map.chapter.get(chapter.id) ?? { start: 0, end: 0 };
      const average = rated.length > 0 ? rated.reduce((sum, s) => sum + (s.intensity_level ?? 0), 0) / rated.length : null;
      const peak = rated.reduce<number | null>((m, s) => Math.max(m ?? 0, s.intensity_level ?? 0), null);
      return { chapter_id: chapter.id, chapter_number: chapter.chapter_number, position: midpoint(span), span, average_intensity: average === null ? null : round(average, 2), peak_intensity: peak, scenes_rated: rated.length };
    });
  const rated = curve.filter((c) => c.average_intensity !== null);
  if (rated.length === 0) {
    findings.push({
      severity: 'info',
      type: 'no_intensity_data',
      message: 'No scene of this book has an intensity_level, so its emotional shape cannot be analysed.',
      suggestion: 'Rate scenes 1-10 with update_scene intensity_level.',
    });
  } else {
    const overallPeak = Math.max(...rated.map((c) => c.peak_intensity ?? 0));
    const finalChapters = rated.filter((c) => c.span.end > finalShare);
    const finalPeak = finalChapters.length > 0 ? Math.max(...finalChapters.map((c) => c.peak_intensity ?? 0)) : null;
    if (finalPeak === null || finalPeak < overallPeak) {
      const top = rated.find((c) => c.peak_intensity === overallPeak);
      findings.push({
        severity: 'warning',
        type: 'climax_not_peak',
        message: `The most intense scene (${overallPeak}) is in chapter ${top?.chapter_number}, before the final ${pct(1 - finalShare)} of the book${finalPeak === null ? ', which has no rated scenes' : `, whose peak is ${finalPeak}`}.`,
        chapter_id: top?.chapter_id,
        chapter_number: top?.chapter_number,
        details: { overall_peak: overallPeak, final_peak: finalPeak },
      });
    }
    let runStart = 0;
    for (let i = 1; i <= rated.length; i += 1) {
      const run = rated.slice(runStart, i + 1);
      const values = run.map((c) => c.average_intensity ?? 0);
      const flat = i < rated.length && Math.max(...values) - Math.min(...values) <= 1;
      if (!flat) {
        const stretch = rated.slice(runStart, i);
        if (stretch.length >= flatRun) {
          findings.push({
            severity: 'warning',
            type: 'flat_stretch',
            message: `Chapters ${stretch[0]?.chapter_number}-${stretch[stretch.length - 1]?.chapter_number} stay within one point of intensity; the tension does not move.`,
            chapter_number: stretch[0]?.chapter_number,
            details: { chapters: stretch.map((c) => c.chapter_number) },
          });
        }
        runStart = i;
      }
    }
    const firstHalf = rated.filter((c) => c.position < 0.5);
    const secondHalf = rated.filter((c) => c.position >= 0.5);
    const avg = (list: typeof rated) => list.reduce((s, c) => s + (c.average_intensity ?? 0), 0) / list.length;
    if (firstHalf.length > 0 && secondHalf.length > 0 && avg(secondHalf) <= avg(firstHalf)) {
      findings.push({
        severity: 'info',
        type: 'no_rising_tension',
        message: `The second half averages ${round(avg(secondHalf), 1)} intensity against ${round(avg(firstHalf), 1)} in the first half; tension usually rises.`,
      });
    }
  }
  return {
    intensity_curve: curve.map(({ span: _span, ...rest }) => rest),
  };
}
