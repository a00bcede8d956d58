/**
 * The container drop-in for the desktop app: scripts/healthcheck.mjs (the
 * image's HEALTHCHECK) against a real running host with legacy listeners on
 * free ports, and the Dockerfile's promises checked against the code it runs
 * (no container engine here: the image's environment goes through the host's
 * own config loader and the bridge's argument parser).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, freePort, type TestDatabase } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBridgeArgs } from '../src/bridge.js';
import { loadHostConfig } from '../src/config.js';
import { SERVER_NAMES } from '../src/registry.js';
import { startHost, type RunningHost } from './helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const HEALTHCHECK = path.join(root, 'scripts/healthcheck.mjs');
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');

function healthcheck(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HEALTHCHECK, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A plain HTTP listener that answers /health with `status`, or never when status is 0. */
async function stubHealth(status: number): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    if (status === 0) return; // hangs: the check must time out
    res.writeHead(status, { 'content-type': 'application/json' }).end('{"status":"unhealthy"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The runtime stage's ENV, as `docker run` would give it to the host. */
function imageEnv(): Record<string, string> {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const match of runtime.matchAll(/^ENV\s+((?:.*\\\n)*.*)$/gm)) {
    for (const pair of match[1]!.replace(/\\\n/g, ' ').matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[pair[1]!] = pair[2]!;
  }
  return env;
}

function seconds(flag: string): number {
  const match = new RegExp(`--${flag}=(\\d+)(s|m)`).exec(dockerfile);
  if (!match) throw new Error(`HEALTHCHECK has no --${flag}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

describe('healthcheck.mjs against a running host', () => {
  let database: TestDatabase;
  let host: RunningHost;
  let bookPlanning: number;
  let databaseAdmin: number;

  beforeAll(async () => {
    [bookPlanning, databaseAdmin] = [await freePort(), await freePort()];
    database = await createTestDatabase();
    host = await startHost({
      DATABASE_URL: database.url,
      MIGRATION_DATABASE_URL: database.directUrl,
      LEGACY_PORTS: `book-planning=${bookPlanning},database-admin=${databaseAdmin}`,
    });
  });
  afterAll(async () => {
    await host?.stop();
    await database?.drop();
  });

  it('passes when GET /health answers on both ports given with --ports', async () => {
    const run = await healthcheck(['--ports', `${bookPlanning},${databaseAdmin}`]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`:${databaseAdmin}/health`);
  });

  it('reads the ports from LEGACY_PORTS when given none, as in the image', async () => {
    const run = await healthcheck([], { LEGACY_PORTS: `book-planning=${bookPlanning},database-admin=${databaseAdmin}` });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`:${bookPlanning}/health`);
  });

  it('with the legacy listeners off, checks /healthz on PORT', async () => {
    const run = await healthcheck([], { LEGACY_PORTS: '0', PORT: String(host.port) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`:${host.port}/healthz`);
  });

  it('fails, naming the port, when one of the two has nothing listening', async () => {
    const closed = await freePort();
    const run = await healthcheck(['--ports', `${bookPlanning},${closed}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`:${closed}/health: ECONNREFUSED`);
    expect(run.stderr).not.toContain(`:${bookPlanning}`);
  });

  it('fails on a 500 and on a listener that never answers (within --timeout)', async () => {
    const [broken, hanging] = await Promise.all([stubHealth(500), stubHealth(0)]);
    try {
      const started = Date.now();
      const run = await healthcheck(['--ports', `${broken.port},${hanging.port},${databaseAdmin}`, '--timeout', '800']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`:${broken.port}/health: HTTP 500`);
      expect(run.stderr).toContain(`:${hanging.port}/health: no answer within 800 ms`);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await Promise.all([broken.close(), hanging.close()]);
    }
  });

  it('refuses a malformed port list with a readable message', async () => {
    const run = await healthcheck(['--ports', 'book-planning']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--ports: "book-planning" is not a list of ports/);
  });

  it('fails once the host has stopped', async () => {
    await host.stop();
    const run = await healthcheck(['--ports', `${bookPlanning},${databaseAdmin}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`:${bookPlanning}/health`);
  });
});

describe('Dockerfile', () => {
  it('starts every server with the legacy listeners on 0.0.0.0 and the main port on loopback', () => {
    const env = imageEnv();
    const config = loadHostConfig({ ...env, DATABASE_URL: 'postgres://u:p@pgbouncer:6432/db?sslmode=disable' }, SERVER_NAMES);
    expect(config.servers).toEqual([...SERVER_NAMES]);
    expect(config.host).toBe('127.0.0.1');
    expect(config.legacy?.host).toBe('0.0.0.0');
    expect(Object.fromEntries(config.legacy?.ports ?? [])).toMatchObject({ 'book-planning': 3001, author: 3009, 'database-admin': 3010 });
    expect(config.allowedHosts).toEqual(expect.arrayContaining(['mcp-writing-servers', 'fictionlab-mcp-servers', 'localhost']));
    // docker exec inherits this environment: the bridge reaches the host on loopback.
    const bridge = parseBridgeArgs(['author'], env);
    expect(typeof bridge === 'string' ? bridge : bridge.endpoint).toBe(`http://127.0.0.1:${config.port}/mcp/author`);
  });

  it('has a HEALTHCHECK with the script the image contains, healthy well within 120 s', () => {
    const check = /^HEALTHCHECK[\s\S]*?CMD (\[.*\])$/m.exec(dockerfile);
    expect(check).not.toBeNull();
    expect(JSON.parse(check![1]!)).toEqual(expect.arrayContaining(['node', 'scripts/healthcheck.mjs']));
    expect(dockerfile).toMatch(/^COPY .*scripts\/healthcheck\.mjs \.\/scripts\/healthcheck\.mjs$/m);
    // The first check runs one interval after start; a pass ends the start period.
    expect(seconds('interval') + seconds('timeout')).toBeLessThanOrEqual(30);
    expect(seconds('start-period')).toBeLessThan(120);
  });

  it('copies the config-mcps entry points to /app/src/config-mcps and exposes 3000-3010', () => {
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
    expect(dockerfile).toMatch(/^COPY .*src\/config-mcps\/ \.\/src\/config-mcps\/$/m);
    expect(dockerfile).toMatch(/^EXPOSE 3000 3001-3010$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    // Every path copied from the build context exists in the repository.
    for (const match of dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)) {
      for (const source of match[1]!.split(/\s+/)) expect(existsSync(path.join(root, source)), source).toBe(true);
    }
  });

  const compose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!compose)('docker-compose.yml is valid (docker-compose config -q)', () => {
    const run = spawnSync('docker-compose', ['config', '-q'], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
  });
});
