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

/** A failed tool result carrying one plain sentence. */
export function fail(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}
