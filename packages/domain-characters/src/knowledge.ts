import { compareBooks, compareChapters, type ChapterPosition } from './queries/chapters.js';
import type { KnowledgeRow } from './queries/knowledge.js';

/**
 * How a knowledge row relates to a chapter asked about:
 * - learned_by_then: learned in that chapter or an earlier one (or in an earlier book);
 * - learned_later: learned in a later chapter or book;
 * - timing_unknown: no chapter recorded and learned in the same book, or neither chapter nor book recorded.
 */
export type AsOfStatus = 'learned_by_then' | 'learned_later' | 'timing_unknown';

/** Per item: what the character's knowledge of it is (at the chapter asked about, or at the latest record). */
export interface KnowledgeItemState {
  knowledge_category: string;
  knowledge_item: string;
  /** knows / suspects / forgot / unaware; "unaware" when every record of it is learned later. */
  knowledge_level: string;
  /** known: a record counts; not_yet_learned: all records are later; timing_unknown: only undated records. */
  status: 'known' | 'not_yet_learned' | 'timing_unknown';
  /** The record the level comes from. */
  knowledge_id: number;
  learned_chapter_id: number | null;
  learned_book_id: number | null;
}

export interface KnowledgeAssessment {
  knowledge: (KnowledgeRow & { as_of_status?: AsOfStatus })[];
  items: KnowledgeItemState[];
  /** Some item's decisive record says the character knows it. */
  knows: boolean;
  /** Some item's decisive record says the character suspects it. */
  suspects: boolean;
}

function hasChapter(row: KnowledgeRow): row is KnowledgeRow & { learned_chapter_number: number; learned_book_id: number } {
  return row.learned_chapter_number !== null && row.learned_book_id !== null;
}

/**
 * Reading order of knowledge rows: rows with neither chapter nor book first
 * (background the character brings into the story), then by book, chapter
 * (a row with a book but no chapter after that book's chapters), scene, id.
 */
export function compareKnowledge(a: KnowledgeRow, b: KnowledgeRow): number {
  const aBook = a.learned_book_id;
  const bBook = b.learned_book_id;
  if (aBook === null || bBook === null) {
    if (aBook === null && bBook !== null) return -1;
    if (aBook !== null && bBook === null) return 1;
    return a.id - b.id;
  }
  const byBook = compareBooks(
    { book_number: a.learned_book_number, book_id: aBook },
    { book_number: b.learned_book_number, book_id: bBook },
  );
  if (byBook !== 0) return byBook;
  const aChapter = a.learned_chapter_number ?? Number.MAX_SAFE_INTEGER;
  const bChapter = b.learned_chapter_number ?? Number.MAX_SAFE_INTEGER;
  return aChapter - bChapter || (a.learned_scene ?? 0) - (b.learned_scene ?? 0) || a.id - b.id;
}

export function asOfStatus(row: KnowledgeRow, asOf: ChapterPosition): AsOfStatus {
  if (hasChapter(row)) {
    const cmp = compareChapters(
      { book_number: row.learned_book_number, book_id: row.learned_book_id, chapter_number: row.learned_chapter_number },
      asOf,
    );
    return cmp <= 0 ? 'learned_by_then' : 'learned_later';
  }
  if (row.learned_book_id !== null) {
    const cmp = compareBooks({ book_number: row.learned_book_number, book_id: row.learned_book_id }, asOf);
    if (cmp < 0) return 'learned_by_then';
    if (cmp > 0) return 'learned_later';
  }
  return 'timing_unknown';
}

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * What the character knows, item by item. Without `asOf` the decisive record
 * of an item is its latest one; with `asOf` it is the latest one learned by
 * that chapter (learning in that chapter counts: by its end they know it).
 * An item whose records are all later is "not_yet_learned" (level unaware);
 * one whose only candidates are undated is "timing_unknown".
 */
export function assessKnowledge(rows: readonly KnowledgeRow[], asOf?: ChapterPosition): KnowledgeAssessment {
  const ordered = [...rows].sort(compareKnowledge);
  const knowledge: (KnowledgeRow & { as_of_status?: AsOfStatus })[] = ordered.map((row) =>
    asOf ? { ...row, as_of_status: asOfStatus(row, asOf) } : { ...row },
  );
  const groups = new Map<string, typeof knowledge>();
  for (const row of knowledge) {
    const key = `${normalise(row.knowledge_category)}\u0000${normalise(row.knowledge_item)}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const items: KnowledgeItemState[] = [];
  for (const group of groups.values()) {
    const counted = asOf ? group.filter((r) => r.as_of_status === 'learned_by_then') : group;
    const undated = group.filter((r) => r.as_of_status === 'timing_unknown');
    let decisive = counted.at(-1);
    let status: KnowledgeItemState['status'] = 'known';
    let level: string | undefined;
    if (!decisive && undated.length > 0) {
      decisive = undated.at(-1);
      status = 'timing_unknown';
    }
    if (!decisive) {
      decisive = group[0];
      status = 'not_yet_learned';
      level = 'unaware';
    }
    if (!decisive) continue;
    items.push({
      knowledge_category: decisive.knowledge_category,
      knowledge_item: decisive.knowledge_item,
      knowledge_level: level ?? decisive.knowledge_level ?? 'knows',
      status,
      knowledge_id: decisive.id,
      learned_chapter_id: decisive.learned_chapter_id,
      learned_book_id: decisive.learned_book_id,
    });
  }
  const known = items.filter((i) => i.status === 'known');
  return {
    knowledge,
    items,
    knows: known.some((i) => i.knowledge_level === 'knows'),
    suspects: known.some((i) => i.knowledge_level === 'suspects'),
  };
}
