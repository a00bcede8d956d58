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
import { createAdminRoutes, loadAdminConfig } from './admin.js';
import { ServerControl } from './admin-control.js';
import { effectiveServers, ServerStateFile, stateDir } from './admin-state.js';
import { LiveServerStates, refuseDisabledTools, toolOwners } from './admin-stdio.js';
import { loadHostConfig, parseActiveServers } from './config.js';
import { createHttpServer } from './http.js';
import { createGuards } from './http-common.js';
import { LegacyListeners } from './legacy.js';
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

  // Run-time enable/disable changes (console, admin API) override ACTIVE_MCP_SERVERS.
  const stateFile = new ServerStateFile(stateDir(env, REPO_ROOT));
  const { overrides, skipped } = stateFile.read(registered);
  if (skipped.length > 0) log.warn({ stateFile: stateFile.file, skipped }, 'servers.json names servers this build lacks; ignored');
  if (overrides.size > 0) log.info({ stateFile: stateFile.file, overrides: Object.fromEntries(overrides) }, 'run-time server changes apply');

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
    // Named servers (or ACTIVE_MCP_SERVERS), plus any enabled at run time when none are named;
    // those disabled in servers.json answer "disabled", and the file is followed live.
    const served = named.length > 0 ? hostConfig.servers : registered.filter((n) => hostConfig.servers.includes(n) || overrides.get(n)?.enabled);
    const states = new LiveServerStates(stateFile, hostConfig.servers, registered, overrides, log);
    const server = buildStdioServer(served, handle, log);
    refuseDisabledTools(server, toolOwners(served, handle, log), (name) => states.isEnabled(name));
    const { closed } = await serveStdio(server, hostConfig.shutdownTimeoutMs);
    log.info({ servers: served, enabled: served.filter((n) => states.isEnabled(n)) }, 'serving over stdio');
    const stop = () => (stopping ??= finish(() => server.close()).then(() => process.exit(0)));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    await closed;
    await stop();
    return;
  }

  const metrics = new HostMetrics(handle);
  const servers = await ServerSet.start(effectiveServers(hostConfig.servers, overrides, registered), handle, log, metrics, registered);
  const control = new ServerControl(servers, hostConfig.servers, overrides, stateFile, log);
  const admin = createAdminRoutes({ config: loadAdminConfig(env), control, handle, log, authenticate: createGuards(hostConfig).authenticate });
  const http = createHttpServer({ config: hostConfig, servers, handle, metrics, log, admin });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(hostConfig.port, hostConfig.host, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : hostConfig.port;
  const legacy = hostConfig.legacy
    ? await LegacyListeners.start({ config: hostConfig, legacy: hostConfig.legacy, servers, handle, log })
    : undefined;
  const legacyPorts = legacy && Object.fromEntries(legacy.ports);
  const stop = (signal: string) =>
    (stopping ??= finish(async () => {
      log.info({ signal, inFlight: servers.inFlight }, 'shutting down: finishing in-flight calls');
      const closedHttp = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      legacy?.stopAccepting();
      const deadline = Date.now() + hostConfig.shutdownTimeoutMs;
      const busy = () => servers.inFlight > 0 || http.activeRequests() > 0 || (legacy?.activeRequests() ?? 0) > 0;
      while (busy() && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await legacy?.close();
      await admin.close();
      await servers.close();
      http.closeAllConnections();
      await closedHttp;
    }).then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  // Announced only once the signal handlers are in place: whoever waits for
  // this line may stop us at once (a signal before them would kill the process).
  log.info({ host: hostConfig.host, port, servers: servers.names, legacyHost: hostConfig.legacy?.host, legacyPorts }, 'listening');
  printBanner({ host: hostConfig.host, port, servers: servers.names, toolCounts: servers, embedded: !!embedded, repoRoot: REPO_ROOT, legacyPorts });
}

