import fc from 'fast-check';

/**
 * The part of JSON Schema (draft-07, as the MCP SDK emits it from zod 4) the
 * fuzzer understands. Anything else is ignored: a keyword the generator does
 * not know only makes it less precise, never wrong about "invalid".
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);
/** Largest string the generator builds: huge text, well under the host's 8 MiB body limit. */
export const HUGE_STRING = 200_000;
/** Largest too-long string generated, bytes (a field allowing more is left to the 8 MiB body limit). */
const TOO_LONG_BYTES = 2_000_000;
/** Upper bound on the JSON size of one generated "thousands of items" array. */
const BIG_ARRAY_BYTES = 1_500_000;

// ---------------------------------------------------------------------------
// Corpora of nasty text

/** SQL-looking text: must be stored and searched as plain text, never executed or echoed as an error. */
export const SQL_TEXT = [
  "'; DROP TABLE books; --",
  '1 OR 1=1',
  "' OR '1'='1",
  '" OR ""="',
  '$1',
  '$2::int',
  '\\',
  '\\\\',
  'a\\',
  '%',
  '_',
  '%_%',
  '\\%',
  '100%',
  "O'Brien",
  "''",
  '$$ x $$',
  "E'\\x41'",
  '--',
  '/* comment',
  '*/',
  "'::text",
  '; SELECT pg_sleep(5); --',
  '1; DELETE FROM authors',
  "UNION SELECT usename, passwd FROM pg_shadow --",
  'NULL',
  '\\N',
] as const;

/** Unicode that breaks naive code: emoji, RTL, NUL, lone surrogates, combining marks, invisible characters. */
export const UNICODE_TEXT = [
  '😀',
  '👩‍👩‍👧‍👦',
  '🇫🇷🇯🇵',
  'مرحبا بالعالم',
  'שלום עולם',
  '\u202Eevil\u202C',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uD83D',
  '\uDE00y',
  'e\u0301\u0301\u0301',
  '\u200B\u200D\u2060',
  '\uFEFF',
  '𝕳𝖊𝖑𝖑𝖔',
  '漢字かなカナ',
  'İstanbul ß ﬁ Σ', // lower case differs between JavaScript and PostgreSQL
  'Z̷̢͉a̸̛l̶g̵o̴',
  '\r\n\t\v\f',
  '\u0007\u001B[31m',
] as const;

/** Numbers (and other scalars) written as strings. */
export const SCALAR_STRINGS = [
  '0',
  '-1',
  '1',
  '42',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '1e3',
  '0x1F',
  ' 7 ',
  '1.5',
  'NaN',
  'Infinity',
  '-0',
  'true',
  'false',
  'null',
  'undefined',
  '{}',
  '[]',
  '{"a":1}',
] as const;

const OTHER_TEXT = [
  '',
  ' ',
  '   ',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '${jndi:ldap://x}',
  '%s%n%x',
  '{{7*7}}',
  '__proto__',
  'constructor',
] as const;

/** Names of real tables and columns: legal text that reaches deeper into tools taking identifiers. */
export const IDENTIFIER_TEXT = ['books', 'authors', 'series', 'chapters', 'characters', 'chapter_scenes', 'plot_threads', 'audit_logs', 'id', 'title', 'name', 'book_id'] as const;

export const NASTY_TEXT: readonly string[] = [...SQL_TEXT, ...UNICODE_TEXT, ...SCALAR_STRINGS, ...OTHER_TEXT];

/** Real-world values for pattern fields (dates, times, emails), used when they match the pattern: random matches are rarely real dates. */
const PATTERN_SAMPLES = [
  '2024-02-29',
  '2025-01-01',
  '2030-12-31',
  '1999-06-15',
  '0001-01-01',
  '9999-12-31',
  '00:00',
  '23:59:59',
  '09:30',
  'a@b.co',
  "o'brien+tag@example.org",
] as const;

/** Keys for extra, undeclared properties (zod strips them; a tool must not see them). */
const EXTRA_KEYS = ['extra', 'unknown_field', 'id', 'created_at', 'is_deleted', 'constructor', '__proto__', 'DROP TABLE', '😀', ''] as const;

// ---------------------------------------------------------------------------
// A conservative validator

function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

