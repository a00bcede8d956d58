import { ToolError } from '@mcp-writing/toolkit';
import { z } from 'zod';

/**
 * The authors' desktop app (spec/legacy-clients.md) sends some arguments in
 * camelCase (softDelete, startDate, orderBy...) where the contract names them
 * in snake_case. The snake_case names stay the documented ones; the camelCase
 * ones are accepted next to them, each described as an alias, so the app runs
 * unchanged. contract.test.ts lists every such extra parameter.
 */
export const DESKTOP_APP = 'for the desktop app';

/** An optional parameter that means the same as `snake` (described as its alias). */
export function aliasOf<T extends z.ZodType>(snake: string, schema: T, more = '') {
  return schema.optional().describe(`Alias of ${snake}, ${DESKTOP_APP}.${more ? ` ${more}` : ''}`);
}

/** An optional parameter the desktop app sends that changes nothing here (`why` says what happens instead). */
export function acceptedFlag(why: string) {
  return z.boolean().optional().describe(`Accepted ${DESKTOP_APP}; ${why}`);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The value given under either name. Both given and equal is fine; both given
 * and different is refused with a sentence naming both fields, rather than
 * silently preferring one.
 */
export function eitherName<T>(snakeName: string, snake: T | undefined, camelName: string, camel: T | undefined): T | undefined {
  if (snake !== undefined && camel !== undefined && !sameValue(snake, camel)) {
    throw new ToolError(
      `${snakeName} and ${camelName} were both given, with different values; ${camelName} is the desktop app's name for ${snakeName}, so send only one of them.`,
    );
  }
  return snake ?? camel;
}
