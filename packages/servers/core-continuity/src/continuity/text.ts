/**
 * The small amount of text handling the continuity check needs: words,
 * a crude stem (so "injured" meets "injury", "healed" meets "healing"),
 * and whole-word name matching. Deliberately simple and predictable.
 */

const STOPWORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'of', 'in', 'on', 'at', 'to', 'for', 'with', 'without', 'from', 'by',
  'into', 'onto', 'over', 'under', 'as', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had',
  'her', 'his', 'their', 'its', 'she', 'he', 'they', 'them', 'him', 'it', 'this', 'that', 'these', 'those',
  'very', 'slightly', 'somewhat', 'quite', 'rather', 'bit', 'little', 'more', 'less', 'most', 'still', 'now', 'no',
  'not', 'all', 'some', 'fully', 'completely', 'mostly', 'partly', 'left', 'right', 'state', 'condition', 'feeling',
  'mood', 'feels', 'looks', 'seems', 'after', 'before', 'again', 'just', 'also', 'too', 'then', 'than', 'who',
]);

/** Lower-case words (letters and digits) of a text. */
export function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

/**
 * Crude English stem, the same for a word's common forms: "injuries" /
 * "injured" / "injury" -> "injur", "healing" / "healed" -> "heal",
 * "betrays" / "betrayed" / "betray" -> "betra", "arrives" / "arriving" -> "arriv".
 */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed', 'ly', 's']) {
    if (suffix === 's' && w.endsWith('ss')) break;
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.length >= 4 && (w.endsWith('y') || w.endsWith('e'))) w = w.slice(0, -1);
  return w;
}

/** Stems of the words that carry meaning (no stopwords, at least three letters). */
export function keywordStems(text: string): Set<string> {
  const stems = new Set<string>();
  for (const w of words(text)) {
    if (w.length < 3 || STOPWORDS.has(w)) continue;
    const s = stem(w);
    if (s.length >= 3) stems.add(s);
  }
  return stems;
}

/** Stems of all words of a text (the evidence side), each with the first word it came from. */
export function textStems(text: string): Map<string, string> {
  const stems = new Map<string, string>();
  for (const w of words(text)) {
    const s = stem(w);
    if (!stems.has(s)) stems.set(s, w);
  }
  return stems;
}

/** Lower-case words joined by single spaces, padded, for whole-word phrase search. */
export function phraseText(text: string): string {
  return ` ${words(text).join(' ')} `;
}

/** Whether the text names the character (name, full name, first name or an alias), as whole words. */
export function mentionsAny(text: string, names: readonly string[]): boolean {
  const haystack = phraseText(text);
  return names.some((name) => {
    const needle = words(name).join(' ');
    return needle.length > 0 && haystack.includes(` ${needle} `);
  });
}

/** Normalised form of a knowledge item for comparing items written slightly differently. */
export function normaliseItem(text: string): string {
  return words(text).join(' ');
}

/**
 * Two knowledge items are the same when their normalised texts are equal, or
 * when one (of at least two words or six characters) appears within the other
 * as whole words: "the king is dead" matches "learns the king is dead".
 */
export function sameItem(a: string, b: string): boolean {
  const x = normaliseItem(a);
  const y = normaliseItem(b);
  if (x.length === 0 || y.length === 0) return false;
  if (x === y) return true;
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
  if (shorter.length < 6 && !shorter.includes(' ')) return false;
  return ` ${longer} `.includes(` ${shorter} `);
}