function typesOf(schema: JsonSchema): string[] | undefined {
  if (schema.type === undefined) return undefined;
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

function violatesType(type: string, schema: JsonSchema, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value !== null;
    case 'boolean':
      return typeof value !== 'boolean';
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return true;
      if (type === 'integer' && !Number.isInteger(value)) return true;
      if (schema.minimum !== undefined && value < schema.minimum) return true;
      if (schema.maximum !== undefined && value > schema.maximum) return true;
      if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return true;
      if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return true;
      return false;
    }
    case 'string': {
      if (typeof value !== 'string') return true;
      // zod counts UTF-16 units and may trim first; JSON Schema counts code points.
      // Only a string that is out of bounds under every reading is "invalid".
      if (schema.minLength !== undefined && value.length < schema.minLength) return true;
      if (schema.maxLength !== undefined && codePoints(value.trim()) > schema.maxLength) return true;
      if (schema.pattern !== undefined) {
        const re = new RegExp(schema.pattern);
        if (!re.test(value) && !re.test(value.trim())) return true;
      }
      return false;
    }
    case 'array': {
      if (!Array.isArray(value)) return true;
      if (schema.minItems !== undefined && value.length < schema.minItems) return true;
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return true;
      const items = schema.items;
      return items !== undefined && value.some((item) => violates(items, item));
    }
    case 'object': {
      if (!isPlainObject(value)) return true;
      if ((schema.required ?? []).some((key) => !hasOwn(value, key))) return true;
      const properties = schema.properties ?? {};
      for (const [key, propSchema] of Object.entries(properties)) {
        if (hasOwn(value, key) && violates(propSchema, value[key])) return true;
      }
      if (schema.additionalProperties === false && Object.keys(value).some((key) => !hasOwn(properties, key))) return true;
      return false;
    }
    default:
      return false;
  }
}

/**
 * True only when `value` certainly fails `schema`: then the zod schema the
 * JSON Schema came from rejects it too (zod is at least as strict: trims,
 * refinements and UTF-16 lengths only reject more).
 */
export function violates(schema: JsonSchema, value: unknown): boolean {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.every((branch) => violates(branch, value));
  if (schema.enum) return !schema.enum.some((option) => option === value);
  if (schema.const !== undefined) return value !== schema.const;
  const types = typesOf(schema);
  if (!types) return false;
  return types.every((type) => violatesType(type, schema, value));
}

// ---------------------------------------------------------------------------
// Building objects (own properties, even "__proto__")

function buildObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function withExtras(declared: Record<string, JsonSchema>): fc.Arbitrary<(readonly [string, unknown])[]> {
  const keys = EXTRA_KEYS.filter((key) => !hasOwn(declared, key));
  if (keys.length === 0) return fc.constant([]);
  return fc.array(fc.tuple(fc.constantFrom(...keys), junk(1)), { maxLength: 3 });
}

// ---------------------------------------------------------------------------
// Junk: any JSON value, biased to the troublesome ones

function deepNesting(): fc.Arbitrary<unknown> {
  return fc.integer({ min: 20, max: 300 }).map((depth) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { nested: value };
    return value;
  });
}

/** Any JSON value: wrong types, null, numbers as strings, SQL, unicode, nested junk. */
export function junk(depth = 2): fc.Arbitrary<unknown> {
  const scalars = fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, -1, 1, 1.5, -0.25, INT32_MAX + 1, INT32_MIN - 1, 2 ** 53 + 2, 1e21, -1e308),
    fc.constantFrom(...NASTY_TEXT),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 20 }),
  );
  if (depth <= 0) return scalars;
  return fc.oneof(
    { arbitrary: scalars, weight: 6 },
    { arbitrary: fc.constantFrom<unknown>([], {}, [null], { '': null }, [[[]]]), weight: 1 },
    { arbitrary: fc.array(junk(depth - 1), { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.array(fc.tuple(fc.constantFrom(...EXTRA_KEYS, 'a', 'b'), junk(depth - 1)), { maxLength: 4 }).map(buildObject), weight: 1 },
    { arbitrary: deepNesting(), weight: depth >= 2 ? 1 : 0 },
  );
}

// ---------------------------------------------------------------------------
// Valid values

function clampInts(schema: JsonSchema): { lo: number; hi: number } {
  let lo = schema.minimum ?? INT32_MIN;
  let hi = schema.maximum ?? INT32_MAX;
  if (schema.exclusiveMinimum !== undefined) lo = Math.max(lo, Math.floor(schema.exclusiveMinimum) + 1);
  if (schema.exclusiveMaximum !== undefined) hi = Math.min(hi, Math.ceil(schema.exclusiveMaximum) - 1);
  lo = Math.max(lo, Number.MIN_SAFE_INTEGER);
  hi = Math.min(hi, Number.MAX_SAFE_INTEGER);
  return { lo, hi };
}

function validInteger(schema: JsonSchema): fc.Arbitrary<number> {
  const { lo, hi } = clampInts(schema);
  const edges = [lo, hi, lo + 1, hi - 1, 0, 1, -1, INT32_MAX, 2 ** 31].filter((n) => n >= lo && n <= hi);
  return fc.oneof(
    // Small values near the minimum: ids that exist, counts near zero.
    { arbitrary: fc.integer({ min: lo, max: Math.min(hi, lo + 5) }), weight: 6 },
    { arbitrary: fc.constantFrom(...edges), weight: 2 },
    { arbitrary: fc.integer({ min: lo, max: hi }), weight: 1 },
  );
}

function hugeString(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: HUGE_STRING / 2, max: HUGE_STRING }), fc.constantFrom('lorem ipsum ', "x'; DROP TABLE books; -- ", 'ab😀\u202E \u0000'))
    .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));
}

