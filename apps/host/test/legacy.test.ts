import { adminQuery, createTestDatabase, freePort, type TestDatabase } from '@mcp-writing/testkit';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_NAMES } from '../src/registry.js';
import { startHost, startHostExpectingFailure, type RunningHost } from './helpers.js';

// The original servers' ports, served by one host process: every port gets a free
// port here (LEGACY_PORTS=<server>=0,...) so test files can run side by side.
const EVERY_PORT_FREE = SERVER_NAMES.map((name) => `${name}=0`).join(',');

/** One harmless real call per server, and what its answer must contain. */
const PROBES: Record<string, { tool: string; args: Record<string, unknown>; expect: RegExp }> = {
  'book-planning': { tool: 'list_books', args: {}, expect: /books/ },
  'series-planning': { tool: 'list_series', args: {}, expect: /series/ },
  'chapter-planning': { tool: 'book_get_chapter', args: { chapter_id: 424242 }, expect: /424242/ },
  'character-planning': { tool: 'list_relationship_arcs', args: {}, expect: /arcs|\[\]/ },
  scene: { tool: 'get_scene', args: { scene_id: 424242 }, expect: /424242/ },
  'core-continuity': { tool: 'get_character', args: { character_id: 424242 }, expect: /424242/ },
  review: { tool: 'get_writing_progress', args: { book_id: 424242 }, expect: /424242/ },
  reporting: { tool: 'generate_report', args: {}, expect: /series_id|book_id/ },
  author: { tool: 'list_authors', args: {}, expect: /authors/ },
};

let database: TestDatabase;
let host: RunningHost;

beforeAll(async () => {
  database = await createTestDatabase();
  host = await startHost({
    DATABASE_URL: database.url,
    MIGRATION_DATABASE_URL: database.directUrl,
    LEGACY_PORTS: EVERY_PORT_FREE,
    LEGACY_SSE_MAX_SESSIONS: '14',
  });
});
afterAll(async () => {
  await host?.stop();
  await database?.drop();
});

const legacyUrl = (server: string, path = '/') => `http://127.0.0.1:${host.legacyPorts[server]}${path}`;

