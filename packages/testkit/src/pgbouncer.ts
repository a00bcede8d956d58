import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aptInstall } from './apt.js';

export interface PgBouncer {
  /** The same URL as the PostgreSQL it fronts, on PgBouncer's port. */
  url: string;
  /** Its admin console (SHOW POOLS, SHOW CLIENTS, KILL, RESUME). */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  port?: number;
  /** Server connections per database/user pair (default 20). */
  poolSize?: number;
  /** Seconds a query waits for a server connection before failing (default 3). */
  queryWaitTimeoutSeconds?: number;
}

function have(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Installs Debian's pgbouncer package when the command is missing (CI starts without it). */
export function ensurePgBouncer(): void {
  if (have('pgbouncer')) return;
  aptInstall('pgbouncer');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

/**
 * Starts PgBouncer in transaction mode on loopback in front of `directUrl`
 * (any database name is forwarded), with server_login_retry = 1 s. As root it
 * drops to the postgres user (PgBouncer refuses to run as root).
 */
export async function startPgBouncer(directUrl: string, options: PgBouncerOptions = {}): Promise<PgBouncer> {
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
      // While PostgreSQL is down a query waits for a server connection at most
      // this long, then fails: calls fail fast instead of hanging for 120 s.
      `query_wait_timeout = ${options.queryWaitTimeoutSeconds ?? 3}`,
      'server_idle_timeout = 30',
      'ignore_startup_parameters = extra_float_digits',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'userlist.txt'), `"${user}" "${password}"\n`);
  const asRoot = process.getuid?.() === 0;
  const proc = spawn('pgbouncer', [...(asRoot ? ['-u', 'postgres'] : []), ini], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  try {
    await Promise.race([
      waitForPort(port, 15_000),
      exited.then(() => {
        throw new Error(`pgbouncer exited: ${stderr}`);
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
  let stopped: Promise<void> | undefined;
  return {
    url: url.toString(),
    adminUrl: adminUrl.toString(),
    port,
    stop: () =>
      (stopped ??= (async () => {
        if (proc.exitCode === null && proc.signalCode === null) {
          // SIGTERM: immediate shutdown (SIGINT would wait for every client to leave).
          proc.kill('SIGTERM');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      })()),
  };
}
