#!/usr/bin/env node
// npm run bench: one run, one seeded database, one query (get_author), side by side:
//  (a) tool calls/s through the host's MCP endpoint (POST /mcp/author, tools/call)
//  (b) a plain node:http + Kysely endpoint doing the same query (the ceiling)
//  (b') the same plain endpoint answering the very bytes the host answers
//      (JSON-RPC envelope, data as text and as structuredContent): a/b' is
//      the cost of the MCP machinery alone, b'/b the cost of the bigger answer
//  (c) raw pool.query of the same statements, no HTTP
// plus p50/p99 at 50 concurrent clients, peak PostgreSQL connections, idle
// connections after the idle timeout, and host RSS idle with every server.
// Results: bench/results/latest.json and a table on stdout.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createDb, loadDbConfig, migrateToLatest } from '@mcp-writing/db';
import { admin, withDb } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const CONNECTIONS = 50;
const POOL_MAX = 10;
const IDLE_TIMEOUT = 2000;
const adminUrl = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
if (!adminUrl) throw new Error('run through scripts/with-postgres.mjs (npm run bench) or set DATABASE_URL');

const backends = async (url, app) =>
  (await admin(url, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [app]))[0].n;

function spawnListening(args, env) {
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    proc.stderr.on('data', (c) => {
      err += c.toString();
      const line = err.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) resolve({ proc, port: JSON.parse(line).port });
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}
/** CPU seconds (user + system) a process has used so far. */
const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const rssMb = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
};