/** Text of `min`..`max` UTF-16 units (max undefined = unbounded, up to HUGE_STRING). */
function text(min: number, max: number | undefined): fc.Arbitrary<string> {
  const cap = max ?? HUGE_STRING;
  const nasty = fc.constantFrom(...NASTY_TEXT);
  const parts: fc.WeightedArbitrary<string>[] = [
    { arbitrary: fc.string({ minLength: Math.min(min, 40), maxLength: Math.min(cap, 40) }), weight: 4 },
    { arbitrary: fc.lorem({ maxCount: 8 }), weight: 3 },
    { arbitrary: nasty, weight: 3 },
    { arbitrary: fc.constantFrom(...IDENTIFIER_TEXT), weight: 2 },
    {
      arbitrary: fc.array(fc.oneof(nasty, fc.lorem({ maxCount: 2 })), { minLength: 1, maxLength: 5 }).map((p) => p.join(' ')),
      weight: 3,
    },
    { arbitrary: fc.string({ unit: 'binary', minLength: Math.min(min, 20), maxLength: Math.min(cap, 20) }), weight: 2 },
    // Boundaries: exactly the maximum, exactly the minimum.
    { arbitrary: fc.constantFrom('x', 'é', 'Ω', "'").map((c) => c.repeat(Math.min(cap, HUGE_STRING))), weight: 1 },
    { arbitrary: fc.constant('y'.repeat(min)), weight: 1 },
  ];
  if (cap >= HUGE_STRING / 2) parts.push({ arbitrary: hugeString(), weight: 1 });
  return fc
    .oneof(...parts)
    .map((s) => (s.length > cap ? s.slice(0, cap) : s))
    .filter((s) => s.length >= min);
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength;
  if (schema.pattern !== undefined) {
    const re = new RegExp(schema.pattern);
    const fits = (s: string) => s.length >= min && (max === undefined || s.length <= max);
    const realistic = PATTERN_SAMPLES.filter((s) => re.test(s) && fits(s));
    const matching = fc.stringMatching(re).filter(fits);
    return realistic.length > 0 ? fc.oneof(matching, fc.constantFrom(...realistic)) : matching;
  }
  return text(min, max);
}

function validArray(schema: JsonSchema): fc.Arbitrary<unknown[]> {
  const item = schema.items ? valid(schema.items) : junk(1);
  const min = schema.minItems ?? 0;
  const max = schema.maxItems;
  const usual = fc.array(item, { minLength: min, maxLength: Math.max(min, Math.min(max ?? 8, 8)) });
  // Boundary: as many items as allowed (thousands when the schema allows them).
  const full = fc.tuple(fc.array(item, { minLength: Math.max(min, 1), maxLength: Math.max(min, 3) }), fc.constant(max ?? 3000)).map(
    ([some, n]) => fillTo(some, Math.max(n, min)),
  );
  return fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: full, weight: 1 });
}

/**
 * `n` items cycling through `some`, shortened so the JSON stays under
 * BIG_ARRAY_BYTES, but never below `floor` (then, if the items are too big
 * for that, the smallest JSON value stands in for them).
 */
