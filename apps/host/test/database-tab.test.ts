/**
 * The desktop app's Database tab, replayed against the legacy port of
 * database-admin: the calls of spec/legacy-clients.md with the app's own
 * arguments, read back the way the app reads them (appRead / gridRecords
 * below follow "How the client reads the answer"), asserting on what the
 * tab would display and on the rows in the database.
 */
import { adminQuery, createTestDatabase, type TestDatabase } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from './helpers.js';

let database: TestDatabase;
let host: RunningHost;

beforeAll(async () => {
  database = await createTestDatabase();
  host = await startHost({
    DATABASE_URL: database.url,
    MIGRATION_DATABASE_URL: database.directUrl,
    LEGACY_PORTS: 'database-admin=0,book-planning=0',
  });
});
afterAll(async () => {
  await host?.stop();
  await database?.drop();
});

type Shown = { ok: true; data: any } | { ok: false; message: string };

/** database-admin.ts: POST /api/tool-call, then its reading of the answer. */
async function app(tool: string, args: Record<string, unknown> = {}): Promise<Shown> {
  const res = await fetch(`http://127.0.0.1:${host.legacyPorts['database-admin']}/api/tool-call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: Date.now(), method: 'tools/call', params: { name: tool, arguments: args } }),
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status < 200 || res.status > 299) return { ok: false, message: `Request failed with status code ${res.status}` };
  const body = (await res.json()) as any;
  if (body.error) return { ok: false, message: body.error.message };
  const content = body.result?.content ?? body.content;
  if (!content) return { ok: true, data: body };
  const text = String(content[0]?.text ?? '');
  const start = text.search(/[{[]/);
  try {
    return { ok: true, data: JSON.parse(text.slice(start)) };
  } catch {
    return { ok: true, data: text };
  }
}

/** The DataGrid: records, then data / rows / results, or a bare array; a {type,text} record is "metadata". */
function gridRecords(data: any): Record<string, unknown>[] {
  let inner = data;
  if (inner && Array.isArray(inner.content) && inner.content[0]?.text) inner = JSON.parse(inner.content[0].text.slice(inner.content[0].text.search(/[{[]/)));
  const records = inner?.records ?? inner?.data ?? inner?.rows ?? inner?.results ?? (Array.isArray(inner) ? inner : []);
  for (const record of records) {
    const keys = Object.keys(record).sort().join(',');
    if (keys === 'text,type') throw new Error('Query returned metadata instead of table records');
  }
  return records;
}

function shown(result: Shown): any {
  if (!result.ok) throw new Error(`the tab shows an error: ${result.message}`);
  return result.data;
}

describe('the Database tab, unchanged, against port 3010', () => {
  let authorId: number;
  let seriesIds: number[] = [];

  it('status check: GET /health says connected', async () => {
    const res = await fetch(`http://127.0.0.1:${host.legacyPorts['database-admin']}/health`, { signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ server: 'database-admin', status: 'healthy', database: { healthy: true } });
  });

  it('List Tables fills the table list with names', async () => {
    const data = shown(await app('db_list_tables'));
    const tables = (data.tables ?? data) as ({ name: string } | string)[];
    const names = tables.map((t) => (typeof t === 'string' ? t : t.name));
    expect(names).toEqual(expect.arrayContaining(['authors', 'series', 'books', 'chapters']));
    expect(names.length).toBeGreaterThan(40);
  });

  it('clicking a table shows its schema, with the primary key marked', async () => {
    const data = shown(await app('db_get_schema', { table: 'series', includeConstraints: true, includeIndexes: true }));
    const columns = data.columns as { name: string; type: string; nullable: boolean; isPrimaryKey: boolean }[];
    expect(columns.find((c) => c.name === 'id')).toMatchObject({ isPrimaryKey: true });
    expect(columns.find((c) => c.name === 'title')).toMatchObject({ isPrimaryKey: false, nullable: false });
    const listed = shown(await app('db_list_columns', { table: 'series' }));
    expect((listed.columns ?? listed).map((c: { name: string }) => c.name)).toEqual(columns.map((c) => c.name));
  });

  it('CRUD panel: insert rows, then the library view lists them newest first with "created_at DESC"', async () => {
    const author = shown(await app('db_insert_record', { table: 'authors', data: { name: 'Le Guin' }, returnRecord: true }));
    authorId = author.record.id;
    for (const title of ['Earthsea', 'Hainish', 'Orsinia']) {
      const created = shown(await app('db_insert_record', { table: 'series', data: { title, author_id: authorId }, returnRecord: true }));
      seriesIds.push(created.record.id);
      await adminQuery(database.directUrl, "UPDATE series SET created_at = now() - make_interval(mins => $1) WHERE id = $2", [
        10 - seriesIds.length,
        created.record.id,
      ]);
    }
    const library = shown(await app('db_query_records', { table: 'series', orderBy: 'created_at DESC', limit: 50 }));
    expect(gridRecords(library).map((r) => r.title)).toEqual(['Orsinia', 'Hainish', 'Earthsea']);
    const asList = shown(await app('db_query_records', { table: 'series', orderBy: [{ column: 'title', direction: 'ASC' }] }));
    expect(gridRecords(asList).map((r) => r.title)).toEqual(['Earthsea', 'Hainish', 'Orsinia']);
  });

  it('record counts read totalCount', async () => {
    const counted = shown(await app('db_query_records', { table: 'series', where: { author_id: authorId } }));
    expect(counted.totalCount).toBe(3);
    const none = shown(await app('db_query_records', { table: 'series', where: { author_id: authorId + 1000 } }));
    expect(none.totalCount).toBe(0);
  });

  it('update changes the row', async () => {
    const updated = shown(await app('db_update_records', {
      table: 'series',
      data: { description: 'Islands and dragons' },
      where: { id: seriesIds[0] },
      returnRecords: true,
    }));
    expect(updated.updated_count).toBe(1);
    expect(await adminQuery(database.directUrl, 'SELECT description FROM series WHERE id = $1', [seriesIds[0]])).toEqual([
      { description: 'Islands and dragons' },
    ]);
  });

  it('soft delete shows a readable refusal (no story table has deleted_at) and keeps the row; a delete removes it', async () => {
    const soft = await app('db_delete_records', { table: 'series', where: { id: seriesIds[2] }, softDelete: true });
    expect(soft.ok).toBe(false);
    expect(soft.ok ? '' : soft.message).toMatch(/^Soft delete is not available for series/);
    expect(await adminQuery(database.directUrl, 'SELECT count(*)::int AS n FROM series WHERE id = $1', [seriesIds[2]])).toEqual([{ n: 1 }]);
    const hard = shown(await app('db_delete_records', { table: 'series', where: { id: seriesIds[2] }, softDelete: false }));
    expect(hard.deleted_count).toBe(1);
    expect(await adminQuery(database.directUrl, 'SELECT count(*)::int AS n FROM series WHERE id = $1', [seriesIds[2]])).toEqual([{ n: 0 }]);
  });

  it('batch insert reports totalCount', async () => {
    const batch = shown(await app('db_batch_insert', { table: 'genres', records: [{ genre_name: 'Tab Fantasy' }, { genre_name: 'Tab Utopia' }] }));
    expect(batch.totalCount).toBe(2);
    expect(await adminQuery(database.directUrl, "SELECT count(*)::int AS n FROM genres WHERE genre_name LIKE 'Tab %'")).toEqual([{ n: 2 }]);
  });

  it('View Audit Logs (limit 50) shows the writes through data.data, newest first', async () => {
    const data = shown(await app('db_query_audit_logs', { table: 'series', limit: 50, startDate: '2000-01-01' }));
    const logs = (data.data ?? data) as { operation: string; table_name: string }[];
    expect(Array.isArray(logs)).toBe(true);
    const operations = logs.map((l) => l.operation);
    expect(operations.filter((o) => o === 'CREATE')).toHaveLength(3);
    expect(operations).toEqual(expect.arrayContaining(['UPDATE', 'DELETE']));
    expect(logs.every((l) => l.table_name === 'series')).toBe(true);
    const summary = shown(await app('db_get_audit_summary', { startDate: '2000-01-01' }));
    expect(summary.total).toBeGreaterThanOrEqual(5);
  });

  it('server info and the relationship view without a table', async () => {
    const info = shown(await app('db_get_server_info'));
    expect(info.server.name).toBe('database-admin');
    expect(info.database.postgres_version).toMatch(/^\d+/);
    expect(info.pool).toMatchObject({ max: 10 }); // the host's one pool, given to the server
    const relations = shown(await app('db_get_relationships'));
    expect(JSON.stringify(relations)).toMatch(/series/);
  });

  it('shows database and input errors as errors with their message, never as 0 rows', async () => {
    const forbidden = await app('db_query_records', { table: 'pg_authid' });
    expect(forbidden.ok).toBe(false);
    expect(forbidden.ok ? '' : forbidden.message).toMatch(/pg_authid/);
    const fk = await app('db_insert_record', { table: 'series', data: { title: 'Orphan', author_id: 987654 } });
    expect(fk.ok).toBe(false);
    expect(fk.ok ? '' : fk.message).toMatch(/author/i);
    const badOrder = await app('db_query_records', { table: 'series', orderBy: 'title; DROP TABLE series' });
    expect(badOrder.ok ? '' : badOrder.message).toMatch(/orderBy/);
    for (const result of [forbidden, fk, badOrder]) {
      expect(result.ok ? '' : result.message).not.toMatch(/Request failed with status code|SELECT |INSERT INTO/);
    }
    expect(await adminQuery(database.directUrl, 'SELECT count(*)::int AS n FROM series')).toEqual([{ n: 2 }]);
  });

  it('plugins: tools/list and tools/call on another server\'s legacy port', async () => {
    const res = await fetch(`http://127.0.0.1:${host.legacyPorts['book-planning']}/api/tool-call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    const body = (await res.json()) as { result: { tools: { name: string }[] } };
    expect(body.result.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_books', 'create_book']));
  });
});
