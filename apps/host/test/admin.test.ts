import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, textOf, viaPgBouncer, type TestDatabase } from '@mcp-writing/testkit';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, MAIN, rpc, startHost, type RunningHost } from './helpers.js';

let database: TestDatabase;
const stateDirs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});

/** Each host gets its own state dir: tests never touch the repository's .data/. */
function newStateDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcpw-admin-state-'));
  stateDirs.push(dir);
  return dir;
}

function hostEnv(stateDir: string, extra: Record<string, string> = {}) {
  return { DATABASE_URL: database.url, MIGRATE_ON_START: '0', MCP_WRITING_STATE_DIR: stateDir, ...extra };
}

const WRITE = { 'content-type': 'application/json', 'x-mcp-writing-admin': '1' };

async function put(host: RunningHost, name: string, body: unknown, headers: Record<string, string> = WRITE) {
  const res = await fetch(`${host.base}/admin/servers/${name}`, {
    method: 'PUT',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function servers(host: RunningHost, headers: Record<string, string> = {}) {
  const res = await fetch(`${host.base}/admin/servers`, { headers });
  return { status: res.status, json: (await res.json()) as { servers: { name: string; enabled: boolean; label: string; source: string; tools: number }[] } };
}

const stateOf = async (host: RunningHost, name: string) => (await servers(host)).json.servers.find((s) => s.name === name);

/** A review tool call that reaches the server: an unknown book is "not found", not "disabled". */
const reviewCall = (id: number) => callTool(id, 'export_manuscript', { book_id: 987654 });
const DISABLED = /server review is disabled \(enable it in the console or with PUT \/admin\/servers\/review\)/;

describe('admin API', () => {
  let host: RunningHost;
  let stateDir: string;
  beforeAll(async () => {
    stateDir = newStateDir();
    // Through PgBouncer, the console's budget reads its limits too.
    host = await startHost(hostEnv(stateDir, viaPgBouncer() ? { PGBOUNCER_ADMIN_URL: process.env.PGBOUNCER_ADMIN_URL! } : {}));
  });
  afterAll(() => host?.stop());

  it('lists every registered server with its state, source and tool count', async () => {
    const { status, json } = await servers(host);
    expect(status).toBe(200);
    const review = json.servers.find((s) => s.name === 'review');
    expect(review).toMatchObject({ enabled: true, source: 'ACTIVE_MCP_SERVERS', label: 'enabled (ACTIVE_MCP_SERVERS)' });
    expect(review!.tools).toBeGreaterThan(0);
    expect(json.servers.map((s) => s.name)).toContain('author');
  });

  it('disables a server live: its calls get the disabled error, other servers answer, and it comes back', async () => {
    const before = await rpc(host.base, 'review', reviewCall(1));
    expect(JSON.stringify(before.json)).not.toMatch(/disabled/);

    const off = await put(host, 'review', { enabled: false });
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ name: 'review', enabled: false, source: 'run time', label: 'disabled at run time' });

    const refused = await rpc(host.base, 'review', reviewCall(2));
    expect(refused.status).toBe(200);
    expect(refused.json).toMatchObject({
      id: 2,
      result: { isError: true, _meta: { 'mcp-writing/error-kind': 'disabled' } },
    });
    expect(textOf((refused.json as { result: never }).result)).toMatch(DISABLED);
    const listed = await rpc(host.base, 'review', { jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} });
    expect(listed.json).toMatchObject({ id: 3, error: { message: expect.stringMatching(DISABLED) } });
    const author = await rpc(host.base, 'author', callTool(4, 'list_authors', {}));
    expect(author.json).toMatchObject({ result: { structuredContent: expect.any(Object) } });
    expect((author.json as { result: { isError?: boolean } }).result.isError).toBeFalsy();
    expect(await (await fetch(`${host.base}/healthz`)).json()).toMatchObject({ servers: expect.not.arrayContaining(['review']) });

    const file = JSON.parse(readFileSync(path.join(stateDir, 'servers.json'), 'utf8')) as { servers: Record<string, { enabled: boolean }> };
    expect(file.servers.review).toMatchObject({ enabled: false });

    const on = await put(host, 'review', { enabled: true });
    expect(on.json).toMatchObject({ name: 'review', enabled: true, source: 'ACTIVE_MCP_SERVERS', label: 'enabled (ACTIVE_MCP_SERVERS)' });
    const back = await rpc(host.base, 'review', reviewCall(5));
    expect(JSON.stringify(back.json)).not.toMatch(/disabled/);
    expect(back.json).toMatchObject({ result: { isError: true, content: [{ text: expect.stringMatching(/987654/) }] } });
    // Back to what ACTIVE_MCP_SERVERS says: the override is gone from the file.
    const after = JSON.parse(readFileSync(path.join(stateDir, 'servers.json'), 'utf8')) as { servers: Record<string, unknown> };
    expect(after.servers.review).toBeUndefined();
  });

  it('refuses changes without the admin header or from a cross-site Origin (CSRF)', async () => {
    const noHeader = await put(host, 'review', { enabled: false }, { 'content-type': 'application/json' });
    expect(noHeader.status).toBe(403);
    expect(noHeader.json.error).toMatch(/X-MCP-Writing-Admin/);
    // Same host name, other port: another local site.
    const otherPort = await put(host, 'review', { enabled: false }, { ...WRITE, origin: 'http://127.0.0.1:1' });
    expect(otherPort.status).toBe(403);
    expect(otherPort.json.error).toMatch(/cross-site/);
    const foreign = await fetch(`${host.base}/admin/servers/review`, {
      method: 'PUT',
      headers: { ...WRITE, origin: 'https://evil.example' },
      body: '{"enabled":false}',
    });
    expect(foreign.status).toBe(403);
    const sameOrigin = await put(host, 'author', { enabled: true }, { ...WRITE, origin: host.base });
    expect(sameOrigin.status).toBe(200);
    expect((await stateOf(host, 'review'))?.enabled).toBe(true);
  });

  it('answers an unknown server with 404 and a bad body with 400 naming the field', async () => {
    const unknown = await put(host, 'nope', { enabled: false });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatch(/no server named "nope".*review/);
    expect((await fetch(`${host.base}/admin/servers/nope`)).status).toBe(404);
    expect((await rpc(host.base, 'nope', callTool(1, 'x', {}))).status).toBe(404);
    for (const body of ['{"enabled":"no"}', '{}', 'not json', '[true]', '{"enabled":true,"force":1}']) {
      const bad = await put(host, 'review', body);
      expect(bad.status, body).toBe(400);
      expect(bad.json.error).toMatch(/enabled|JSON|force/);
    }
    expect((await stateOf(host, 'review'))?.enabled).toBe(true);
  });

  it('reports status: servers, pool, samples and the connection budget', async () => {
    await rpc(host.base, 'review', reviewCall(9));
    const res = await fetch(`${host.base}/admin/status`);
    expect(res.status).toBe(200);
    const status = (await res.json()) as {
      servers: { name: string; stats: { calls: number } }[];
      pool: { max: number; total: number };
      samples: { t: number; total: number }[];
      budget: {
        poolMax: number;
        pg: { maxConnections: number } | null;
        bouncer: { maxClientConn: number; poolMode: string } | null;
        checks: { what: string; fits: boolean }[];
      };
    };
    expect(status.pool.max).toBe(10);
    expect(status.samples.length).toBeGreaterThan(0);
    expect(status.servers.find((s) => s.name === 'review')!.stats.calls).toBeGreaterThanOrEqual(1);
    expect(status.budget.poolMax).toBe(10);
    expect(status.budget.pg!.maxConnections).toBeGreaterThan(10);
    expect(status.budget.checks[0]).toMatchObject({ fits: true });
    if (viaPgBouncer()) {
      expect(status.budget.bouncer).toMatchObject({ poolMode: 'transaction', maxClientConn: expect.any(Number) });
      expect(status.budget.checks.map((c) => c.what)).toEqual(['PgBouncer clients', 'PostgreSQL behind PgBouncer']);
    } else {
      expect(status.budget.bouncer).toBeNull();
      expect(status.budget.checks.map((c) => c.what)).toEqual(['PostgreSQL']);
    }
  });

  it('serves the console page offline-ready: no external assets, a strict CSP', async () => {
    const res = await fetch(`${host.base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).toContain('/admin/status');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe('admin API with MCP_AUTH_TOKEN', () => {
  it('requires the same bearer token as /mcp', async () => {
    const host = await startHost(hostEnv(newStateDir(), { MCP_AUTH_TOKEN: 'console-secret' }));
    try {
      expect((await servers(host)).status).toBe(401);
      expect((await servers(host, { authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await put(host, 'review', { enabled: false })).status).toBe(401);
      const ok = await servers(host, { authorization: 'Bearer console-secret' });
      expect(ok.status).toBe(200);
      const changed = await put(host, 'review', { enabled: false }, { ...WRITE, authorization: 'Bearer console-secret' });
      expect(changed.status).toBe(200);
      // The page itself holds no data; its script asks for the token.
      expect((await fetch(`${host.base}/`)).status).toBe(200);
    } finally {
      await host.stop();
    }
  });
});

describe('persistence', () => {
  it('keeps a run-time change across a restart and shows it as such', async () => {
    const stateDir = newStateDir();
    const first = await startHost(hostEnv(stateDir, { ACTIVE_MCP_SERVERS: 'author,review' }));
    try {
      expect((await put(first, 'review', { enabled: false })).status).toBe(200);
      const scene = await put(first, 'scene', { enabled: true });
      expect(scene.json).toMatchObject({ enabled: true, label: 'enabled at run time' });
      expect((scene.json as { tools: number }).tools).toBeGreaterThan(0);
      const call = await rpc(first.base, 'scene', callTool(1, 'get_scene', { scene_id: 987654 }));
      expect(JSON.stringify(call.json)).not.toMatch(/disabled/);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startHost(hostEnv(stateDir, { ACTIVE_MCP_SERVERS: 'author,review' }));
    try {
      expect(await stateOf(second, 'review')).toMatchObject({ enabled: false, source: 'run time', label: 'disabled at run time' });
      expect(await stateOf(second, 'scene')).toMatchObject({ enabled: true, label: 'enabled at run time' });
      expect(await stateOf(second, 'author')).toMatchObject({ enabled: true, label: 'enabled (ACTIVE_MCP_SERVERS)' });
      expect(await stateOf(second, 'reporting')).toMatchObject({ enabled: false, label: 'disabled (ACTIVE_MCP_SERVERS)' });
      expect(await (await fetch(`${second.base}/healthz`)).json()).toMatchObject({ servers: ['scene', 'author'] });
      const refused = await rpc(second.base, 'review', reviewCall(1));
      expect(textOf((refused.json as { result: never }).result)).toMatch(DISABLED);
      // Never enabled here: registered, so disabled rather than unknown.
      const reporting = await rpc(second.base, 'reporting', callTool(2, 'generate_report', {}));
      expect(reporting.status).toBe(200);
      expect(textOf((reporting.json as { result: never }).result)).toMatch(/server reporting is disabled/);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('refuses to start on an unreadable servers.json, naming the file', async () => {
    const stateDir = newStateDir();
    writeFileSync(path.join(stateDir, 'servers.json'), '{ not json');
    await expect(startHost(hostEnv(stateDir))).rejects.toThrow(/servers\.json is not valid JSON; fix or delete it/);
  });
});

describe('--stdio and the persisted state', () => {
  it('answers a server disabled in servers.json with the disabled error, and follows the file live', async () => {
    const stateDir = newStateDir();
    const file = path.join(stateDir, 'servers.json');
    writeFileSync(file, JSON.stringify({ version: 1, servers: { review: { enabled: false, changedAt: new Date().toISOString() } } }));
    const client = new Client({ name: 'stdio-admin-test', version: '0.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [MAIN, '--stdio', 'review', 'author'],
        env: { PATH: process.env.PATH ?? '', ...hostEnv(stateDir), LOG_LEVEL: 'warn' },
        stderr: 'pipe',
      }),
    );
    try {
      const refused = await client.callTool({ name: 'export_manuscript', arguments: { book_id: 987654 } });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(DISABLED);
      expect(refused._meta).toMatchObject({ 'mcp-writing/error-kind': 'disabled' });
      const author = await client.callTool({ name: 'list_authors', arguments: {} });
      expect(author.isError).toBeFalsy();

      // A console elsewhere switches review back on: the running stdio process follows.
      writeFileSync(`${file}.tmp`, JSON.stringify({ version: 1, servers: {} }));
      const { renameSync } = await import('node:fs');
      renameSync(`${file}.tmp`, file);
      await expect
        .poll(async () => textOf(await client.callTool({ name: 'export_manuscript', arguments: { book_id: 987654 } })), {
          timeout: 5000,
        })
        .toMatch(/987654/);
    } finally {
      await client.close();
    }
  });
});

describe('Streamable HTTP client of a server disabled at run time', () => {
  it('gets the disabled error from a real SDK client', async () => {
    const host = await startHost(hostEnv(newStateDir()));
    const client = new Client({ name: 'admin-http', version: '0.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(`${host.base}/mcp/review`)));
      await put(host, 'review', { enabled: false });
      const res = await client.callTool({ name: 'export_manuscript', arguments: { book_id: 1 } });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(DISABLED);
    } finally {
      await client.close();
      await host.stop();
    }
  });
});