function load(url, body, duration = DURATION) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        connections: CONNECTIONS,
        duration,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify(body),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function sampled(url, app, pid, run) {
  const cpuBefore = cpuSeconds(pid);
  let peak = 0;
  let on = true;
  const sampler = (async () => {
    while (on) {
      peak = Math.max(peak, await backends(url, app));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const result = await run();
  on = false;
  await sampler;
  return { result, peak, cpuMsPerRequest: ((cpuSeconds(pid) - cpuBefore) * 1000) / result.requests.total };
}

const name = `mcpw_bench_${Date.now()}`;
await admin(adminUrl, `CREATE DATABASE "${name}"`);
const directUrl = withDb(adminUrl, name);
const appUrl = withDb(process.env.DATABASE_URL ?? adminUrl, name);
await migrateToLatest(directUrl);
const [{ id: authorId }] = await admin(directUrl, "INSERT INTO authors (name, bio) VALUES ('Bench Author', 'A bio of some length.') RETURNING id");
for (let i = 0; i < 5; i++) await admin(directUrl, 'INSERT INTO series (author_id, title, start_year) VALUES ($1, $2, $3)', [authorId, `Series ${i}`, 2000 + i]);

const common = { DATABASE_URL: appUrl, MIGRATION_DATABASE_URL: directUrl, DB_POOL_MAX: String(POOL_MAX), DB_POOL_IDLE_TIMEOUT: String(IDLE_TIMEOUT), LOG_LEVEL: 'warn' };
const host = await spawnListening([path.join(root, 'apps/host/dist/main.js')], { ...common, PORT: '0', DB_APPLICATION_NAME: 'mcpw-bench-host', LOG_LEVEL: 'info' });
const plain = await spawnListening([path.join(here, 'plain-server.mjs')], { ...common, DB_APPLICATION_NAME: 'mcpw-bench-plain' });
await new Promise((r) => setTimeout(r, 500));
const hostRssIdle = rssMb(host.proc.pid);

const results = { date: new Date().toISOString(), durationSeconds: DURATION, connections: CONNECTIONS, poolMax: POOL_MAX };
try {
  const mcpBody = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_author', arguments: { author_id: authorId } } };
  const targets = {
    a: { url: `http://127.0.0.1:${host.port}/mcp/author`, body: mcpBody, pid: host.proc.pid, app: 'mcpw-bench-host' },
    b: { url: `http://127.0.0.1:${plain.port}/`, body: { author_id: authorId }, pid: plain.proc.pid, app: 'mcpw-bench-plain' },
    bShaped: { url: `http://127.0.0.1:${plain.port}/envelope`, body: mcpBody, pid: plain.proc.pid, app: 'mcpw-bench-plain' },
  };
  // (b') is only meaningful if it answers exactly what the host answers.
  const answer = async (t) =>
    (await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(t.body) })).text();
  const [hostBytes, shapedBytes, plainBytes] = [await answer(targets.a), await answer(targets.bShaped), await answer(targets.b)];
  if (hostBytes !== shapedBytes) throw new Error(`(b') does not answer the host's bytes:\nhost:  ${hostBytes}\nplain: ${shapedBytes}`);
  results.answerBytes = { mcp: Buffer.byteLength(hostBytes), plain: Buffer.byteLength(plainBytes) };
  // Warm all up (twice: the host has ten servers' code to compile), then measure in turn on the same database.
  for (let i = 0; i < 2; i++) for (const t of Object.values(targets)) await load(t.url, t.body);
  // Rounds alternate the targets, in turn forwards and backwards, so drift on a
  // shared 2-core machine and the position in a round hit all alike. The
  // headline ratios are medians of the per-round ratios (each round's pair
  // measured back to back); the medians of each target's req/s are shown too.
  const rounds = { a: [], b: [], bShaped: [] };
  const order = Object.keys(targets);
  for (let i = 0; i < ROUNDS; i++) {
    for (const key of i % 2 === 0 ? order : [...order].reverse()) {
      const t = targets[key];
      // One second of load first, not measured: the pool closed its connections while the others ran.
      await load(t.url, t.body, 1);
      rounds[key].push(await sampled(directUrl, t.app, t.pid, () => load(t.url, t.body)));
    }
  }
  const median = (list) => [...list].sort((x, y) => x.result.requests.average - y.result.requests.average)[Math.floor(list.length / 2)];
  const a = median(rounds.a);
  const b = median(rounds.b);
  const bShaped = median(rounds.bShaped);
  const ratioPerRound = (x, y) => rounds[x].map((r, i) => +(r.result.requests.average / rounds[y][i].result.requests.average).toFixed(3));
  const medianOf = (numbers) => [...numbers].sort((x, y) => x - y)[Math.floor(numbers.length / 2)];

  // (c) the same two statements on a pool, 50 concurrent loops, no HTTP.
  const handle = createDb(loadDbConfig({ DATABASE_URL: appUrl, DB_POOL_MAX: String(POOL_MAX), DB_APPLICATION_NAME: 'mcpw-bench-raw' }));
  let rawOps = 0;
  const deadline = Date.now() + DURATION * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < deadline) {
        await handle.pool.query('SELECT id, name, email, bio, birth_year, created_at, updated_at FROM authors WHERE id = $1', [authorId]);
        await handle.pool.query('SELECT id, title, status, start_year, description, updated_at FROM series WHERE author_id = $1 ORDER BY start_year, id', [authorId]);
        rawOps += 1;
      }
    }),
  );
  await handle.close();

  const hostRssAfter = rssMb(host.proc.pid);
  await new Promise((r) => setTimeout(r, IDLE_TIMEOUT + 1500));
  const idleAfter = await backends(directUrl, 'mcpw-bench-host');

  const row = (r) => ({
    rps: Math.round(r.result.requests.average),
    p50: r.result.latency.p50,
    p99: r.result.latency.p99,
    errors: r.result.errors + r.result.non2xx,
    peakConnections: r.peak,
    serverCpuMsPerRequest: +r.cpuMsPerRequest.toFixed(3),
  });
  results.mcp = row(a);
  results.plain = row(b);
  results.plainSameBytes = row(bShaped);
  results.raw = { opsPerSecond: Math.round(rawOps / DURATION) };
  results.ratios = {
    mcpVsPlain: medianOf(ratioPerRound('a', 'b')),
    mcpVsPlainOfMedians: +(results.mcp.rps / results.plain.rps).toFixed(3),
    mcpVsRaw: +(results.mcp.rps / results.raw.opsPerSecond).toFixed(3),
    plainVsRaw: +(results.plain.rps / results.raw.opsPerSecond).toFixed(3),
    mcpVsPlainPerRound: ratioPerRound('a', 'b'),
    mcpVsPlainSameBytes: medianOf(ratioPerRound('a', 'bShaped')),
    mcpVsPlainSameBytesPerRound: ratioPerRound('a', 'bShaped'),
    plainSameBytesVsPlain: medianOf(ratioPerRound('bShaped', 'b')),
  };
  results.rounds = ROUNDS;
  results.host = { rssIdleMb: +hostRssIdle.toFixed(1), rssAfterLoadMb: +hostRssAfter.toFixed(1), idleConnectionsAfterTimeout: idleAfter, poolMin: 0 };
  results.target = { mcpVsPlainAtLeast: 0.85, met: results.ratios.mcpVsPlain >= 0.85 };
} finally {
  host.proc.kill('SIGTERM');
  plain.proc.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
const table = [
  ['', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'peak conns', 'cpu ms/req'],
  ['(a) host MCP get_author', results.mcp.rps, results.mcp.p50, results.mcp.p99, results.mcp.errors, results.mcp.peakConnections, results.mcp.serverCpuMsPerRequest],
  ['(b) plain http + Kysely', results.plain.rps, results.plain.p50, results.plain.p99, results.plain.errors, results.plain.peakConnections, results.plain.serverCpuMsPerRequest],
  ["(b') plain, MCP's bytes", results.plainSameBytes.rps, results.plainSameBytes.p50, results.plainSameBytes.p99, results.plainSameBytes.errors, results.plainSameBytes.peakConnections, results.plainSameBytes.serverCpuMsPerRequest],
  ['(c) raw pool.query', results.raw.opsPerSecond, '', '', '', '', ''],
];
for (const r of table) process.stdout.write(`${r.map((c, i) => String(c).padEnd(i === 0 ? 26 : 11)).join('')}\n`);
const r = results.ratios;
process.stdout.write(`\nreq/s: medians of ${ROUNDS} alternating rounds of ${DURATION} s; ratios: medians of the per-round ratios; answers: MCP ${results.answerBytes.mcp} bytes, plain ${results.answerBytes.plain} bytes\n`);
process.stdout.write(`a/b  ${r.mcpVsPlain} (target >= 0.85: ${results.target.met ? 'met' : 'NOT met'}); per round ${r.mcpVsPlainPerRound.join(', ')}; ratio of the req/s medians ${r.mcpVsPlainOfMedians}\n`);
process.stdout.write(`a/b' ${r.mcpVsPlainSameBytes} (MCP machinery alone); per round ${r.mcpVsPlainSameBytesPerRound.join(', ')}\n`);
process.stdout.write(`b'/b ${r.plainSameBytesVsPlain} (the bigger answer alone), a/c ${r.mcpVsRaw}, b/c ${r.plainVsRaw}\n`);
process.stdout.write(`host RSS idle ${results.host.rssIdleMb} MB, after load ${results.host.rssAfterLoadMb} MB; host connections ${IDLE_TIMEOUT} ms after load: ${results.host.idleConnectionsAfterTimeout} (DB_POOL_MIN 0, DB_POOL_MAX ${POOL_MAX})\n`);
