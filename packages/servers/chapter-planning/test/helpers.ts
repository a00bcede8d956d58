import { jsonOf, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { expect } from 'vitest';
import { expectPlainMessage } from './fixtures.js';

/** Calls a tool that must succeed; returns its JSON (checked to equal structuredContent). */
export async function ok<T>(h: ServerHarness, tool: string, args: Record<string, unknown>): Promise<T> {
  const res = await h.call(tool, args);
  expect(res.isError, textOf(res)).toBeFalsy();
  expect(jsonOf(res)).toEqual(res.structuredContent);
  return jsonOf<T>(res);
}

/** Calls a tool that must fail with a plain message matching `message`. */
export async function fails(h: ServerHarness, tool: string, args: Record<string, unknown>, message: RegExp): Promise<void> {
  const res = await h.call(tool, args);
  expect(res.isError, textOf(res)).toBe(true);
  expect(textOf(res)).toMatch(message);
  expectPlainMessage(textOf(res));
}
