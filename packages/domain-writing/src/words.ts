const WORD = /[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu;

/**
 * Words of a text as a manuscript word count sees them: runs of letters and
 * digits, with inner apostrophes and hyphens kept ("don't", "well-known" are
 * one word each); punctuation and markup symbols alone are not words.
 */
export function countWords(text: string | null | undefined): number {
  if (!text) return 0;
  let count = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) count += 1;
  return count;
}
