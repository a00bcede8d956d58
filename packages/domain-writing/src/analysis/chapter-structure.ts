import { countBySeverity, round, sortFindings, type Finding } from '../findings.js';
import type { BookInfo } from '../queries/books.js';
import type { ChapterRow, CharacterRow, SceneRow } from '../queries/manuscript.js';

export const VALIDATION_LEVELS = ['basic', 'detailed', 'comprehensive'] as const;
export type ValidationLevel = (typeof VALIDATION_LEVELS)[number];

export interface ChapterStructureInput {
  book: BookInfo;
  /** Every chapter of the book (numbering is checked across all of them). */
  chapters: readonly ChapterRow[];
  scenes: readonly SceneRow[];
  /** Characters named by the chapters' and scenes' POV ids. */
  characters: readonly CharacterRow[];
  /** Chapters to check one by one; all when undefined. */
  chapterIds?: readonly number[];
  level: ValidationLevel;
}

/** Deviation from a chapter's target word count that is worth a note, and one worth a warning. */
export const TARGET_NOTE = 0.25;
export const TARGET_WARNING = 0.5;

function missingRange(from: number, to: number): string {
  return from === to ? `chapter ${from} is missing` : `chapters ${from}-${to} are missing`;
}

/**
 * basic: missing title, no scenes, no POV (neither chapter nor any scene), gaps in chapter numbering.
 * detailed (default) adds: word count more than 25% (note) or 50% (warning) from the chapter's target,
 *   chapter word count not equal to the sum of its scenes, gaps in scene numbering, scenes without POV in
 *   a chapter without one, and the POV distribution.
 * comprehensive adds: missing summary, chapter length outliers (under half or over twice the mean of the
 *   written chapters), POV characters from another series.
 */
