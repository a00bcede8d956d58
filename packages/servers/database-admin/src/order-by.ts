import { ToolError } from '@mcp-writing/toolkit';
import { z } from 'zod';
import { aliasOf, eitherName } from './legacy-args.js';

export type Direction = 'ASC' | 'DESC';

export interface OrderKey {
  column: string;
  direction: Direction;
}

export const MAX_ORDER_KEYS = 10;
const MAX_ORDER_TEXT = 500;

/** The contract's order_by: a list of {column, direction}. */
export const orderByList = z
  .array(
    z.object({
      column: z.string().describe('Column to sort by.'),
      direction: z.enum(['ASC', 'DESC']).optional().describe('ASC (default) or DESC.'),
    }),
  )
  .max(MAX_ORDER_KEYS)
  .optional()
  .describe('Sort order, first key first (default: by id). The id always breaks ties so paging is stable.');

/**
 * The desktop app's orderBy: the same list (direction in any case), or a
 * string such as "created_at DESC" (LibraryView) or "title, id DESC".
 */
export const orderByAlias = aliasOf(
  'order_by',
  z.union(
    [
      z
        .array(
          z.object({
            column: z.string().describe('Column to sort by.'),
            direction: z.enum(['ASC', 'DESC', 'asc', 'desc']).optional().describe('ASC (default) or DESC.'),
          }),
        )
        .max(MAX_ORDER_KEYS),
      z.string().max(MAX_ORDER_TEXT),
    ],
    {
      error: `must be a list of at most ${MAX_ORDER_KEYS} {column, direction} (ASC or DESC), or a string like "created_at DESC" of at most ${MAX_ORDER_TEXT} characters`,
    },
  ),
  'The same list, or a string of column names each optionally followed by ASC or DESC, separated by commas (e.g. "created_at DESC").',
);

// One sort key of the string form: a plain identifier, then optionally a direction. Nothing else
// (no expressions, quotes, NULLS FIRST...) so the text can never carry SQL; the column is then
// checked against the table like any other.
const TEXT_KEY = /^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?$/i;

/** Parses the string form of orderBy; a bad key is refused naming `field` and its position, without echoing it. */
export function parseOrderText(text: string, field: string): OrderKey[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(',');
  if (parts.length > MAX_ORDER_KEYS) throw new ToolError(`${field}: at most ${MAX_ORDER_KEYS} sort keys.`);
  return parts.map((part, index) => {
    const match = TEXT_KEY.exec(part.trim());
    if (!match) {
      throw new ToolError(
        `${field}: sort key ${index + 1} is not "column", "column ASC" or "column DESC" (keys are separated by commas, e.g. "created_at DESC, id ASC").`,
      );
    }
    return { column: match[1] as string, direction: (match[2]?.toUpperCase() ?? 'ASC') as Direction };
  });
}

type ListInput = { column: string; direction?: string | undefined }[];

function fromList(list: ListInput): OrderKey[] {
  return list.map((o) => ({ column: o.column, direction: (o.direction?.toUpperCase() ?? 'ASC') as Direction }));
}

/**
 * The sort keys asked for under order_by or orderBy, and the name they came
 * under (for messages about a bad column). Both given and different is refused.
 */
export function requestedOrder(orderBy: ListInput | undefined, camel: ListInput | string | undefined): { keys: OrderKey[]; field: string } {
  const snake = orderBy === undefined ? undefined : fromList(orderBy);
  const alias = camel === undefined ? undefined : typeof camel === 'string' ? parseOrderText(camel, 'orderBy') : fromList(camel);
  const keys = eitherName('order_by', snake, 'orderBy', alias) ?? [];
  return { keys, field: snake === undefined && alias !== undefined ? 'orderBy' : 'order_by' };
}
