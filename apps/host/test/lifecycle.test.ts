import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminQuery, clientConnections, createTestDatabase, type TestDatabase } from '@mcp-writing/testkit';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, MAIN, rpc, startHost, isolated } from './helpers.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

/** Our connections: PostgreSQL backends, or PgBouncer clients when the run goes through it. */
const backends = (appName: string) => clientConnections(database.directUrl, appName);

describe('graceful shutdown', () => {
  it('answers every in-flight call on SIGTERM, exits 0 and leaves no backend behind', async () => {
    const appName = `mcpw-term-${Math.random().toString(36).slice(2, 8)}`;
    const host = await startHost({ DATABASE_URL: database.url, DB_APPLICATION_NAME: appName, MIGRATE_ON_START: '0' });
    // Hold a lock so the calls below stay in flight until we let go.
    const locker = new pg.Client({ connectionString: database.directUrl });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE authors IN ACCESS EXCLUSIVE MODE');
    const calls = Array.from({ length: 5 }, (_, i) =>
      rpc(host.base, 'author', callTool(i, 'create_author', { name: `In flight ${i}` })),
    );
    await expect.poll(() => backends(appName), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const waiting = await adminQuery<{ n: number }>(
      database.directUrl,
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
      [appName],
    );
    expect(waiting[0]!.n).toBeGreaterThanOrEqual(1);
    host.proc.kill('SIGTERM');
    // A new connection is refused once shutdown began; the in-flight ones still complete.
    await expect.poll(() => fetch(`${host.base}/healthz`).then(() => 'open', () => 'closed'), { timeout: 5000 }).toBe('closed');
    await locker.query('COMMIT');
    await locker.end();
    const answers = await Promise.all(calls);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ result: { structuredContent: { author: { name: expect.stringMatching(/^In flight/) } } } });
    }
    expect(await host.exited).toBe(0);
    expect(await backends(appName)).toBe(0);
    const stored = await adminQuery(database.directUrl, "SELECT id FROM authors WHERE name LIKE 'In flight %'");
    expect(stored).toHaveLength(5);
  });

  it('exits 0 on a second signal during shutdown', async () => {
    const host = await startHost({ DATABASE_URL: database.url, MIGRATE_ON_START: '0' });
    host.proc.kill('SIGTERM');
    host.proc.kill('SIGINT');
    expect(await host.exited).toBe(0);
  });
});

describe('stdio', () => {
  it('serves the author tools to a real SDK client over stdio', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [MAIN, '--stdio', 'author'],
      env: isolated({ PATH: process.env.PATH ?? '', DATABASE_URL: database.url, MIGRATE_ON_START: '0' }) as Record<string, string>,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-test', version: '0.0.0' });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('create_author');
    const res = await client.callTool({ name: 'create_author', arguments: { name: 'Over stdio' } });
    expect(res.isError).toBeFalsy();
    const bad = await client.callTool({ name: 'get_author', arguments: { author_id: 'x' } });
    expect(bad.isError).toBe(true);
    await client.close();
  });

  it('writes nothing but protocol to stdout and exits cleanly on stdin EOF, pool closed', async () => {
    const appName = `mcpw-stdio-${Math.random().toString(36).slice(2, 8)}`;
    const child = spawn(process.execPath, [MAIN, '--stdio', 'author'], {
      env: isolated({ PATH: process.env.PATH, DATABASE_URL: database.url, DB_APPLICATION_NAME: appName, LOG_LEVEL: 'debug' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const send = (m: unknown) => child.stdin.write(`${JSON.stringify(m)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send(callTool(2, 'list_authors', {}));
    await expect.poll(() => out.split('\n').filter(Boolean).length, { timeout: 20_000 }).toBe(2);
    expect(await backends(appName)).toBeGreaterThanOrEqual(1);
    child.stdin.end();
    expect(await exited).toBe(0);
    const lines = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: number });
    expect(lines.map((l) => l.id)).toEqual([1, 2]);
    expect(err).toMatch(/serving over stdio/);
    expect(await backends(appName)).toBe(0);
  });

  it('combines several servers on one stdio stream, registering a shared tool once', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [MAIN, '--stdio', 'scene', 'review', 'author'],
      env: isolated({ PATH: process.env.PATH ?? '', DATABASE_URL: database.url, MIGRATE_ON_START: '0' }) as Record<string, string>,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-test', version: '0.0.0' });
    await client.connect(transport);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names.filter((n) => n === 'validate_chapter_structure')).toHaveLength(1);
    expect(names).toEqual(expect.arrayContaining(['create_scene', 'export_manuscript', 'get_author']));
    expect(new Set(names).size).toBe(names.length);
    const res = await client.callTool({ name: 'get_author', arguments: { author_id: 424242 } });
    expect(res.isError).toBe(true);
    await client.close();
  });

  it('answers calls still in flight when stdin ends right after them', async () => {
    const child = spawn(process.execPath, [MAIN, '--stdio', 'author'], {
      env: isolated({ PATH: process.env.PATH, DATABASE_URL: database.url, MIGRATE_ON_START: '0' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const lines = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } },
      callTool(2, 'create_author', { name: 'Written before EOF' }),
      callTool(3, 'list_authors', { limit: 500 }),
    ];
    child.stdin.end(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(await exited).toBe(0);
    const replies = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: number; result?: { isError?: boolean } });
    expect(replies.map((r) => r.id).sort()).toEqual([1, 2, 3]);
    expect(replies.every((r) => r.result && !r.result.isError)).toBe(true);
  });
});

describe('without DATABASE_URL', () => {
  it('starts an embedded PostgreSQL, migrates it, serves, and stops it on SIGTERM; the data survives a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mcpw-embedded-'));
    chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user
    const dataDir = path.join(dir, 'pg');
    const env = { DATABASE_URL: undefined, MCP_WRITING_DATA_DIR: dataDir, EMBEDDED_PG_PORT: '0' };
    try {
      const first = await startHost(env);
      expect(await (await fetch(`${first.base}/readyz`)).json()).toMatchObject({ ready: true, migrations: 'current' });
      const created = await rpc(first.base, 'author', callTool(1, 'create_author', { name: 'Kept' }));
      expect(created.status).toBe(200);
      expect(first.stderr()).toMatch(/embedded PostgreSQL/);
      expect(await first.stop()).toBe(0);
      expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);

      const second = await startHost(env);
      const listed = await rpc(second.base, 'author', callTool(2, 'list_authors', {}));
      expect(listed.text).toMatch(/Kept/);
      expect(await second.stop()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
