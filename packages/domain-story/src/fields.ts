import { idField, PG_INT_MAX } from '@mcp-writing/toolkit';
import { z } from 'zod';

/**
 * Optional free text. Trimmed; an empty string means "no value" and is stored
 * as NULL (so an update can clear a field by sending "").
 */
export function optionalText(description: string, max = 50_000) {
  return z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((value) => (value === '' ? null : value))
    .describe(description);
}

/** A list of short texts (features, rules, limitations): each trimmed and non-empty. */
export function textList(description: string, itemMax = 1_000, maxItems = 100) {
  return z
    .array(z.string().trim().min(1, 'must not be empty').max(itemMax, `must be at most ${itemMax} characters`))
    .max(maxItems, `must have at most ${maxItems} entries`)
    .describe(description);
}

/** A list of row ids (duplicates are ignored by the tools). */
export function idList(description: string, itemDescription: string, maxItems = 200) {
  return z.array(idField(itemDescription)).max(maxItems, `must have at most ${maxItems} entries`).describe(description);
}

/** A whole number in an integer column that may be negative (ordering keys). */
export function signedIntField(description: string) {
  return z.number().int().min(-PG_INT_MAX).max(PG_INT_MAX).describe(description);
}

/** A text to search for (case-insensitive substring). */
export function searchTermField(description: string) {
  return z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').describe(description);
}

/** A reference an update may clear: an id, or null for "none". */
export function clearableId(description: string) {
  return idField(description).nullable().describe(description);
}

type OptionalShape<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.ZodOptional<T[K]> };

/** The same fields, every one optional (the update tool of an entity). */
export function optionalShape<T extends Record<string, z.ZodType>>(shape: T): OptionalShape<T> {
  return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.optional()])) as OptionalShape<T>;
}

/** A LIKE pattern matching `term` anywhere, with LIKE's wildcards in the term taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Ids in first-seen order without repeats. */
export function uniqueIds(ids: readonly number[]): number[] {
  return [...new Set(ids)];
}
