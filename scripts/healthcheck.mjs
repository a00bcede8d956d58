#!/usr/bin/env node
// The container's HEALTHCHECK (node:*-slim images have no curl). Exit 0 only
// when every checked endpoint answers 2xx within the timeout; otherwise exit
// 1 with one line per failure on stderr (docker inspect shows it).
//
//   healthcheck.mjs [--ports 3001,3010] [--host 127.0.0.1] [--timeout 4000]
//
// What is checked, first match wins:
// - --ports / HEALTHCHECK_PORTS: GET /health on each of those ports;
// - LEGACY_PORTS on ("1", "true"): GET /health on 3001 (book-planning) and
//   3010 (database-admin), as the desktop app's image check did;
// - LEGACY_PORTS a map ("author=3009,database-admin=3010"): GET /health on
//   every port of the map;
// - otherwise (legacy listeners off): GET /healthz on the main port (PORT, 3000).
// Host: --host / HEALTHCHECK_HOST, else 127.0.0.1 (reaches listeners bound
// to 0.0.0.0 or loopback).

const OFF = new Set(['', '0', 'false', 'off', 'no']);
const ON = new Set(['1', 'true', 'on', 'yes']);
const DEFAULT_LEGACY_CHECK = [3001, 3010];

function option(argv, name) {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const inline = argv.find((arg) => arg.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

function parsePorts(text, what) {
  const ports = text.split(',').map((part) => part.trim()).filter(Boolean).map(Number);
  if (ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
    throw new Error(`${what}: "${text}" is not a list of ports (e.g. 3001,3010)`);
  }
  return ports;
}

/** The URLs to check, from arguments and environment. */
function targets(argv, env) {
  const host = option(argv, '--host') || env.HEALTHCHECK_HOST?.trim() || '127.0.0.1';
  const at = (port, path) => `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
  const explicit = option(argv, '--ports') ?? env.HEALTHCHECK_PORTS?.trim();
  if (explicit) return parsePorts(explicit, '--ports').map((port) => at(port, '/health'));
  const legacy = (env.LEGACY_PORTS ?? '').trim().toLowerCase();
  if (ON.has(legacy)) return DEFAULT_LEGACY_CHECK.map((port) => at(port, '/health'));
  if (!OFF.has(legacy)) {
    const mapped = legacy.split(',').map((item) => item.split(/[=:]/)[1]?.trim() ?? '');
    return parsePorts(mapped.join(','), 'LEGACY_PORTS').map((port) => at(port, '/health'));
  }
  return [at(env.PORT?.trim() || '3000', '/healthz')];
}

async function check(url, timeoutMs) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.ok ? undefined : `${url}: HTTP ${res.status}`;
  } catch (error) {
    const reason = error?.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error?.cause?.code ?? error?.message);
    return `${url}: ${reason}`;
  }
}

async function main(argv, env) {
  const timeoutMs = Number(option(argv, '--timeout') ?? env.HEALTHCHECK_TIMEOUT_MS ?? 4000);
  const urls = targets(argv, env);
  const failures = (await Promise.all(urls.map((url) => check(url, timeoutMs)))).filter(Boolean);
  for (const failure of failures) process.stderr.write(`healthcheck: ${failure}\n`);
  if (failures.length === 0) process.stdout.write(`healthcheck: ok (${urls.join(', ')})\n`);
  return failures.length === 0 ? 0 : 1;
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`healthcheck: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
