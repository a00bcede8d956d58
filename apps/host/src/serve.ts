import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createDb,
  loadDbConfig,
  migrateToLatest,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from '@mcp-writing/db';
import { createLogger } from '@mcp-writing/toolkit';
import { loadHostConfig, parseActiveServers } from './config.js';
import { createHttpServer } from './http.js';
import { HostMetrics } from './metrics.js';
import { registeredServers } from './registry.js';
import { ServerSet } from './server-set.js';
import { printBanner } from './banner.js';
import { buildStdioServer, serveStdio } from './stdio.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Serves over HTTP (default) or, with --stdio, in-process over stdio. */
export async function serve(argv: string[]): Promise<void> {
  const stdio = argv.includes('--stdio');
  const named = argv.filter((a) => !a.startsWith('--'));
  const log = createLogger({ name: 'mcp-writing-host' });
  const env = { ...process.env };
  const registered = registeredServers();

  let embedded: EmbeddedPostgres | undefined;
  if (!env.DATABASE_URL?.trim()) {
    const dataDir = env.MCP_WRITING_DATA_DIR?.trim() || path.join(REPO_ROOT, '.data', 'postgres');
    log.info({ dataDir }, 'DATABASE_URL is not set: using the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir,
      persistent: true,
      port: Number(env.EMBEDDED_PG_PORT ?? 54329),
      log: (line) => log.debug({ postgres: line }),
    });
    env.DATABASE_URL = embedded.url;
  }

  const dbConfig = loadDbConfig(env);
  const hostConfig = stdio
    ? { ...loadHostConfig({ ...env, HOST: '127.0.0.1' }, registered), servers: parseActiveServers(named.join(',') || env.ACTIVE_MCP_SERVERS, registered) }
    : loadHostConfig(env, registered);

  if (hostConfig.migrateOnStart) {
    const { applied } = await migrateToLatest(dbConfig.migrationDatabaseUrl);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  }
  const handle = createDb(dbConfig, {
    onPoolError: (error) => log.warn({ err: error }, 'a pooled database connection failed; it will be replaced'),
  });

  let stopping: Promise<void> | undefined;
  const finish = async (stopServing: () => Promise<void>) => {
    await stopServing();
    await handle.close();
    await embedded?.stop();
    log.info('stopped');
    log.flush();
  };

  if (stdio) {
    const server = buildStdioServer(hostConfig.servers, handle, log);
    const { closed } = await serveStdio(server, hostConfig.shutdownTimeoutMs);
    log.info({ servers: hostConfig.servers }, 'serving over stdio');
    const stop = () => (stopping ??= finish(() => server.close()).then(() => process.exit(0)));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    await closed;
    await stop();
    return;
  }

  const metrics = new HostMetrics(handle);
  const servers = await ServerSet.start(hostConfig.servers, handle, log, metrics);
  const http = createHttpServer({ config: hostConfig, servers, handle, metrics, log });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(hostConfig.port, hostConfig.host, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : hostConfig.port;
  log.info({ host: hostConfig.host, port, servers: servers.names }, 'listening');
  printBanner({ host: hostConfig.host, port, servers: servers.names, toolCounts: servers, embedded: !!embedded, repoRoot: REPO_ROOT });

  const stop = (signal: string) =>
    (stopping ??= finish(async () => {
      log.info({ signal, inFlight: servers.inFlight }, 'shutting down: finishing in-flight calls');
      const closedHttp = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const deadline = Date.now() + hostConfig.shutdownTimeoutMs;
      while ((servers.inFlight > 0 || http.activeRequests() > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await servers.close();
      http.closeAllConnections();
      await closedHttp;
    }).then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