async function toolCall(server: string, body: unknown): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(legacyUrl(server, '/api/tool-call'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe('one listener per original server, in the same process', () => {
  it('opens a port for each of the ten servers', () => {
    expect(Object.keys(host.legacyPorts)).toEqual([...SERVER_NAMES]);
    expect(new Set(Object.values(host.legacyPorts)).size).toBe(10);
  });

  it('answers GET /health with the shape the desktop app and the HEALTHCHECK read', async () => {
    for (const server of SERVER_NAMES) {
      const res = await fetch(legacyUrl(server, '/health'), { signal: AbortSignal.timeout(5_000) });
      expect(res.status, server).toBe(200);
      const body = (await res.json()) as Record<string, any>;
      expect(body).toMatchObject({ server, status: 'healthy', database: { healthy: true } });
      expect(typeof body.activeSessions).toBe('number');
      expect(Date.parse(body.timestamp)).not.toBeNaN();
    }
  });

  it('answers GET /info with the server, its tool count and its endpoints', async () => {
    const body = (await (await fetch(legacyUrl('author', '/info'))).json()) as Record<string, any>;
    expect(body).toMatchObject({ server: 'author', tools: 4, endpoints: { toolCall: 'POST /api/tool-call', sse: 'GET /' } });
  });

  it('refuses a foreign Host header (DNS rebinding) and says where to go on an unknown path', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(legacyUrl('author', '/health'), { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    const res = await fetch(legacyUrl('author', '/tools'));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/POST \/api\/tool-call/);
  });
});

describe('legacy SSE (TypingMind connector): GET / opens the stream', () => {
  it('lists and calls tools on 3001-3009 with the SDK SSEClientTransport', async () => {
    const servers = SERVER_NAMES.filter((name) => name !== 'database-admin');
    const clients = await Promise.all(
      servers.map(async (server) => {
        const client = new Client({ name: 'typingmind-connector', version: '0.0.0' });
        await client.connect(new SSEClientTransport(new URL(legacyUrl(server))));
        return { server, client };
      }),
    );
    try {
      const health = (await (await fetch(legacyUrl('author', '/health'))).json()) as { activeSessions: number };
      expect(health.activeSessions).toBeGreaterThanOrEqual(9);
      for (const { server, client } of clients) {
        const { tools } = await client.listTools();
        expect(tools.length, server).toBeGreaterThan(0);
        const probe = PROBES[server]!;
        expect(tools.map((t) => t.name), server).toContain(probe.tool);
        const result = (await client.callTool({ name: probe.tool, arguments: probe.args })) as { content: { text: string }[] };
        expect(result.content[0]!.text, server).toMatch(probe.expect);
        expect(result.content[0]!.text, server).not.toMatch(/Tool \S+ not found/);
      }
      // A real write through SSE lands in the database.
      const author = clients.find((c) => c.server === 'author')!.client;
      const created = (await author.callTool({ name: 'create_author', arguments: { name: 'Ursula over SSE' } })) as unknown as {
        structuredContent: { author: { id: number } };
      };
      const rows = await adminQuery(database.directUrl, 'SELECT name FROM authors WHERE id = $1', [
        created.structuredContent.author.id,
      ]);
      expect(rows).toEqual([{ name: 'Ursula over SSE' }]);
    } finally {
      await Promise.all(clients.map(({ client }) => client.close()));
    }
    const sessions = async () => ((await (await fetch(legacyUrl('author', '/health'))).json()) as { activeSessions: number }).activeSessions;
    await expect.poll(sessions).toBe(0);
  });

  it('announces a POST endpoint; an unknown session is 404, a missing one 400', async () => {
    const controller = new AbortController();
    const res = await fetch(legacyUrl('scene'), { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^event: endpoint\ndata: \/messages\?sessionId=[0-9a-f-]{36}\n\n/);
    controller.abort();

    const unknown = await fetch(legacyUrl('scene', '/messages?sessionId=00000000-0000-0000-0000-000000000000'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(unknown.status).toBe(404);
    const missing = await fetch(legacyUrl('scene', '/messages'), { method: 'POST', body: '{}' });
    expect(missing.status).toBe(400);
  });

  it('caps open sessions (LEGACY_SSE_MAX_SESSIONS) with a clear 503', async () => {
    const sessions = async () => ((await (await fetch(legacyUrl('review', '/health'))).json()) as { activeSessions: number }).activeSessions;
    await expect.poll(sessions).toBe(0);
    const controllers: AbortController[] = [];
    try {
      let refused: Response | undefined;
      for (let i = 0; i < 20 && !refused; i++) {
        const controller = new AbortController();
        controllers.push(controller);
        const res = await fetch(legacyUrl('review'), { signal: controller.signal });
        if (res.status === 503) refused = res;
        else expect(res.status).toBe(200);
      }
      expect(refused, 'a session past the cap is refused').toBeDefined();
      expect(controllers.length).toBe(15);
      expect(((await refused!.json()) as { error: { message: string } }).error.message).toMatch(/LEGACY_SSE_MAX_SESSIONS/);
    } finally {
      for (const controller of controllers) controller.abort();
    }
  });
});

describe('POST /api/tool-call (the desktop app and plugins): no initialize, always HTTP 200', () => {
  it('lists tools with tools/list', async () => {
    const { status, json } = await toolCall('book-planning', { jsonrpc: '2.0', id: Date.now(), method: 'tools/list' });
    expect(status).toBe(200);
    expect(json.result.tools.map((t: { name: string }) => t.name)).toContain('list_books');
  });

  it('calls a tool and answers one JSON text item, echoing the id', async () => {
    const id = Date.now();
    const created = await toolCall('author', {
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'create_author', arguments: { name: 'Octavia' } },
    });
    expect(created.status).toBe(200);
    expect(created.json.id).toBe(id);
    expect(created.json.result.content).toHaveLength(1);
    const { author } = JSON.parse(created.json.result.content[0].text) as { author: { id: number; name: string } };
    expect(author.name).toBe('Octavia');
    expect(await adminQuery(database.directUrl, 'SELECT name FROM authors WHERE id = $1', [author.id])).toEqual([
      { name: 'Octavia' },
    ]);
  });

  it('answers failures as HTTP 200 with a readable JSON-RPC error, never as an empty success', async () => {
    const call = (name: string, args: unknown) => ({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name, arguments: args } });
    const notFound = await toolCall('author', call('get_author', { author_id: 987654 }));
    expect(notFound.status).toBe(200);
    expect(notFound.json.result).toBeUndefined();
    expect(notFound.json.error.message).toMatch(/987654/);
    expect(notFound.json.error.data).toEqual({ kind: 'not_found' });

    const badInput = await toolCall('author', call('get_author', { author_id: 'seven' }));
    expect(badInput.json.error.code).toBe(-32602);
    expect(badInput.json.error.message).toMatch(/author_id/);

    const unknownTool = await toolCall('author', call('db_list_tables', {}));
    expect(unknownTool.status).toBe(200);
    expect(unknownTool.json.error).toMatchObject({ code: -32601, message: 'Tool not found: db_list_tables' });

    const noName = await toolCall('author', { jsonrpc: '2.0', id: 8, method: 'tools/call', params: {} });
    expect(noName.json.error).toMatchObject({ code: -32602, message: expect.stringMatching(/params\.name/) });

    const otherMethod = await toolCall('author', { jsonrpc: '2.0', id: 9, method: 'resources/list' });
    expect(otherMethod.json.error).toMatchObject({ code: -32601, message: expect.stringMatching(/tools\/call and tools\/list/) });

    const wrongVersion = await toolCall('author', { jsonrpc: '1.0', id: 10, method: 'tools/list' });
    expect(wrongVersion.json.error.code).toBe(-32600);

    const notJson = await toolCall('author', '{"jsonrpc": "2.0", ');
    expect(notJson.status).toBe(200);
    expect(notJson.json.error.code).toBe(-32700);

    for (const answer of [notFound, badInput, unknownTool, noName, otherMethod, wrongVersion, notJson]) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.json)).not.toMatch(/SELECT|INSERT|at .*\.js:\d+/);
    }
  });

  it('serves Streamable HTTP (JSON answers) on POST / of the same port', async () => {
    const res = await fetch(legacyUrl('author'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 'x', method: 'tools/call', params: { name: 'list_authors', arguments: {} } }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; result: { structuredContent: { authors: unknown[] } } };
    expect(body.id).toBe('x');
    expect(Array.isArray(body.result.structuredContent.authors)).toBe(true);
  });
});

