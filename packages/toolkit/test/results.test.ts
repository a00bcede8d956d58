import { createDb, loadDbConfig, sql, type DbHandle } from '@mcp-writing/db';
import { createTestDatabase, type TestDatabase } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, STRUCTURED_TEXT } from '../src/results.js';

/** The JSON round trip ok() promises. */
function viaText(data: Record<string, unknown>) {
  const text = JSON.stringify(data);
  return { text, structured: JSON.parse(text) as unknown };
}

/** ok(data) carries exactly the text and the structure the JSON round trip gives. */
function expectSameAsViaText(data: Record<string, unknown>) {
  const result = ok(data);
  const expected = viaText(data);
  const text = (result.content[0] as { text: string }).text;
  expect(text).toBe(expected.text);
  // toStrictEqual also tells undefined fields and -0 from absent ones and 0.
  expect(result.structuredContent).toStrictEqual(expected.structured);
  expect(JSON.parse(text)).toStrictEqual(result.structuredContent);
  // The text it carries for transports is that text, and never serialized itself.
  expect(result[STRUCTURED_TEXT]).toBe(expected.text);
  expect(Object.keys(result)).toStrictEqual(['content', 'structuredContent']);
  return result;
}

describe('ok() gives the data as JSON text and as the structure that text parses to', () => {
  it('turns dates into ISO strings, in the text and in the structure', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const result = expectSameAsViaText({ book: { id: 1, updated_at: at, history: [at] } });
    expect(result.structuredContent).toEqual({
      book: { id: 1, updated_at: '2026-01-02T03:04:05.678Z', history: ['2026-01-02T03:04:05.678Z'] },
    });
  });

  it('matches JSON on the corner cases of the format', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
      get sum() {
        return this.x + this.y;
      }
    }
    const withToJson = { toJSON: (key: string) => ({ calledWith: key, when: new Date(0) }) };
    const lateDate = new Date(0);
    Object.defineProperty(lateDate, 'toJSON', { value: () => 'own toJSON wins' });
    expectSameAsViaText({
      text: 'quote " backslash \\ newline \n tab \t nul \u0000 emoji 🖋 lone surrogate \ud800',
      numbers: [0, -0, 1.5, -2, 1e21, 5e-324, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity],
      nothing: null,
      left_out: undefined,
      fn: () => 1,
      sym: Symbol('s'),
      holes: [1, undefined, () => 2, Symbol('t'), , null], // eslint-disable-line no-sparse-arrays
      invalidDate: new Date(Number.NaN),
      lateDate,
      custom: withToJson,
      nestedCustom: [withToJson],
      instance: new Point(1, 2),
      map: new Map([['a', 1]]),
      set: new Set([1]),
      buffer: Buffer.from('hi'),
      boxed: [new Number(3), new String('s'), new Boolean(false)],
      '10': 'integer-like keys come first',
      '2': 'and in numeric order',
      ['__proto__']: { polluted: true },
      deep: { a: { b: { c: { d: [[[{ e: 'deep' }]]] } } } },
    });
    expect(Object.getPrototypeOf(ok({ ['__proto__']: { polluted: true } }).structuredContent)).toBe(Object.prototype);
  });

  it('fails as JSON.stringify does on a BigInt or a cycle', () => {
    expect(() => ok({ n: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(() => ok(cyclic)).toThrow(/circular/i);
  });

  it('leaves the data it was given untouched', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const data = { at, list: [at] };
    ok(data);
    expect(data.at).toBe(at);
    expect(data.list[0]).toBeInstanceOf(Date);
  });
});

describe('ok() on rows from PostgreSQL', () => {
  let database: TestDatabase;
  let handle: DbHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
    handle = createDb(loadDbConfig({ DATABASE_URL: database.url, DB_APPLICATION_NAME: 'mcpw-t-results' }));
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('gives the same text and structure as the round trip for every column type the queries return', async () => {
    const { rows } = await sql<Record<string, unknown>>`
      SELECT
        1::int AS int4, 9007199254740991::int8 AS int8, 2.5::numeric AS numeric, 1.25::float8 AS float8,
        'NaN'::float8 AS nan, true AS bool, NULL::text AS nothing, E'line\\nnext "q" \\\\ ü 🖋' AS text,
        now() AS timestamptz, '2026-03-04 05:06:07.891'::timestamp AS timestamp, '2026-03-04'::date AS date,
        'infinity'::timestamptz AS infinite, '{"a": [1, {"b": null}]}'::jsonb AS jsonb, '{"k": "v"}'::json AS json,
        ARRAY[1, 2]::int[] AS int_array, ARRAY['x', NULL]::text[] AS text_array, '\\x6869'::bytea AS bytea,
        gen_random_uuid() AS uuid, interval '1 day 2 hours' AS interval
      FROM generate_series(1, 3)
    `.execute(handle.db);
    expect(rows).toHaveLength(3);
    expect(rows[0]?.timestamptz).toBeInstanceOf(Date);
    const result = expectSameAsViaText({ rows, count: rows.length });
    const first = (result.structuredContent.rows as Record<string, unknown>[])[0]!;
    expect(first.timestamptz).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
