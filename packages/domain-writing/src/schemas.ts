import { idField } from '@mcp-writing/toolkit';
import { z } from 'zod';

export const bookId = idField('Id of the book (from list_books or create_book).');

export const severity = z.enum(['info', 'warning', 'error']);

/** A calendar date as YYYY-MM-DD that exists (2025-02-30 is refused). */
export function dateField(description: string) {
  return z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
    }, 'must be a real calendar date')
    .describe(description);
}

/** A list of distinct ids (duplicates are dropped). */
export function idListField(description: string, itemDescription: string, max = 1000) {
  return z
    .array(idField(itemDescription))
    .max(max, `must have at most ${max} items`)
    .transform((ids) => [...new Set(ids)])
    .describe(description);
}
