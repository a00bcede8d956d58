import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * A successful tool result: the data as JSON text and as structuredContent,
 * which is exactly JSON.parse of that text (dates as ISO strings, undefined
 * fields left out...). The plain JSON value is built first and the text
 * serialized from it: stringifying pg's Date objects goes through toJSON on
 * V8's slow path, and parsing the text back allocated the tree a second time.
 */
export function ok(data: Record<string, unknown>): CallToolResult & { structuredContent: Record<string, unknown> } {
  const structuredContent = toJsonValue(data);
  return {
    content: [{ type: 'text', text: JSON.stringify(structuredContent) }],
    structuredContent,
  };
}

const dateToJSON = Date.prototype.toJSON;

/**
 * `value` as JSON.parse(JSON.stringify(value)) would give it back, without
 * the text in between. What JSON.stringify would throw on (a BigInt, a
 * cycle) is handed to JSON.stringify itself, so the error is the same.
 */
export function toJsonValue(value: Record<string, unknown>): Record<string, unknown> {
  try {
    return jsonValue(value, '', 0) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof NotPlainJson)) throw error;
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  }
}

/** Something the walk leaves to JSON.stringify (which throws for it, or knows better). */
class NotPlainJson extends Error {}

/** Deeper than any row a query returns; past it, probably a cycle. */
const MAX_DEPTH = 200;

function jsonValue(value: unknown, key: string, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // -0 and non-finite numbers come back from the text as 0 and null.
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new NotPlainJson();
  }
  if (value === null) return null;
  if (depth > MAX_DEPTH) throw new NotPlainJson();
  const object = value as Record<string, unknown> & { toJSON?: unknown };
  // What pg gives for timestamps: an ordinary Date, whose toJSON is toISOString (or null when invalid).
  if (Object.getPrototypeOf(object) === Date.prototype && Date.prototype.toJSON === dateToJSON && !Object.hasOwn(object, 'toJSON')) {
    const date = object as unknown as Date;
    return Number.isFinite(date.getTime()) ? date.toISOString() : null;
  }
  if (typeof object.toJSON === 'function') return jsonValue((object.toJSON as (key: string) => unknown)(key), key, depth + 1);
  if (Array.isArray(object)) {
    const out: unknown[] = new Array(object.length);
    for (let i = 0; i < object.length; i++) {
      const item = jsonValue(object[i], String(i), depth + 1);
      out[i] = item === undefined ? null : item;
    }
    return out;
  }
  if (object instanceof Number || object instanceof String || object instanceof Boolean || object instanceof BigInt) {
    return jsonValue(object.valueOf(), key, depth);
  }
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(object)) {
    const item = jsonValue(object[name], name, depth + 1);
    if (item === undefined) continue;
    // JSON.parse makes "__proto__" an own property; plain assignment would set the prototype.
    if (name === '__proto__') Object.defineProperty(out, name, { value: item, enumerable: true, writable: true, configurable: true });
    else out[name] = item;
  }
  return out;
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
