/**
 * T17 (spec/reliability.md): input fuzzing of every tool of every enabled
 * server, over the real Streamable HTTP endpoint of the built host.
 *
 * Generator: each tool's own `inputSchema` (JSON Schema as the SDK emits it
 * from zod 4: type, required, enum, minimum/maximum, min/maxLength, pattern,
 * items, nested objects, anyOf/nullable) is read from `tools/list` and turned
 * into fast-check arbitraries (./arbitraries.ts). Valid values: boundaries
 * (min, max, 0, -1, 2^31, exactly maxLength, empty), small ids that exist,
 * SQL-looking text ('; DROP TABLE books; --, 1 OR 1=1, $1, \\), emoji, RTL,
 * NUL, lone surrogates, numbers as strings, ~200 KB text, arrays of thousands
 * of items, undeclared extra keys. Invalid values: a valid object with one
 * thing broken (wrong type, null, out of range, too long, numbers as strings,
 * bad enum or pattern, too many items, nested junk, a required key missing)
 * or arguments that are not an object. "Invalid" is checked by a conservative
 * JSON Schema validator (`violates`), so zod must refuse every one of them.
 *
 * Phases: seed (valid arguments to the additive tools only, so rows exist for
 * the ids to hit), invalid (invalid arguments only: every answer must be an
 * error, and a checksum of every table must not move), mixed (2 valid : 1
 * invalid). Every answer: HTTP 200, a JSON-RPC 2.0 reply with the request's
 * id, a CallToolResult or a JSON-RPC error; no "Internal error (ref …)"; no
 * SQL, PostgreSQL internals or stack traces in error texts.
 *
 * Seed and bounds: SEED (fixed; FUZZ_SEED overrides it to explore). Each
 * tool's cases come from fc.sample with a seed derived from SEED, the phase
 * and the tool's name, so adding a tool does not change the others' cases.
 * A phase gives each tool ceil(TARGET / tools) cases (about 4300 calls in
 * all with 111 tools, >= 3000 whatever the count), sent 8 at a time; every
 * body stays under the 8 MiB limit. About 30 s on two cores; each phase has
 * its own timeout and the whole file stays bounded (about 10 minutes at most on a loaded machine). The inputs are
 * reproducible; with 8 calls in flight the order in which they reach the
 * database (and so a few answers) is not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@mcp-writing/testkit';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpc, startHost, type RunningHost } from '../helpers.js';
import { NASTY_TEXT, invalidArguments, stringsIn, validArguments, type JsonSchema, type ToolArguments } from './arbitraries.js';

/** Fixed, so every run sends the same inputs; FUZZ_SEED=<n> explores others (a failure prints the seed). */
const SEED = Number(process.env.FUZZ_SEED ?? 0x7_17_2024);
const CONCURRENCY = 8;
/** Calls per phase, spread evenly over the tools (rounded up). */
const TARGET = { seed: 600, invalid: 1600, mixed: 2000 } as const;
const MIN_TOTAL = 3000;
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const CALL_TIMEOUT_MS = 30_000;

const SQL_RE = /\b(select|insert into|update \w+ set|delete from)\b/i;
/** PostgreSQL's own phrasing. A tool's sentence may name a column ('unknown column "x" in books'), PostgreSQL's may not reach the model. */
const PG_INTERNALS_RE = /violates|constraint "|syntax error at|relation "|column "[^"]*" (?:of relation|does not exist|is of type|cannot|specified more than once|must appear|contains null)/i;
const STACK_RE = /\n\s+at |\.js:\d+:\d+/;

type Phase = keyof typeof TARGET;

interface Tool {
  server: string;
  name: string;
  inputSchema: JsonSchema;
  /** Not read-only, not destructive, not idempotent: it adds rows (create_*, add_*, track_*, backups). */
  additive: boolean;
}

interface Case {
  phase: Phase;
  tool: Tool;
  args: ToolArguments;
  invalid: boolean;
}

interface Finding {
  phase: Phase;
  kind: string;
  tool: string;
  args: string;
  answer: string;
}

interface PhaseStats {
  calls: number;
  invalidCalls: number;
  ok: number;
  toolErrors: number;
  rpcErrors: number;
  maxBodyBytes: number;
  seconds: number;
}

let database: TestDatabase;
let host: RunningHost;
let backupDir: string;
let tools: Tool[] = [];
let nextId = 1;
const stats: Partial<Record<Phase, PhaseStats>> = {};
const findings: Finding[] = [];

