import { round } from '../findings.js';
import type { ChapterRow, SceneRow } from '../queries/manuscript.js';

/** Where something sits in the book, as shares of the whole (0 = first word, 1 = last word). */
export interface Span {
  start: number;
  end: number;
}

export interface BookMap {
  /** word_count when the chapters have words; chapter_order (each chapter an equal share) otherwise. */
  basis: 'word_count' | 'chapter_order';
  chapter: Map<number, Span>;
  scene: Map<number, Span>;
  /** Scene id by chapter id and scene number. */
  sceneByNumber: Map<number, Map<number, number>>;
}

export function midpoint(span: Span): number {
  return round((span.start + span.end) / 2, 3);
}

/**
 * Maps chapters and scenes to their share of the book. By word count when
 * the book has words (a chapter covers its words' share; its scenes split
 * that share by their own words, or equally when they have none), else by
 * chapter order.
 */
export function mapBook(chapters: readonly ChapterRow[], scenes: readonly SceneRow[]): BookMap {
  const total = chapters.reduce((sum, c) => sum + c.word_count, 0);
  const basis = total > 0 ? 'word_count' : 'chapter_order';
  const chapter = new Map<number, Span>();
  let cumulative = 0;
  chapters.forEach((c, index) => {
    const span =
      basis === 'word_count'
        ? { start: cumulative / total, end: (cumulative + c.word_count) / total }
        : { start: index / chapters.length, end: (index + 1) / chapters.length };
    cumulative += c.word_count;
    chapter.set(c.id, span);
  });
  const scene = new Map<number, Span>();
  const sceneByNumber = new Map<number, Map<number, number>>();
  const byChapter = new Map<number, SceneRow[]>();
  for (const s of scenes) byChapter.set(s.chapter_id, [...(byChapter.get(s.chapter_id) ?? []), s]);
  for (const [chapterId, own] of byChapter) {
    const span = chapter.get(chapterId);
    if (!span) continue;
    const numbers = new Map<number, number>();
    const words = own.reduce((sum, s) => sum + s.word_count, 0);
    let before = 0;
    own.forEach((s, index) => {
      const width = span.end - span.start;
      const from = words > 0 ? before / words : index / own.length;
      const to = words > 0 ? (before + s.word_count) / words : (index + 1) / own.length;
      before += s.word_count;
      scene.set(s.id, { start: span.start + from * width, end: span.start + to * width });
      numbers.set(s.scene_number, s.id);
    });
    sceneByNumber.set(chapterId, numbers);
  }
  return { basis, chapter, scene, sceneByNumber };
}

/** The span of a scene when it is known (by id, or by number within the chapter), else of the chapter. */
export function spanOf(map: BookMap, chapterId: number, sceneId?: number | null, sceneNumber?: number | null): Span | undefined {
  const bySceneId = sceneId !== null && sceneId !== undefined ? map.scene.get(sceneId) : undefined;
  if (bySceneId) return bySceneId;
  if (sceneNumber !== null && sceneNumber !== undefined) {
    const id = map.sceneByNumber.get(chapterId)?.get(sceneNumber);
    const span = id !== undefined ? map.scene.get(id) : undefined;
    if (span) return span;
  }
  return map.chapter.get(chapterId);
}

export function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}
