import { PoolBusyError } from '@mcp-writing/db';
import { NoResultError } from 'kysely';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fail, notFound, ok, runTool, ToolError } from '../src/index.js';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

const text = (r: { content: unknown }) => (r.content as { text: string }[]).map((c) => c.text).join('');

describe('ok / fail', () => {
  it('returns the same JSON as text and as structuredContent, dates as ISO strings', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const result = ok({ book: { id: 1, updated_at: at } });
    expect(result.structuredContent).toEqual({ book: { id: 1, updated_at: '2026-01-02T03:04:05.000Z' } });
    expect(JSON.parse(text(result))).toEqual(result.structuredContent);
    expect(result.isError).toBeUndefined();
  });
  it('marks failures as tool errors', () => {
    expect(fail('book 3 not found')).toEqual({ isError: true, content: [{ type: 'text', text: 'book 3 not found' }] });
    expect(fail('book 3 not found', 'not_found')._meta).toEqual({ 'mcp-writing/error-kind': 'not_found' });
  });
});

describe('runTool', () => {
  it('wraps the body result', async () => {
    const { log } = capturingLogger();
    const result = await runTool(log, 't', async () => ({ n: 1 }));
    expect(result.structuredContent).toEqual({ n: 1 });
  });

  it('shows a ToolError message as is', async () => {
    const { log, lines } = capturingLogger();
    const result = await runTool(log, 't', async () => {
      throw notFound('book', 42);
    });
    expect(result).toEqual(fail('book 42 not found', 'not_found'));
    expect(lines).toHaveLength(0);
    const conflict = await runTool(log, 't', async () => {
      throw new ToolError('That chapter number is taken.', 'conflict');
    });
    expect(text(conflict)).toBe('That chapter number is taken.');
  });

  it('turns known database errors into sentences without SQL', async () => {
    const { log } = capturingLogger();
    const duplicate = Object.assign(new Error('duplicate key value violates unique constraint "books_series_id_book_number_key"'), {
      code: '23505',
      table: 'books',
      detail: 'Key (series_id, book_number)=(1, 2) already exists.',
    });
    const result = await runTool(log, 'create_book', async () => {
      throw duplicate;
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('A record in books with the same series_id, book_number already exists.');
    const busy = await runTool(log, 't', async () => {
      throw new PoolBusyError('server scene', 5000);
    });
    expect(text(busy)).toMatch(/database is busy/i);
    expect(busy._meta).toEqual({ 'mcp-writing/error-kind': 'busy' });
    const none = await runTool(log, 't', async () => {
      throw new NoResultError({} as never);
    });
    expect(text(none)).toMatch(/no matching record/i);
  });

  it('hides unexpected errors behind a reference that is in the log', async () => {
    const { log, lines } = capturingLogger();
    const result = await runTool(log, 'get_book', async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'id') SELECT * FROM books");
    });
    const message = text(result);
    expect(result.isError).toBe(true);
    const ref = /Internal error \(ref ([0-9a-f]{8})\)/.exec(message)?.[1];
    expect(ref).toBeDefined();
    expect(message).not.toMatch(/SELECT|undefined|TypeError/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ ref, tool: 'get_book', msg: 'tool call failed' });
    expect(result._meta).toEqual({ 'mcp-writing/error-kind': 'internal' });
  });
});