// ---------------------------------------------------------------------------
// Case generation

/** FNV-1a, so each tool's seed depends on its name only. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function argumentsFor(phase: Phase, tool: Tool): fc.Arbitrary<{ args: ToolArguments; invalid: boolean }> {
  const good = validArguments(tool.inputSchema).map((args) => ({ args, invalid: false }));
  const bad = invalidArguments(tool.inputSchema).map((args) => ({ args, invalid: true }));
  switch (phase) {
    case 'seed':
      return good;
    case 'invalid':
      return bad;
    case 'mixed':
      return fc.oneof({ arbitrary: good, weight: 2 }, { arbitrary: bad, weight: 1 });
  }
}

/**
 * Each tool's cases, interleaved round-robin so rows made in one round are
 * there for the next. The seed phase runs only the additive tools: over its
 * rounds authors, then series, books, chapters... come to exist, at the small
 * ids the generator favours.
 */
function casesFor(phase: Phase): Case[] {
  const ordered = phase === 'seed' ? tools.filter((t) => t.additive) : tools;
  const perTool = Math.ceil(TARGET[phase] / ordered.length);
  const samples = ordered.map((tool) =>
    fc.sample(argumentsFor(phase, tool), { seed: (SEED ^ hash(`${phase}/${tool.server}/${tool.name}`)) | 0, numRuns: perTool }),
  );
  const cases: Case[] = [];
  for (let round = 0; round < perTool; round++) {
    ordered.forEach((tool, i) => {
      const sample = samples[i]?.[round];
      if (sample) cases.push({ phase, tool, ...sample });
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------
// Checking one answer

function clip(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** Corpus strings and their prefixes (stored text comes back cut to a column's length), longest first. */
const CORPUS_PIECES = [...new Set(NASTY_TEXT.flatMap((s) => Array.from({ length: s.length - 3 }, (_, i) => s.slice(0, s.length - i))))]
  .map((s) => s.toLowerCase())
  .sort((a, b) => b.length - a.length);

/**
 * Removes text an error answer may legitimately quote (case-insensitively,
 * raw or JSON-escaped): the call's own strings, and the fuzzer's corpus, whole
 * or cut short, which earlier calls stored (a list of valid genres, say).
 */
function scrub(text: string, echoes: Set<string>): string {
  let out = text.toLowerCase();
  const own = [...echoes].filter((s) => s.length >= 2).map((s) => s.toLowerCase()).sort((a, b) => b.length - a.length);
  for (const s of [...own, ...CORPUS_PIECES]) {
    if (out.includes(s)) out = out.split(s).join('');
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s && out.includes(escaped)) out = out.split(escaped).join('');
  }
  return out;
}

function leaks(text: string, echoes: Set<string>): string | undefined {
  if (!SQL_RE.test(text) && !PG_INTERNALS_RE.test(text) && !STACK_RE.test(text)) return undefined;
  const rest = scrub(text, echoes);
  if (SQL_RE.test(rest)) return 'SQL in an error answer';
  if (PG_INTERNALS_RE.test(rest)) return 'PostgreSQL internals in an error answer';
  if (STACK_RE.test(rest)) return 'stack trace in an error answer';
  return undefined;
}

type Answer = { status: number; json: unknown; text: string } | { timedOut: true };

/** Problems with one answer (empty when it is fine); also counts outcomes. */
function check(c: Case, id: number, bytes: number, answer: Answer, s: PhaseStats): string[] {
  if ('timedOut' in answer) return [`no answer within ${CALL_TIMEOUT_MS} ms`];
  if (answer.status === 413 && bytes > MAX_BODY_BYTES) return [];
  if (answer.status !== 200) return [`HTTP ${answer.status}`];
  const reply = answer.json as Record<string, unknown> | undefined;
  if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) return ['not a JSON object'];
  const problems: string[] = [];
  if (reply.jsonrpc !== '2.0') problems.push('jsonrpc is not "2.0"');
  if (reply.id !== id) problems.push(`id ${JSON.stringify(reply.id)} instead of ${id}`);
  const hasResult = 'result' in reply;
  const hasError = 'error' in reply;
  if (hasResult === hasError) return [...problems, 'neither exactly one of result and error'];
  const echoes = stringsIn(c.args);
  const errorTexts: string[] = [];
  if (hasError) {
    s.rpcErrors += 1;
    const error = reply.error as { code?: unknown; message?: unknown } | null;
    if (typeof error?.code !== 'number' || !Number.isInteger(error.code)) problems.push('error.code is not an integer');
    if (typeof error?.message !== 'string') problems.push('error.message is not a string');
    else errorTexts.push(error.message);
  } else {
    const result = reply.result as { content?: unknown; isError?: unknown } | null;
    if (typeof result !== 'object' || result === null) return [...problems, 'result is not an object'];
    if (!Array.isArray(result.content)) problems.push('result.content is not an array');
    if (result.isError !== undefined && typeof result.isError !== 'boolean') problems.push('result.isError is not a boolean');
    const items = Array.isArray(result.content) ? (result.content as unknown[]) : [];
    const texts: string[] = [];
    for (const item of items) {
      const it = item as { type?: unknown; text?: unknown } | null;
      if (typeof it?.type !== 'string') problems.push('a content item has no string type');
      else if (it.type === 'text' && typeof it.text !== 'string') problems.push('a text item has no string text');
      else if (typeof it.text === 'string') texts.push(it.text);
    }
    if (result.isError === true) {
      s.toolErrors += 1;
      errorTexts.push(...texts);
    } else {
      s.ok += 1;
      if (c.phase === 'invalid') problems.push('invalid arguments were accepted');
    }
  }
  for (const text of errorTexts) {
    if (text.includes('Internal error (ref')) problems.push('Internal error');
    if (/Output validation error/.test(text)) problems.push('the result does not match the output schema');
    const leak = leaks(text, echoes);
    if (leak) problems.push(leak);
  }
  return problems;
}

/** The cause of an "Internal error (ref X)" answer, from the host's log: error type, code, message, first frame in the project. */
function logFor(text: string): string | undefined {
  const ref = /Internal error \(ref ([0-9a-f]+)\)/.exec(text)?.[1];
  if (!ref) return undefined;
  const line = host.stderr().split('\n').find((l) => l.includes(`"ref":"${ref}"`));
  if (!line) return undefined;
  try {
    const { err } = JSON.parse(line) as { err?: { type?: string; code?: string; message?: string; stack?: string } };
    const frame = err?.stack?.split('\n').find((l) => /\/packages\//.test(l))?.trim();
    return `${err?.type} ${err?.code ?? ''}: ${err?.message} ${frame ?? ''}`;
  } catch {
    return clip(line, 1500);
  }
}

// ---------------------------------------------------------------------------
// Running a phase

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | { timedOut: true }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runPhase(phase: Phase): Promise<PhaseStats> {
  const cases = casesFor(phase);
  const s: PhaseStats = { calls: 0, invalidCalls: 0, ok: 0, toolErrors: 0, rpcErrors: 0, maxBodyBytes: 0, seconds: 0 };
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) {
      const c = cases[i]!;
      const id = nextId++;
      const body = JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: c.tool.name, arguments: c.args } });
      const bytes = Buffer.byteLength(body);
      s.maxBodyBytes = Math.max(s.maxBodyBytes, bytes);
      let answer: Awaited<ReturnType<typeof rpc>> | { timedOut: true };
      try {
        answer = await withTimeout(rpc(host.base, c.tool.server, body), CALL_TIMEOUT_MS);
      } catch (error) {
        // A dropped connection is a finding like any other (the phase goes on,
        // so the next phases still start from a quiet database), reported with
        // the host's own warnings and errors.
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const logged = host
          .stderr()
          .split('\n')
          .filter((line) => /"level":(40|50|60)/.test(line))
          .slice(-5)
          .join('\n');
        findings.push({
          phase,
          kind: `connection error: ${cause?.code ?? ''} ${cause?.message ?? String(error)}`,
          tool: `${c.tool.server}/${c.tool.name}`,
          args: clip(JSON.stringify(c.args) ?? 'undefined'),
          answer: clip(logged || '(the host logged no warning or error)'),
        });
        continue;
      }
      s.calls += 1;
      if (c.invalid) s.invalidCalls += 1;
      const problems = check(c, id, bytes, answer, s);
      if (problems.length > 0) {
        const text = 'timedOut' in answer ? '' : answer.text;
        findings.push({
          phase,
          kind: problems.join('; '),
          tool: `${c.tool.server}/${c.tool.name}`,
          args: clip(JSON.stringify(c.args) ?? 'undefined'),
          answer: clip(text),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  s.seconds = Math.round((performance.now() - started) / 100) / 10;
  stats[phase] = s;
  process.stderr.write(`[T17 fuzz] ${phase}: ${JSON.stringify(s)}\n`);
  return s;
}

function report(phase: Phase): string {
  const mine = findings.filter((f) => f.phase === phase);
  const lines = mine.slice(0, 30).map((f) => {
    const log = logFor(f.answer); // read now: the host's log is written asynchronously
    return `- ${f.tool}: ${f.kind}\n  args: ${f.args}\n  answer: ${f.answer}${log ? `\n  log: ${log}` : ''}`;
  });
  if (mine.length > 30) lines.push(`… and ${mine.length - 30} more`);
  return `${mine.length} bad answers in the ${phase} phase (seed ${SEED}):\n${lines.join('\n')}`;
}

// ---------------------------------------------------------------------------
// The database checksum

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Row count and md5 of the ordered text of every row, per table of the public schema. */
async function checksum(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const sums: Record<string, string> = {};
    for (const { table_name } of tables) {
      const { rows } = await client.query<{ n: number; h: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS h
           FROM public.${ident(table_name)} t`,
      );
      sums[table_name] = `${rows[0]?.n}:${rows[0]?.h}`;
    }
    return sums;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------

beforeAll(async () => {
  database = await createTestDatabase();
  backupDir = mkdtempSync(path.join(tmpdir(), 'mcpw-fuzz-backups-'));
  host = await startHost({
    DATABASE_URL: database.url,
    MIGRATION_DATABASE_URL: database.directUrl,
    DB_APPLICATION_NAME: `mcpw-fuzz-${Math.random().toString(36).slice(2, 8)}`,
    BACKUP_DIR: backupDir, // used by database-admin when it is registered
  });
  const health = (await (await fetch(`${host.base}/healthz`)).json()) as { servers: string[] };
  for (const server of health.servers) {
    const listed = await rpc(host.base, server, { jsonrpc: '2.0', id: `list-${server}`, method: 'tools/list', params: {} });
    type Listed = { name: string; inputSchema: JsonSchema; annotations?: Record<string, unknown> };
    const result = (listed.json as { result?: { tools?: Listed[]; nextCursor?: string } }).result;
    expect(result?.nextCursor, `${server} paginates tools/list`).toBeUndefined();
    for (const tool of result?.tools ?? []) {
      const a = tool.annotations ?? {};
      const additive = a.readOnlyHint !== true && a.destructiveHint !== true && a.idempotentHint !== true;
      tools.push({ server, name: tool.name, inputSchema: tool.inputSchema, additive });
    }
  }
}, 90_000);

afterAll(async () => {
  await host?.stop();
  await database?.drop();
  if (backupDir) rmSync(backupDir, { recursive: true, force: true });
});

describe('T17: input fuzzing of every tool over HTTP', () => {
  it('lists the tools of every enabled server', () => {
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((t) => t.inputSchema?.type === 'object')).toBe(true);
  });

  it('seed phase (valid arguments only): every answer is well formed', async () => {
    await runPhase('seed');
    expect(findings.filter((f) => f.phase === 'seed'), report('seed')).toHaveLength(0);
  }, 120_000);

  it('invalid phase: every invalid call is refused, and the database does not change', async () => {
    const before = await checksum(database.directUrl);
    expect(Object.keys(before).length).toBeGreaterThan(0);
    const s = await runPhase('invalid');
    const after = await checksum(database.directUrl);
    expect(findings.filter((f) => f.phase === 'invalid'), report('invalid')).toHaveLength(0);
    expect(s.ok).toBe(0);
    expect(after).toEqual(before);
  }, 120_000);

  it('mixed phase (valid and invalid): every answer is well formed', async () => {
    await runPhase('mixed');
    expect(findings.filter((f) => f.phase === 'mixed'), report('mixed')).toHaveLength(0);
  }, 240_000);

  it('leaves the host alive and ran at least 3000 cases', async ({ annotate }) => {
    const health = await fetch(`${host.base}/healthz`);
    expect(health.status).toBe(200);
    const total = Object.values(stats).reduce((n, s) => n + s.calls, 0);
    const summary = `T17 fuzz: ${tools.length} tools, ${total} calls (${Object.entries(stats)
      .map(([phase, s]) => `${phase} ${s.calls} in ${s.seconds}s`)
      .join(', ')}), seed ${SEED}`;
    process.stderr.write(`[T17 fuzz] ${summary}\n`);
    await annotate(summary);
    expect(total).toBeGreaterThanOrEqual(MIN_TOTAL);
    expect(Math.max(...Object.values(stats).map((s) => s.maxBodyBytes))).toBeLessThan(MAX_BODY_BYTES);
  }, 30_000);
});
