import { z } from 'zod';

/** Largest value a PostgreSQL integer column holds. */
export const PG_INT_MAX = 2_147_483_647;

/** A row id: a positive whole number within PostgreSQL's integer range. */
export function idField(description: string) {
  return z.number().int().min(1).max(PG_INT_MAX).describe(description);
}

/** Any whole number that fits an integer column (counts, years, word counts). */
export function intField(description: string, min = 0, max = PG_INT_MAX) {
  return z.number().int().min(min).max(max).describe(description);
}

/** Trimmed text, non-empty, at most `max` characters (the column's varchar length). */
export function textField(description: string, max?: number) {
  const base = z.string().trim().min(1, 'must not be empty');
  return (max === undefined ? base : base.max(max, `must be at most ${max} characters`)).describe(description);
}

/** Free text that may be long (chapter-sized) and may be empty. */
export function longTextField(description: string) {
  return z.string().describe(description);
}

/** limit/offset paging for list tools: sane defaults and a hard cap. */
export function pageFields(defaultLimit = 100, maxLimit = 500) {
  return {
    limit: z
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(defaultLimit)
      .describe(`Most rows to return (1-${maxLimit}, default ${defaultLimit}).`),
    offset: z.number().int().min(0).max(PG_INT_MAX).default(0).describe('Rows to skip, for paging (default 0).'),
  };
}

/** Drops keys whose value is undefined (an UPDATE sets only what was given). */
export function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
