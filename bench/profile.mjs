#!/usr/bin/env node
// Profiling aid (not part of npm run bench): starts the built host and the
// plain server under `node --cpu-prof` against a freshly seeded database,
// drives each with autocannon (get_author), stops them, and prints the self
// time of the top functions of each profile (PROFILE_ONLY=host or plain: just one).
// The sampler counts wall time while the process runs or waits for a CPU, so on
// a busy machine compare shares within one profile, not microseconds across runs.
//   node scripts/with-postgres.mjs node bench/profile.mjs [seconds] [outDir]
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { migrateToLatest } from '@mcp-writing/db';
import { admin as sql, withDb } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const seconds = Number(process.argv[2] ?? 10);
const outDir = path.resolve(process.argv[3] ?? path.join(root, '.data/profiles'));
const adminUrl = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
if (!adminUrl) throw new Error('run through scripts/with-postgres.mjs or set DATABASE_URL');
function start(label, script, env) {
  const dir = path.join(outDir, label);
  mkdirSync(dir, { recursive: true });
  const proc = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    proc.stderr.on('data', (c) => {
      err += c.toString();
      const line = err.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) resolve({ proc, dir, port: JSON.parse(line).port });
    });
    proc.on('exit', (code) => reject(new Error(`${label} exited ${code}: ${err}`)));
  });
}
const drive = (url, body) =>
  new Promise((resolve, reject) =>
    autocannon(
      { url, method: 'POST', connections: 50, duration: seconds, body: JSON.stringify(body), headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } },
      (e, r) => (e ? reject(e) : resolve(r)),
    ),
  );
const stop = (proc) => new Promise((r) => { proc.once('exit', r); proc.kill('SIGTERM'); });

/**
 * Self time by area (package or source file) and by function, and inclusive
 * time of the top functions, in microseconds per request, over the samples
 * of the load window only (start-up and shutdown left out).
 */
function summarize(dir, requests, top = 30) {
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort().at(-1);
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id) => {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const short = url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '').replace(`${root}/`, '');
    return { key: `${functionName || '(anon)'} ${short}:${lineNumber + 1}`, functionName, url, short };
  };
  // Sample i lasts timeDeltas[i + 1]; keep the samples of the load window.
  const from = profile.endTime - (seconds + 0.2) * 1e6;
  const to = profile.endTime - 0.2e6;
  const self = new Map();
  const area = new Map();
  const inclusive = new Map();
  let t = profile.startTime;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (t < from || t > to) continue;
    const id = profile.samples[i];
    const { key, functionName, url, short } = label(id);
    if (functionName === '(idle)') continue;
    busy += us;
    self.set(key, (self.get(key) ?? 0) + us);
    const a = url === '' ? functionName : /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('node:') ? url : short.split('/').slice(0, 3).join('/'));
    area.set(a, (area.get(a) ?? 0) + us);
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const k = label(n).key;
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const row = (us) => `${(us / requests).toFixed(1).padStart(7)} us/req ${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const print = (title, map, n) => {
    process.stdout.write(`-- ${title}\n`);
    for (const [k, us] of [...map].sort((x, y) => y[1] - x[1]).slice(0, n)) process.stdout.write(`${row(us)}  ${k}\n`);
  };
  process.stdout.write(`\n== ${dir}: ${(busy / requests).toFixed(1)} us busy per request (${requests} requests)\n`);
  print('self time by area', area, 25);
  print('self time by function', self, top);
  print('inclusive time by function', inclusive, top + 20);
}

const name = `mcpw_profile_${Date.now()}`;
await sql(adminUrl, `CREATE DATABASE "${name}"`);
const directUrl = withDb(adminUrl, name);
await migrateToLatest(directUrl);
const [{ id: authorId }] = await sql(directUrl, "INSERT INTO authors (name, bio) VALUES ('Bench Author', 'A bio of some length.') RETURNING id");
for (let i = 0; i < 5; i++) await sql(directUrl, 'INSERT INTO series (author_id, title, start_year) VALUES ($1, $2, $3)', [authorId, `Series ${i}`, 2000 + i]);
const env = { DATABASE_URL: withDb(process.env.DATABASE_URL ?? adminUrl, name), MIGRATION_DATABASE_URL: directUrl, DB_POOL_MAX: '10', LOG_LEVEL: 'warn', PORT: '0' };
try {
  const only = process.env.PROFILE_ONLY;
  if (only !== 'plain') {
    const host = await start('host', path.join(root, 'apps/host/dist/main.js'), { ...env, LOG_LEVEL: 'info' });
    const body = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_author', arguments: { author_id: authorId } } };
    const r = await drive(`http://127.0.0.1:${host.port}/mcp/author`, body);
    process.stdout.write(`host: ${Math.round(r.requests.average)} req/s\n`);
    await stop(host.proc);
    summarize(host.dir, r.requests.total);
  }
  if (only !== 'host') {
    const plain = await start('plain', path.join(here, 'plain-server.mjs'), env);
    const r = await drive(`http://127.0.0.1:${plain.port}/`, { author_id: authorId });
    process.stdout.write(`plain: ${Math.round(r.requests.average)} req/s\n`);
    await stop(plain.proc);
    summarize(plain.dir, r.requests.total);
  }
} finally {
  await sql(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
