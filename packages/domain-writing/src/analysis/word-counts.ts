import { percent } from '../findings.js';
import type { BookInfo } from '../queries/books.js';
import type { ChapterRow, SceneRow } from '../queries/manuscript.js';
import { lengthStats } from './stats.js';

export const TRACKING_LEVELS = ['book', 'chapter', 'scene', 'detailed'] as const;
export type TrackingLevel = (typeof TRACKING_LEVELS)[number];

export interface WordCountInput {
  book: BookInfo;
  chapters: readonly ChapterRow[];
  scenes: readonly SceneRow[];
  level: TrackingLevel;
  calculateTargets: boolean;
}

function targetStatus(words: number, target: number | null): 'no_target' | 'target_met' | 'under_target' {
  if (!target) return 'no_target';
  return words >= target ? 'target_met' : 'under_target';
}

function targetFields(words: number, target: number | null) {
  return {
    target_word_count: target,
    completion_percentage: target ? percent(words, target) : null,
    variance: target ? words - target : null,
    target_status: targetStatus(words, target),
  };
}

/** Book, chapter and scene word counts against their targets, completion and the spread of chapter lengths. */
export function wordCountTracking(input: WordCountInput) {
  const { book, chapters, scenes, level, calculateTargets } = input;
  const scenesByChapter = new Map<number, SceneRow[]>();
  for (const scene of scenes) {
    const list = scenesByChapter.get(scene.chapter_id) ?? [];
    list.push(scene);
    scenesByChapter.set(scene.chapter_id, list);
  }
  const chapterTotal = chapters.reduce((sum, c) => sum + c.word_count, 0);
  const sceneTotal = scenes.reduce((sum, s) => sum + s.word_count, 0);
  const current = chapters.length > 0 ? chapterTotal : (book.actual_word_count ?? 0);
  const written = chapters.filter((c) => c.word_count > 0);
  const stats = lengthStats(written.map((c) => c.word_count));
  const shortest = written.reduce<ChapterRow | undefined>((m, c) => (m === undefined || c.word_count < m.word_count ? c : m), undefined);
  const longest = written.reduce<ChapterRow | undefined>((m, c) => (m === undefined || c.word_count > m.word_count ? c : m), undefined);

  const result: Record<string, unknown> = {
    tracking_level: level,
    book: {
      id: book.id,
      title: book.title,
      status: book.status,
      current_word_count: current,
      actual_word_count: book.actual_word_count ?? 0,
      chapter_word_total: chapterTotal,
      scene_word_total: sceneTotal,
      chapter_count: chapters.length,
      scene_count: scenes.length,
    },
    distribution: {
      written_chapters: written.length,
      unwritten_chapters: chapters.length - written.length,
      chapter_lengths: stats,
      shortest_chapter: shortest ? { chapter_id: shortest.id, chapter_number: shortest.chapter_number, word_count: shortest.word_count } : null,
      longest_chapter: longest ? { chapter_id: longest.id, chapter_number: longest.chapter_number, word_count: longest.word_count } : null,
    },
  };

  if (calculateTargets) {
    const withTarget = chapters.filter((c) => (c.target_word_count ?? 0) > 0);
    const scenesWithTarget = scenes.filter((s) => (s.target_word_count ?? 0) > 0);
    result.targets = {
      book: {
        current_words: current,
        ...targetFields(current, book.target_word_count),
        words_remaining: book.target_word_count ? Math.max(0, book.target_word_count - current) : null,
      },
      chapters_with_target: withTarget.length,
      chapters_target_met: withTarget.filter((c) => c.word_count >= (c.target_word_count ?? 0)).length,
      chapter_target_total: withTarget.reduce((sum, c) => sum + (c.target_word_count ?? 0), 0),
      scenes_with_target: scenesWithTarget.length,
      scenes_target_met: scenesWithTarget.filter((s) => s.word_count >= (s.target_word_count ?? 0)).length,
    };
  }

  const sceneItem = (scene: SceneRow, chapterNumber: number | undefined) => ({
    scene_id: scene.id,
    chapter_id: scene.chapter_id,
    chapter_number: chapterNumber,
    scene_number: scene.scene_number,
    scene_title: scene.scene_title,
    writing_status: scene.writing_status,
    word_count: scene.word_count,
    ...(calculateTargets ? targetFields(scene.word_count, scene.target_word_count) : {}),
  });
  const chapterItem = (chapter: ChapterRow) => {
    const own = scenesByChapter.get(chapter.id) ?? [];
    return {
      chapter_id: chapter.id,
      chapter_number: chapter.chapter_number,
      title: chapter.title,
      status: chapter.status,
      word_count: chapter.word_count,
      share_of_book: percent(chapter.word_count, chapterTotal),
      scene_count: own.length,
      scene_word_total: own.reduce((sum, s) => sum + s.word_count, 0),
      ...(calculateTargets ? targetFields(chapter.word_count, chapter.target_word_count) : {}),
    };
  };

  if (level === 'chapter') result.chapters = chapters.map(chapterItem);
  if (level === 'scene') {
    result.scenes = chapters.flatMap((c) => (scenesByChapter.get(c.id) ?? []).map((s) => sceneItem(s, c.chapter_number)));
  }
  if (level === 'detailed') {
    result.chapters = chapters.map((c) => ({
      ...chapterItem(c),
      scenes: (scenesByChapter.get(c.id) ?? []).map((s) => sceneItem(s, c.chapter_number)),
    }));
    const statusWords: Record<string, { scenes: number; words: number }> = {};
    for (const scene of scenes) {
      const key = scene.writing_status ?? 'unset';
      const entry = statusWords[key] ?? { scenes: 0, words: 0 };
      entry.scenes += 1;
      entry.words += scene.word_count;
      statusWords[key] = entry;
    }
    result.scene_lengths = lengthStats(scenes.filter((s) => s.word_count > 0).map((s) => s.word_count));
    result.words_by_writing_status = statusWords;
    result.consistency = {
      book_count_matches_chapters: (book.actual_word_count ?? 0) === chapterTotal,
      chapters_not_matching_scenes: chapters
        .filter((c) => (scenesByChapter.get(c.id)?.length ?? 0) > 0)
        .map((c) => ({ chapter_id: c.id, chapter_number: c.chapter_number, word_count: c.word_count, scene_total: (scenesByChapter.get(c.id) ?? []).reduce((s, x) => s + x.word_count, 0) }))
        .filter((c) => c.word_count !== c.scene_total),
    };
  }
  return result;
}
