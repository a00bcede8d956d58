/**
 * src/config-mcps/<x>-server/index.js: the paths the desktop app's Claude
 * Desktop entries run (`docker exec -i -e MCP_STDIO_MODE=true <container> node
 * /app/src/config-mcps/<x>-server/index.js`). Each must speak MCP over stdio
 * through the bridge to the running host, print nothing else on stdout, and
 * fail readably when no host is reachable.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, freePort, type TestDatabase } from '@mcp-writing/testkit';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_NAMES } from '../src/registry.js';
import { startHost, type RunningHost } from './helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const entry = (server: string) => path.join(root, 'src/config-mcps', `${server}-server`, 'index.js');

/** The nine the app's "Auto-Configure" writes (spec/legacy-clients.md section 4). */
const DESKTOP_APP_SERVERS = [
  'book-planning', 'series-planning', 'chapter-planning', 'character-planning',
  'scene', 'core-continuity', 'review', 'reporting', 'author',
];

let database: TestDatabase;
let host: RunningHost;

beforeAll(async () => {
  database = await createTestDatabase();
  host = await startHost({ DATABASE_URL: database.url, MIGRATION_DATABASE_URL: database.directUrl });
});
afterAll(async () => {
  await host?.stop();
  await database?.drop();
});

/** A real SDK client over the entry point, run with plain node as the desktop app runs it. */
async function connectEntry(server: string, env: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry(server)],
    env: { MCP_STDIO_MODE: 'true', MCP_WRITING_URL: host.base, ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'desktop-app-entry', version: '0.0.0' });
  const errors: Error[] = [];
  client.onerror = (error) => errors.push(error);
  await client.connect(transport);
  return { client, errors, stderr: () => stderr };
}

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an entry point with raw stdin lines and collects what it prints until it exits. */
function runRaw(server: string, env: Record<string, string>, lines: unknown[], endStdinAfterMs = 1500): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry(server)], {
      env: { PATH: process.env.PATH, MCP_STDIO_MODE: 'true', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${server} entry did not exit within 20 s\nstderr:\n${stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
    for (const line of lines) child.stdin.write(`${JSON.stringify(line)}\n`);
    setTimeout(() => child.stdin.end(), endStdinAfterMs);
  });
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};

/** Every stdout line must be a JSON-RPC message: anything else breaks Claude Desktop's parser. */
function protocolLines(stdout: string): Array<{ jsonrpc: string; id?: number; result?: unknown; error?: unknown }> {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const message = JSON.parse(line) as { jsonrpc: string };
      expect(message.jsonrpc).toBe('2.0');
      return message;
    });
}

describe('config-mcps entry points', () => {
  it('exist for the nine servers the desktop app configures, and for database-admin', () => {
    for (const server of [...DESKTOP_APP_SERVERS, 'database-admin']) {
      expect(existsSync(entry(server)), entry(server)).toBe(true);
      expect(SERVER_NAMES as readonly string[]).toContain(server);
    }
  });

  it('author: lists and calls tools over stdio, against the host’s database', async () => {
    const { client, errors, stderr } = await connectEntry('author');
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['create_author', 'get_author', 'list_authors', 'update_author']);
      const created = await client.callTool({ name: 'create_author', arguments: { name: 'Via Desktop Entry' } });
      expect(created.isError, JSON.stringify(created)).toBeFalsy();
      const { author } = created.structuredContent as { author: { id: number } };
      const got = await client.callTool({ name: 'get_author', arguments: { author_id: author.id } });
      expect((got.structuredContent as { author: { name: string } }).author.name).toBe('Via Desktop Entry');
      expect(errors, stderr()).toEqual([]);
    } finally {
      await client.close();
    }
    // The row is in the host's database: the bridge forwarded, it did not serve elsewhere.
    const http = new Client({ name: 'check', version: '0' });
    await http.connect(new StreamableHTTPClientTransport(new URL(`${host.base}/mcp/author`)));
    const listed = await http.callTool({ name: 'list_authors', arguments: {} });
    expect(JSON.stringify(listed.structuredContent)).toContain('Via Desktop Entry');
    await http.close();
  });

  it('each entry point serves its own server’s tools (same list as the host’s HTTP endpoint)', async () => {
    const servers = [...DESKTOP_APP_SERVERS, 'database-admin'];
    const listings = await Promise.all(
      servers.map(async (server) => {
        const http = new Client({ name: 'check', version: '0' });
        await http.connect(new StreamableHTTPClientTransport(new URL(`${host.base}/mcp/${server}`)));
        const expected = (await http.listTools()).tools.map((t) => t.name).sort();
        await http.close();
        const { client, errors, stderr } = await connectEntry(server);
        try {
          const actual = (await client.listTools()).tools.map((t) => t.name).sort();
          return { server, expected, actual, errors, stderr: stderr() };
        } finally {
          await client.close();
        }
      }),
    );
    for (const { server, expected, actual, errors, stderr } of listings) {
      expect(expected.length, server).toBeGreaterThan(0);
      expect(actual, server).toEqual(expected);
      expect(errors, stderr).toEqual([]);
    }
  }, 120_000);

  it('prints nothing but JSON-RPC on stdout (raw initialize + tools/list, no SDK on our side)', async () => {
    const run = await runRaw('scene', { MCP_WRITING_URL: host.base }, [
      initialize,
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
    ]);
    const messages = protocolLines(run.stdout);
    // Answers may come in any order (JSON-RPC matches them by id; the bridge relays calls concurrently).
    expect(messages.map((m) => m.id).sort()).toEqual([1, 2]);
    expect(messages.every((m) => m.result !== undefined)).toBe(true);
    expect(run.code, run.stderr).toBe(0);
  });

  it('with no host reachable, exits non-zero with a readable stderr line and no stack trace', async () => {
    const port = await freePort();
    const run = await runRaw('author', { MCP_WRITING_URL: `http://127.0.0.1:${port}` }, [initialize], 5000);
    expect(run.code).not.toBe(0);
    protocolLines(run.stdout); // a JSON-RPC error answer is allowed, nothing else
    expect(run.stderr).toContain(String(port));
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
