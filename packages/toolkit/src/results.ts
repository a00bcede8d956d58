import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * A successful tool result: the data as JSON text and, parsed back from that
 * same text, as structuredContent (so dates are ISO strings in both, exactly
 * what a client receives).
 */
export function ok(data: Record<string, unknown>): CallToolResult & { structuredContent: Record<string, unknown> } {
  const text = JSON.stringify(data);
  return {
    content: [{ type: 'text', text }],
    structuredContent: JSON.parse(text) as Record<string, unknown>,
  };
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
