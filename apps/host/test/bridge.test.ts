import { spawn } from 'node:child_process';
import { adminQuery, clientConnections, createTestDatabase, freePort, viaPgBouncer, type TestDatabase } from '@mcp-writing/testkit';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_NAMES } from '../src/registry.js';
import { callTool, isolated, MAIN, rpc, startHost, type RunningHost } from './helpers.js';

// `mcp-writing stdio <server>`: what Claude Desktop runs, one process per server.
// The bridges get no DATABASE_URL at all: every connection is the host's.

const POOL_MAX = 4;
let database: TestDatabase;
let host: RunningHost;
const appName = `mcpw-bridge-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  database = await createTestDatabase();
  host = await startHost({
    DATABASE_URL: database.url,
    MIGRATION_DATABASE_URL: database.directUrl,
    DB_APPLICATION_NAME: appName,
    DB_POOL_MAX: String(POOL_MAX),
  });
});
afterAll(async () => {
  await host?.stop();
  await database?.drop();
});

/** Every connection to the test database right now: backends, or PgBouncer clients when the run goes through it. */
async function databaseConnections(): Promise<number> {
  if (viaPgBouncer()) {
    const rows = await adminQuery<{ database: string }>(process.env.PGBOUNCER_ADMIN_URL!, 'SHOW CLIENTS');
    return rows.filter((row) => row.database === database.name).length;
  }
  const rows = await adminQuery<{ n: number }>(
    database.directUrl,
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return rows[0]!.n;
}

async function bridgeClient(server: string, args: string[], env: Record<string, string> = {}): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MAIN, 'stdio', server, ...args],
    env: isolated({ PATH: process.env.PATH ?? '', ...env }) as Record<string, string>,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'claude-desktop', version: '0.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`bridge for ${server} did not start: ${String(error)}\n${stderr}`);
  }
  return { client, stderr: () => stderr };
}

function run(args: string[], env: Record<string, string>, input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  proc.stdin.end(input);
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('the stdio bridge forwards to the running host', () => {
  it('ten bridge processes plus HTTP load keep the database connections within DB_POOL_MAX', async () => {
    const bridges = await Promise.all(SERVER_NAMES.map((name) => bridgeClient(name, ['--url', host.base])));
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await databaseConnections());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      const httpLoad = Array.from({ length: 120 }, (_, i) =>
        rpc(host.base, 'author', callTool(i, 'list_authors', {})).then((r) => r.status),
      );
      const stdioLoad = bridges.map(async ({ client }, i) => {
        const { tools } = await client.listTools();
        expect(tools.length, SERVER_NAMES[i]).toBeGreaterThan(0);
        const results = [];
        for (let round = 0; round < 5; round++) {
          results.push(await client.callTool({ name: tools.find((t) => t.name === 'db_list_tables') ? 'db_list_tables' : tools[0]!.name, arguments: {} }));
        }
        return results.length;
      });
      expect(await Promise.all(stdioLoad)).toEqual(SERVER_NAMES.map(() => 5));
      expect(new Set(await Promise.all(httpLoad))).toEqual(new Set([200]));
      const author = bridges[SERVER_NAMES.indexOf('author')]!.client;
      const created = (await author.callTool({ name: 'create_author', arguments: { name: 'Through the bridge' } })) as unknown as {
        structuredContent: { author: { id: number } };
      };
      sampling = false; // before this test's own connection checks the row
      await sampler;
      expect(await adminQuery(database.directUrl, 'SELECT name FROM authors WHERE id = $1', [created.structuredContent.author.id])).toEqual([
        { name: 'Through the bridge' },
      ]);
    } finally {
      sampling = false;
      await sampler;
      await Promise.all(bridges.map(({ client }) => client.close()));
    }
    process.stderr.write(`bridge: peak ${peak} database connections with 10 bridges + 120 HTTP calls (DB_POOL_MAX=${POOL_MAX})\n`);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(POOL_MAX);
  }, 120_000);

  it('answers every call read before stdin ends, then exits 0; stdout holds only protocol', async () => {
    const lines = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_authors', arguments: {} } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'get_author', arguments: { author_id: 'x' } } },
    ];
    const { code, stdout } = await run(['stdio', 'author', '--url', host.base], {}, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(code).toBe(0);
    const replies = stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; result?: { isError?: boolean } });
    expect(replies.map((r) => r.id).sort()).toEqual([1, 2, 3]);
    expect(replies.find((r) => r.id === 2)?.result?.isError).toBeFalsy();
    expect(replies.find((r) => r.id === 3)?.result?.isError).toBe(true);
  }, 60_000);

  it('turns a host that went away into an error answer, not a hang', async () => {
    const second = await startHost({ DATABASE_URL: database.url, MIGRATE_ON_START: '0', ACTIVE_MCP_SERVERS: 'author' });
    const { client, stderr } = await bridgeClient('author', ['--url', second.base]);
    try {
      await client.callTool({ name: 'list_authors', arguments: {} });
      await second.stop();
      await expect(client.callTool({ name: 'list_authors', arguments: {} })).rejects.toThrow(/unreachable.*still running/);
      expect(stderr()).toMatch(/forwarding to .* failed/);
    } finally {
      await client.close();
      await second.stop();
    }
  });
});

describe('without a host', () => {
  it('says so on stderr and exits non-zero, printing nothing on stdout', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await run(['stdio', 'author', '--url', `http://127.0.0.1:${port}`], {});
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`nothing answers at http://127.0.0.1:${port} .*npm start.*--standalone`));
  });

  it('names the valid servers for an unknown one', async () => {
    const { code, stderr } = await run(['stdio', 'nope'], {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown server "nope". Valid names: book-planning/);
  });

  it('--standalone serves in-process with a pool of at most 2 that empties when idle', async () => {
    const port = await freePort();
    const standaloneApp = `${appName}-standalone`;
    const { client, stderr } = await bridgeClient('author', ['--url', `http://127.0.0.1:${port}`, '--standalone'], {
      DATABASE_URL: database.url,
      DB_APPLICATION_NAME: standaloneApp,
      DB_POOL_MAX: '20',
      DB_POOL_IDLE_TIMEOUT: '500',
      MIGRATE_ON_START: '0',
    });
    try {
      let peak = 0;
      const calls = Promise.all(Array.from({ length: 30 }, () => client.callTool({ name: 'list_authors', arguments: {} })));
      while (peak < 2) {
        peak = Math.max(peak, await clientConnections(database.directUrl, standaloneApp));
        if (await Promise.race([calls.then(() => true), new Promise((r) => setTimeout(() => r(false), 5))])) break;
      }
      const results = await calls;
      expect(results.every((r) => !r.isError)).toBe(true);
      expect(stderr()).toMatch(/serving author from this process \(--standalone\)/);
      expect(peak).toBeLessThanOrEqual(2);
      await expect.poll(() => clientConnections(database.directUrl, standaloneApp), { timeout: 10_000 }).toBe(0);
    } finally {
      await client.close();
    }
  });
});