function fillTo(some: unknown[], n: number, floor = 0): unknown[] {
  if (some.length === 0) return [];
  const perItem = Math.max(1, ...some.map((x) => JSON.stringify(x).length + 1));
  const count = Math.max(floor, Math.min(n, Math.floor(BIG_ARRAY_BYTES / perItem)));
  const items = count * perItem > BIG_ARRAY_BYTES ? [0] : some;
  return Array.from({ length: count }, (_, i) => items[i % items.length]);
}

function validObject(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const keys = Object.keys(properties);
  const entries = keys.map((key) =>
    required.has(key)
      ? valid(properties[key] ?? {}).map((v) => [[key, v] as const])
      : fc.option(valid(properties[key] ?? {}).map((v) => [[key, v] as const]), { nil: [] as (readonly [string, unknown])[], freq: 2 }),
  );
  const extras = schema.additionalProperties === false ? fc.constant([]) : fc.oneof({ arbitrary: fc.constant([]), weight: 3 }, { arbitrary: withExtras(properties), weight: 1 });
  return fc.tuple(fc.tuple(...entries), extras).map(([declared, extra]) => buildObject([...declared.flat(), ...extra]));
}

/** Values that satisfy the schema (boundaries and nasty-but-legal text included). */
export function valid(schema: JsonSchema): fc.Arbitrary<unknown> {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && branches.length > 0) return fc.oneof(...branches.map(valid));
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const types = typesOf(schema);
  if (!types) return junk(1);
  const arbs = types.map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return validInteger(schema);
      case 'number': {
        const { lo, hi } = clampInts(schema);
        return fc.oneof(validInteger(schema), fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }));
      }
      case 'string':
        return validString(schema);
      case 'array':
        return validArray(schema);
      case 'object':
        return validObject(schema);
      default:
        return junk(1);
    }
  });
  return fc.oneof(...arbs);
}

// ---------------------------------------------------------------------------
// Invalid values

function invalidCandidates(schema: JsonSchema): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [junk(2)];
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    for (const branch of branches) out.push(...invalidCandidates(branch));
    return out;
  }
  if (schema.enum && schema.enum.length > 0) {
    const options = schema.enum.filter((o): o is string => typeof o === 'string');
    if (options.length > 0) {
      out.push(fc.constantFrom(...options).chain((o) => fc.constantFrom(o.toUpperCase(), ` ${o}`, `${o}'`, `${o}; --`, o.replace(/_/g, ' '), '')));
    }
    return out;
  }
  for (const type of typesOf(schema) ?? []) {
    switch (type) {
      case 'integer':
      case 'number': {
        const { lo, hi } = clampInts(schema);
        out.push(
          fc.constantFrom<unknown>(lo - 1, hi + 1, -1, 0, 2 ** 31, INT32_MIN - 1, 2 ** 53 + 2, 1e21, -1e21, 1e308),
          fc.integer({ min: lo, max: Math.min(hi, lo + 12) }).map((n) => (type === 'integer' ? n + 0.5 : String(n))),
          fc.integer({ min: lo, max: Math.min(hi, lo + 12) }).map(String), // numbers as strings
        );
        break;
      }
      case 'string': {
        const max = schema.maxLength;
        // Too long (without surrounding whitespace, which zod may trim). A
        // limit beyond TOO_LONG_BYTES is left to the transport's body limit.
        if (max !== undefined && max < TOO_LONG_BYTES) {
          const top = Math.max(max + 1, Math.min(max * 2 + 10, HUGE_STRING));
          const longer = fc.integer({ min: max + 1, max: top });
          out.push(
            longer.map((n) => 'x'.repeat(n)),
            longer.map((n) => "'; DROP TABLE books; -- ".repeat(Math.ceil(n / 23)).slice(0, n).replace(/^\s+|\s+$/g, 'x')),
          );
          if (max * 4 < TOO_LONG_BYTES) out.push(longer.map((n) => '😀'.repeat(n)));
        }
        if ((schema.minLength ?? 0) > 0) out.push(fc.constant(''));
        if (schema.pattern !== undefined) out.push(fc.constantFrom(...NASTY_TEXT), fc.string({ maxLength: 12 }), fc.constantFrom('2024-13-45T', '24:00', '2024/01/01', 'a@b', '@example.com'));
        out.push(fc.constantFrom<unknown>(0, 1, -1, true, null, [], {}, ['text']));
        break;
      }
      case 'boolean':
        out.push(fc.constantFrom<unknown>('true', 'false', 0, 1, 'yes', null, [], {}));
        break;
      case 'array': {
        const items = schema.items ?? {};
        out.push(fc.constantFrom<unknown>('[]', '1,2,3', 1, null, {}, { 0: 1 }));
        if (schema.maxItems !== undefined) {
          const maxItems = schema.maxItems;
          // Too many: maxItems+1 up to thousands (repeating a few valid items).
          out.push(
            fc
              .tuple(fc.array(valid(items), { minLength: 1, maxLength: 3 }), fc.integer({ min: maxItems + 1, max: maxItems + 3000 }))
              .map(([some, n]) => fillTo(some, n, maxItems + 1)),
          );
        }
        if ((schema.minItems ?? 0) > 0) {
          out.push(fc.array(valid(items), { maxLength: (schema.minItems ?? 1) - 1 }));
        }
        const bad = invalidCandidates(items);
        out.push(
          fc
            .tuple(fc.array(valid(items), { maxLength: 4 }), fc.oneof(...bad), fc.nat())
            .map(([some, x, at]) => {
              const copy = [...some];
              copy.splice(at % (copy.length + 1), 0, x);
              return copy;
            }),
        );
        break;
      }
      case 'object':
        out.push(invalidObject(schema));
        break;
      default:
        break;
    }
  }
  return out;
}

