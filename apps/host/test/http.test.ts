import { clientConnections, createTestDatabase, type TestDatabase } from '@mcp-writing/testkit';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredServers } from '../src/registry.js';
import { callTool, rpc, startHost, startHostExpectingFailure, type RunningHost } from './helpers.js';

let database: TestDatabase;
let host: RunningHost;
const appName = `mcpw-host-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  database = await createTestDatabase();
  host = await startHost({
    DATABASE_URL: database.url,
    MIGRATION_DATABASE_URL: database.directUrl,
    DB_APPLICATION_NAME: appName,
  });
});
afterAll(async () => {
  await host?.stop();
  await database?.drop();
});

async function connect(server: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'host-test', version: '0.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${host.base}/mcp/${server}`), { requestInit: { headers } }),
  );
  return client;
}

describe('Streamable HTTP', () => {
  it('serves the author tools to a real SDK client', async () => {
    const client = await connect('author');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['create_author', 'get_author', 'list_authors', 'update_author']);
    const created = await client.callTool({ name: 'create_author', arguments: { name: 'Over HTTP' } });
    expect(created.isError).toBeFalsy();
    const { author } = created.structuredContent as { author: { id: number } };
    const got = await client.callTool({ name: 'get_author', arguments: { author_id: author.id } });
    expect((got.structuredContent as { author: { name: string } }).author.name).toBe('Over HTTP');
    const missing = await client.callTool({ name: 'get_author', arguments: { author_id: 987654 } });
    expect(missing.isError).toBe(true);
    await client.close();
  });

  it('answers GET and DELETE with 405 (stateless: no streams, no sessions)', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${host.base}/mcp/author`, { method, headers: { accept: 'text/event-stream' } });
      expect(res.status).toBe(405);
    }
  });

  it('gives each of two clients using the same JSON-RPC id its own answer', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await rpc(host.base, 'author', callTool(1, 'create_author', { name: `Same Id ${i}` }));
      ids.push((res.json as { result: { structuredContent: { author: { id: number } } } }).result.structuredContent.author.id);
    }
    const answers = await Promise.all(ids.map((id) => rpc(host.base, 'author', callTool(1, 'get_author', { author_id: id }))));
    answers.forEach((answer, i) => {
      const body = answer.json as { id: number; result: { structuredContent: { author: { id: number; name: string } } } };
      expect(body.id).toBe(1);
      expect(body.result.structuredContent.author).toMatchObject({ id: ids[i], name: `Same Id ${i}` });
    });
  });

  it('handles batches and notifications', async () => {
    const batch = await rpc(host.base, 'author', [
      callTool('a', 'list_authors', { limit: 1 }),
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      callTool('b', 'get_author', { author_id: 999999 }),
    ]);
    expect(batch.status).toBe(200);
    const replies = batch.json as { id: string; result: { isError?: boolean } }[];
    expect(replies.map((r) => r.id)).toEqual(['a', 'b']);
    expect(replies[1]?.result.isError).toBe(true);
    const note = await rpc(host.base, 'author', { jsonrpc: '2.0', method: 'notifications/initialized' });
    expect(note.status).toBe(202);
  });

  it('rejects malformed bodies and unknown servers clearly', async () => {
    const bad = await rpc(host.base, 'author', '{not json');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: -32700 } });
    const unknown = await rpc(host.base, 'nope', callTool(1, 'list_authors', {}));
    expect(unknown.status).toBe(404);
    expect(unknown.text).toMatch(/author/);
    const notRpc = await rpc(host.base, 'author', { hello: 'world' });
    expect(notRpc.status).toBe(200);
    expect(notRpc.json).toMatchObject({ error: { code: -32600 } });
  });

  it('refuses a body over the limit with 413 and keeps serving', async () => {
    const huge = JSON.stringify(callTool(1, 'create_author', { name: 'x', bio: 'y'.repeat(9 * 1024 * 1024) }));
    const res = await rpc(host.base, 'author', huge);
    expect(res.status).toBe(413);
    const after = await rpc(host.base, 'author', callTool(2, 'list_authors', { limit: 1 }));
    expect(after.status).toBe(200);
  });

  it('accepts a 4 MiB body (the tool, not the transport, decides on its fields)', async () => {
    const res = await rpc(host.base, 'author', callTool(1, 'create_author', { name: 'Big', bio: 'z'.repeat(4 * 1024 * 1024) }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ result: { isError: true } });
    expect(res.text).toMatch(/bio/);
  });

  it('blocks DNS rebinding: foreign Host and cross-site Origin get 403', async () => {
    const { request } = await import('node:http');
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: host.port, path: '/mcp/author', method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(callTool(1, 'list_authors', {})));
      });
    expect(await status({ host: 'evil.example:80' })).toBe(403);
    expect(await status({ host: `localhost:${host.port}`, origin: 'https://evil.example' })).toBe(403);
    expect(await status({ host: `localhost:${host.port}`, origin: `http://localhost:${host.port}` })).toBe(200);
  });

  it('reports health, readiness and metrics', async () => {
    const health = await fetch(`${host.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', servers: registeredServers() });
    const ready = await fetch(`${host.base}/readyz`);
    expect(await ready.json()).toMatchObject({ ready: true, database: 'ok', migrations: 'current' });
    await rpc(host.base, 'author', callTool(1, 'get_author', { author_id: 5555555 }));
    const metrics = await (await fetch(`${host.base}/metrics`)).text();
    expect(metrics).toMatch(/^mcp_writing_pool_total \d+/m);
    expect(metrics).toMatch(/^mcp_writing_pool_max 10$/m);
    expect(metrics).toMatch(/mcp_writing_tool_calls_total\{server="author",tool="get_author",outcome="tool_error"\} [1-9]/);
    expect(metrics).toMatch(/mcp_writing_tool_call_seconds_count\{server="author"\} [1-9]/);
    expect(metrics).toMatch(/mcp_writing_tool_errors_total\{server="author",tool="get_author",kind="not_found"\} [1-9]/);
    expect(metrics).toMatch(/^mcp_writing_calls_in_flight 0$/m);
    expect(metrics).toMatch(/mcp_writing_server_connections_in_use\{server="author"\} 0/);
  });

  it('never opens more connections than DB_POOL_MAX', async () => {
    const open = await clientConnections(database.directUrl, appName);
    expect(open).toBeLessThanOrEqual(10);
    expect(open).toBeGreaterThanOrEqual(1);
  });
});

describe('configuration at startup', () => {
  it('serves every registered server when ACTIVE_MCP_SERVERS is unset, and only the named ones when set', async () => {
    const named = await startHost({ DATABASE_URL: database.url, ACTIVE_MCP_SERVERS: ' author ', MIGRATE_ON_START: '0' });
    try {
      expect(await (await fetch(`${named.base}/healthz`)).json()).toMatchObject({ servers: ['author'] });
    } finally {
      expect(await named.stop()).toBe(0);
    }
    expect(registeredServers().length).toBeGreaterThan(1);
    expect(await (await fetch(`${host.base}/healthz`)).json()).toMatchObject({ servers: registeredServers() });
  });

  it('refuses an unknown server name, listing the valid ones', async () => {
    const { code, stderr } = await startHostExpectingFailure({ DATABASE_URL: database.url, ACTIVE_MCP_SERVERS: 'author,nope' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/unknown server\(s\): nope/);
    expect(stderr).toMatch(/book-planning, series-planning/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a bad pool setting, naming the variable', async () => {
    const { code, stderr } = await startHostExpectingFailure({ DATABASE_URL: database.url, DB_POOL_MAX: 'lots' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/DB_POOL_MAX must be a whole number/);
  });

  it('refuses to listen beyond loopback without a token', async () => {
    const { code, stderr } = await startHostExpectingFailure({ DATABASE_URL: database.url, HOST: '0.0.0.0' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/MCP_AUTH_TOKEN/);
  });

  it('requires the bearer token when one is set', async () => {
    const secured = await startHost({ DATABASE_URL: database.url, MCP_AUTH_TOKEN: 's3cret-token', MIGRATE_ON_START: '0' });
    try {
      const none = await rpc(secured.base, 'author', callTool(1, 'list_authors', {}));
      expect(none.status).toBe(401);
      const wrong = await rpc(secured.base, 'author', callTool(1, 'list_authors', {}), { authorization: 'Bearer nope' });
      expect(wrong.status).toBe(401);
      const right = await rpc(secured.base, 'author', callTool(1, 'list_authors', {}), { authorization: 'Bearer s3cret-token' });
      expect(right.status).toBe(200);
      const client = new Client({ name: 'host-test', version: '0.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${secured.base}/mcp/author`), {
          requestInit: { headers: { authorization: 'Bearer s3cret-token' } },
        }),
      );
      expect((await client.listTools()).tools).toHaveLength(4);
      await client.close();
    } finally {
      await secured.stop();
    }
  });
});