describe('configuration and lifetime', () => {
  it('refuses a bad LEGACY_PORTS value and an open bind without a token, naming the variable', async () => {
    const bad = await startHostExpectingFailure({ DATABASE_URL: database.url, LEGACY_PORTS: 'author=port' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/LEGACY_PORTS: "author=port" is not <server>=<port>/);
    const open = await startHostExpectingFailure({ DATABASE_URL: database.url, LEGACY_PORTS: 'author=0', LEGACY_HOST: '0.0.0.0' });
    expect(open.stderr).toMatch(/LEGACY_HOST=0.0.0.0 .*LEGACY_ALLOW_NO_AUTH=1/);
  });

  it('answers /health 500 (unhealthy, a readable reason) only when the database is unreachable', async () => {
    const port = await freePort();
    const orphan = await startHost({
      DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/nowhere`,
      MIGRATE_ON_START: '0',
      LEGACY_PORTS: 'author=0',
      DB_POOL_CONNECTION_TIMEOUT: '2000',
    });
    try {
      const res = await fetch(`http://127.0.0.1:${orphan.legacyPorts.author}/health`, { signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(500);
      const body = (await res.json()) as { status: string; database: { healthy: boolean; error: string } };
      expect(body).toMatchObject({ status: 'unhealthy', database: { healthy: false } });
      expect(body.database.error).toMatch(/unavailable|reach|connect/i);
      expect(body.database.error).not.toMatch(/ECONNREFUSED 127|at .*\.js/);
    } finally {
      await orphan.stop();
    }
  });

  it('closes an idle SSE session after LEGACY_SSE_IDLE_MS and every stream at shutdown, exiting 0', async () => {
    const small = await startHost({
      DATABASE_URL: database.url,
      MIGRATE_ON_START: '0',
      LEGACY_PORTS: 'author=0,review=0',
      LEGACY_SSE_IDLE_MS: '1000',
    });
    try {
      const idle = await fetch(`http://127.0.0.1:${small.legacyPorts.author}/`);
      const started = Date.now();
      const text = await idle.text(); // ends when the host closes the idle stream
      expect(text).toMatch(/^event: endpoint/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(Date.now() - started).toBeLessThan(10_000);

      const open = await fetch(`http://127.0.0.1:${small.legacyPorts.review}/`);
      const reading = open.text();
      const code = await small.stop('SIGTERM');
      expect(code).toBe(0);
      await expect(reading).resolves.toMatch(/^event: endpoint/);
    } finally {
      await small.stop();
    }
  });
});