/** A valid object with one thing broken: a required key missing, a field invalid, or an undeclared key where none is allowed. */
function invalidObject(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  const keys = Object.keys(properties);
  const mutations: fc.Arbitrary<(obj: Record<string, unknown>) => Record<string, unknown>>[] = [];
  if (required.length > 0) {
    mutations.push(
      fc.subarray(required, { minLength: 1 }).map((drop) => (obj: Record<string, unknown>) =>
        buildObject(Object.entries(obj).filter(([key]) => !drop.includes(key))),
      ),
    );
  }
  if (keys.length > 0) {
    mutations.push(
      fc
        .constantFrom(...keys)
        .chain((key) => fc.oneof(...invalidCandidates(properties[key] ?? {})).map((bad) => [key, bad] as const))
        .map(([key, bad]) => (obj: Record<string, unknown>) =>
          buildObject([...Object.entries(obj).filter(([k]) => k !== key), [key, bad]]),
        ),
    );
  }
  if (schema.additionalProperties === false) {
    mutations.push(
      fc.constantFrom('extra', 'surprise', 'DROP TABLE').map((key) => (obj: Record<string, unknown>) => buildObject([...Object.entries(obj), [key, 1]])),
    );
  }
  if (mutations.length === 0) return fc.constantFrom<unknown>(null, [], 'object', 42);
  return fc.tuple(validObject(schema), fc.oneof(...mutations)).map(([obj, mutate]) => mutate(obj));
}

// ---------------------------------------------------------------------------
// Tool arguments

/** What goes into params.arguments of tools/call: usually an object, sometimes junk. */
export type ToolArguments = unknown;

/** Arguments the tool's inputSchema accepts (as far as JSON Schema can say). */
export function validArguments(inputSchema: JsonSchema): fc.Arbitrary<ToolArguments> {
  return valid({ ...inputSchema, type: 'object' });
}

/**
 * Arguments the tool's inputSchema certainly rejects: mostly a valid object
 * with one field broken or a required one missing (often with undeclared
 * extras on top), sometimes arguments that are not an object at all.
 */
export function invalidArguments(inputSchema: JsonSchema): fc.Arbitrary<ToolArguments> {
  const schema: JsonSchema = { ...inputSchema, type: 'object' };
  const properties = schema.properties ?? {};
  const broken = invalidObject(schema);
  const withJunk =
    schema.additionalProperties === false
      ? broken
      : fc.tuple(broken, withExtras(properties)).map(([obj, extra]) =>
          isPlainObject(obj) ? buildObject([...Object.entries(obj), ...extra]) : obj,
        );
  return fc
    .oneof(
      { arbitrary: withJunk, weight: 8 },
      { arbitrary: fc.constantFrom<unknown>(null, [], [{}], 'arguments', 42, true), weight: 1 },
    )
    .filter((value) => violates(schema, value));
}

/** Every string (values and keys) inside a value: what an answer may legitimately echo. */
export function stringsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      out.add(key);
      stringsIn(item, out);
    }
  }
  return out;
}