export function validateChapterStructure(input: ChapterStructureInput) {
  const { book, chapters, scenes, level } = input;
  const detailed = level !== 'basic';
  const comprehensive = level === 'comprehensive';
  const characters = new Map(input.characters.map((c) => [c.id, c]));
  const findings: Finding[] = [];
  const scenesOf = new Map<number, SceneRow[]>();
  for (const scene of scenes) scenesOf.set(scene.chapter_id, [...(scenesOf.get(scene.chapter_id) ?? []), scene]);

  const numbers = chapters.map((c) => c.chapter_number).sort((a, b) => a - b);
  const first = numbers[0];
  if (first !== undefined && first > 1) {
    findings.push({
      severity: 'warning',
      type: 'chapter_number_gap',
      message: `Chapter numbering starts at ${first}: ${missingRange(1, first - 1)}.`,
      details: { after: null, before: first },
      suggestion: 'Renumber the chapters or add the missing ones.',
    });
  }
  for (let i = 1; i < numbers.length; i += 1) {
    const a = numbers[i - 1] ?? 0;
    const b = numbers[i] ?? 0;
    if (b > a + 1) {
      findings.push({
        severity: 'warning',
        type: 'chapter_number_gap',
        message: `Chapter numbering jumps from ${a} to ${b}: ${missingRange(a + 1, b - 1)}.`,
        details: { after: a, before: b },
        suggestion: 'Renumber the chapters or add the missing ones.',
      });
    }
  }

  const selected = input.chapterIds ? chapters.filter((c) => input.chapterIds?.includes(c.id)) : [...chapters];
  const written = chapters.filter((c) => c.word_count > 0);
  const meanLength = written.length > 0 ? written.reduce((sum, c) => sum + c.word_count, 0) / written.length : 0;

  for (const chapter of selected) {
    const where = { chapter_id: chapter.id, chapter_number: chapter.chapter_number };
    const own = scenesOf.get(chapter.id) ?? [];
    const scenePovs = [...new Set(own.map((s) => s.pov_character_id).filter((id): id is number => id !== null))];
    if (!chapter.title?.trim()) {
      findings.push({ severity: 'warning', type: 'missing_title', message: `Chapter ${chapter.chapter_number} has no title.`, ...where });
    }
    if (own.length === 0) {
      findings.push({
        severity: 'warning',
        type: 'no_scenes',
        message: `Chapter ${chapter.chapter_number} has no scenes.`,
        ...where,
        suggestion: 'Break the chapter into scenes (create_scene) so its structure can be tracked.',
      });
    }
    if (chapter.pov_character_id === null && scenePovs.length === 0) {
      findings.push({
        severity: 'warning',
        type: 'missing_pov',
        message: `Chapter ${chapter.chapter_number} has no POV character, neither on the chapter nor on any of its scenes.`,
        ...where,
      });
    }
    if (detailed) {
      const target = chapter.target_word_count;
      if (target && target > 0 && chapter.word_count > 0) {
        const deviation = Math.abs(chapter.word_count - target) / target;
        if (deviation > TARGET_NOTE) {
          findings.push({
            severity: deviation > TARGET_WARNING ? 'warning' : 'info',
            type: 'word_count_off_target',
            message: `Chapter ${chapter.chapter_number} has ${chapter.word_count} words against a target of ${target} (${chapter.word_count > target ? '+' : '-'}${Math.round(deviation * 100)}%).`,
            ...where,
            details: { word_count: chapter.word_count, target_word_count: target, deviation_percentage: round(deviation * 100, 1) },
          });
        }
      }
      if (own.length > 0) {
        const sceneTotal = own.reduce((sum, s) => sum + s.word_count, 0);
        if (sceneTotal !== chapter.word_count) {
          findings.push({
            severity: 'warning',
            type: 'word_count_mismatch',
            message: `Chapter ${chapter.chapter_number} records ${chapter.word_count} words but its scenes add up to ${sceneTotal}.`,
            ...where,
            details: { word_count: chapter.word_count, scene_total: sceneTotal },
          });
        }
        const sceneNumbers = own.map((s) => s.scene_number).sort((a, b) => a - b);
        const expected = sceneNumbers.every((n, i) => n === i + 1);
        if (!expected) {
          findings.push({
            severity: 'info',
            type: 'scene_number_gap',
            message: `Scenes of chapter ${chapter.chapter_number} are numbered ${sceneNumbers.join(', ')} rather than 1 to ${sceneNumbers.length}.`,
            ...where,
          });
        }
        if (chapter.pov_character_id === null && scenePovs.length > 0) {
          for (const scene of own.filter((s) => s.pov_character_id === null)) {
            findings.push({
              severity: 'info',
              type: 'scene_missing_pov',
              message: `Scene ${scene.scene_number} of chapter ${chapter.chapter_number} has no POV character (the chapter has none either).`,
              ...where,
              scene_id: scene.id,
              scene_number: scene.scene_number,
            });
          }
        }
      }
    }
    if (comprehensive) {
      if (!chapter.summary?.trim()) {
        findings.push({ severity: 'info', type: 'missing_summary', message: `Chapter ${chapter.chapter_number} has no summary.`, ...where });
      }
      if (chapter.word_count > 0 && written.length >= 2) {
        const ratio = chapter.word_count / meanLength;
        if (ratio > 2 || ratio < 0.5) {
          findings.push({
            severity: 'info',
            type: 'length_outlier',
            message: `Chapter ${chapter.chapter_number} (${chapter.word_count} words) is ${ratio > 2 ? 'over twice' : 'under half'} the mean chapter length of ${Math.round(meanLength)} words.`,
            ...where,
            details: { word_count: chapter.word_count, mean: Math.round(meanLength), ratio: round(ratio) },
          });
        }
      }
      const povIds = [chapter.pov_character_id, ...scenePovs].filter((id): id is number => id !== null);
      for (const id of new Set(povIds)) {
        const character = characters.get(id);
        if (character && character.series_id !== book.series_id) {
          findings.push({
            severity: 'error',
            type: 'pov_not_in_series',
            message: `Chapter ${chapter.chapter_number} is told from ${character.name} (character ${id}), who belongs to another series.`,
            ...where,
            character_id: id,
          });
        }
      }
    }
  }

  const counts = countBySeverity(findings);
  const issuesPerChapter = new Map<number, number>();
  for (const f of findings) if (f.chapter_id !== undefined) issuesPerChapter.set(f.chapter_id, (issuesPerChapter.get(f.chapter_id) ?? 0) + 1);
  const result: Record<string, unknown> = {
    book: { id: book.id, title: book.title },
    validation_level: level,
    chapters_checked: selected.length,
    summary: { ...counts, total: findings.length, is_valid: counts.error === 0 && counts.warning === 0 },
    issues: sortFindings(findings),
    chapters: selected.map((c) => ({
      chapter_id: c.id,
      chapter_number: c.chapter_number,
      title: c.title,
      scene_count: scenesOf.get(c.id)?.length ?? 0,
      word_count: c.word_count,
      target_word_count: c.target_word_count,
      pov_character_id: c.pov_character_id,
      issues: issuesPerChapter.get(c.id) ?? 0,
    })),
  };
  if (detailed) result.pov_distribution = povDistribution(selected, scenesOf, characters);
  return result;
}

function povDistribution(
  chapters: readonly ChapterRow[],
  scenesOf: ReadonlyMap<number, SceneRow[]>,
  characters: ReadonlyMap<number, CharacterRow>,
) {
  const tally = new Map<number, { chapters: number[]; scenes: number }>();
  let chaptersWithPov = 0;
  for (const chapter of chapters) {
    const own = scenesOf.get(chapter.id) ?? [];
    const povs = new Set<number>();
    if (chapter.pov_character_id !== null) povs.add(chapter.pov_character_id);
    for (const scene of own) {
      const pov = scene.pov_character_id ?? chapter.pov_character_id;
      if (pov === null) continue;
      const entry = tally.get(pov) ?? { chapters: [], scenes: 0 };
      entry.scenes += 1;
      tally.set(pov, entry);
      if (chapter.pov_character_id === null) povs.add(pov);
    }
    if (povs.size > 0) chaptersWithPov += 1;
    for (const pov of povs) {
      const entry = tally.get(pov) ?? { chapters: [], scenes: 0 };
      entry.chapters.push(chapter.chapter_number);
      tally.set(pov, entry);
    }
  }
  return [...tally.entries()]
    .map(([id, entry]) => ({
      character_id: id,
      name: characters.get(id)?.name ?? null,
      chapters: entry.chapters.length,
      chapter_numbers: entry.chapters,
      scenes: entry.scenes,
      share_of_chapters: chaptersWithPov > 0 ? round((entry.chapters.length / chaptersWithPov) * 100, 1) : 0,
    }))
    .sort((a, b) => b.chapters - a.chapters || a.character_id - b.character_id);
}
