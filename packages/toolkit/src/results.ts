import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * Carried (not enumerable, so never serialized) by every ok() result: the
 * JSON text its structuredContent was parsed from, the same value as that
 * structure (only integer-like keys of a JSON column may come in another
 * order). A transport may write this text for structuredContent instead of
 * walking the structure again: the host's HTTP answers do (apps/host
 * http-common.ts, replyText).
 */
export const STRUCTURED_TEXT: unique symbol = Symbol.for('mcp-writing/structured-text');

export type OkResult = CallToolResult & { structuredContent: Record<string, unknown>; [STRUCTURED_TEXT]: string };

/**
 * A successful tool result: the data as JSON text and as structuredContent,
 * which is exactly JSON.parse of that text (dates as ISO strings, undefined
 * fields left out...). Throws as JSON.stringify does (a BigInt, a cycle).
 * Return it as it is: the host's HTTP answers write the text for
 * structuredContent, so a change made inside structuredContent afterwards
 * would not reach an HTTP client (a change to content or to the result's keys
 * is seen and the answer is serialized from the structure instead).
 */
export function ok(data: Record<string, unknown>): OkResult {
  const text = JSON.stringify(data);
  const result = {
    content: [{ type: 'text' as const, text }],
    structuredContent: JSON.parse(text) as Record<string, unknown>,
  };
  Object.defineProperty(result, STRUCTURED_TEXT, { value: text });
  return result as OkResult;
}

/** Where a failed result says what kind of failure it was (for the host's metrics). */
export const ERROR_KIND_META = 'mcp-writing/error-kind';

/**
 * A failed tool result carrying one plain sentence; `kind` (not_found,
 * duplicate, busy, unavailable, internal...) travels in `_meta` so the host
 * can count errors by kind without parsing sentences.
 */
export function fail(message: string, kind?: string): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: message }],
    ...(kind ? { _meta: { [ERROR_KIND_META]: kind } } : {}),
  };
}
