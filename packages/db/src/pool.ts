import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DbConfig } from './config.js';
import type { Database } from './database.js';
import { PoolBusyError, Semaphore } from './semaphore.js';

// int8 (count(*), sum()) arrives as a string by default; story counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export type Db = Kysely<Database>;

export interface ServerPoolStats {
  /** Connections this server holds right now. */
  inUse: number;
  /** Calls of this server waiting for a connection slot. */
  waiting: number;
  /** The server's cap (DB_POOL_MAX_PER_SERVER). */
  max: number;
}

export interface PoolStats {
  /** Connections open (idle + in use). Never above `max`. */
  total: number;
  idle: number;
  /** Checkouts queued inside pg's pool (the per-server queues are in `servers`). */
  waiting: number;
  max: number;
  min: number;
  /** Idle connections closed by the server or the network (pool 'error' events). */
  errors: number;
  /** Checkouts that gave up waiting ("database busy"). */
  checkoutTimeouts: number;
  servers: Record<string, ServerPoolStats>;
}

export interface DbHandle {
  /** Kysely over the shared pool, outside any server's cap (host, health checks). */
  db: Db;
  /** The one pg pool of this process. Read it; don't end it (use close()). */
  pool: pg.Pool;
  /** Kysely whose checkouts are capped at DB_POOL_MAX_PER_SERVER for this server. */
  forServer(name: string): Db;
  stats(): PoolStats;
  /** Ends the pool. Safe to call more than once. */
  close(): Promise<void>;
  readonly config: DbConfig;
}

export interface CreateDbOptions {
  /** Called for errors on idle connections (e.g. pg_terminate_backend); the process keeps running. */
  onPoolError?: (error: Error) => void;
}

/** pg's messages for a checkout that ran out of time: waiting in the pool, or connecting. */
const PG_CONNECT_TIMEOUT = /timeout exceeded when trying to connect|Connection terminated due to connection timeout/i;

/**
 * Opens the process's one connection pool. Call once (host or test) and share
 * the handle; servers get `forServer(name)` and never open or close anything.
 */
export function createDb(config: DbConfig, options: CreateDbOptions = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: config.poolMax,
    min: config.poolMin,
    idleTimeoutMillis: config.idleTimeoutMs,
    connectionTimeoutMillis: config.connectionTimeoutMs,
    application_name: config.applicationName,
    keepAlive: true,
  });

  let poolErrors = 0;
  let checkoutTimeouts = 0;
  const reportError = (error: Error) => {
    poolErrors += 1;
    options.onPoolError?.(error);
  };
  // Without these listeners a connection killed by the server crashes the process.
  pool.on('error', reportError);
  pool.on('connect', (client) => {
    client.on('error', () => {
      // Already counted through the pool's listener when idle; an active client's
      // error is delivered to its query. Either way the process keeps running.
    });
  });

  let closing: Promise<void> | undefined;
  const semaphores = new Map<string, Semaphore>();
  const servers = new Map<string, Db>();

  async function checkout(): Promise<pg.PoolClient> {
    if (closing) throw new Error('the database pool is closed');
    try {
      return await pool.connect();
    } catch (error) {
      if (error instanceof Error && PG_CONNECT_TIMEOUT.test(error.message)) {
        checkoutTimeouts += 1;
        throw new PoolBusyError('pool', config.connectionTimeoutMs);
      }
      throw error;
    }
  }

  const uncapped = {
    connect: checkout,
    end: async () => undefined, // Kysely.destroy() must not end the shared pool
  };

  function capped(semaphore: Semaphore) {
    return {
      async connect(): Promise<pg.PoolClient> {
        try {
          await semaphore.acquire(config.connectionTimeoutMs);
        } catch (error) {
          if (error instanceof PoolBusyError) checkoutTimeouts += 1;
          throw error;
        }
        let client: pg.PoolClient;
        try {
          client = await checkout();
        } catch (error) {
          semaphore.release();
          throw error;
        }
        // pg-pool assigns a fresh release() on every checkout; wrap this one.
        const release = client.release.bind(client);
        let released = false;
        client.release = (err?: Error | boolean) => {
          if (!released) {
            released = true;
            semaphore.release();
          }
          return release(err);
        };
        return client;
      },
      end: async () => undefined,
    };
  }

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: uncapped }) });

  return {
    db,
    pool,
    config,
    forServer(name: string): Db {
      let server = servers.get(name);
      if (!server) {
        const semaphore = new Semaphore(config.maxPerServer, `server ${name}`);
        semaphores.set(name, semaphore);
        server = new Kysely<Database>({ dialect: new PostgresDialect({ pool: capped(semaphore) }) });
        servers.set(name, server);
      }
      return server;
    },
    stats(): PoolStats {
      const perServer: Record<string, ServerPoolStats> = {};
      for (const [name, semaphore] of semaphores) {
        perServer[name] = { inUse: semaphore.inUse, waiting: semaphore.waiting, max: semaphore.limit };
      }
      return {
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max: config.poolMax,
        min: config.poolMin,
        errors: poolErrors,
        checkoutTimeouts,
        servers: perServer,
      };
    },
    close(): Promise<void> {
      if (!closing) {
        const reason = new Error('the database pool is closed');
        for (const semaphore of semaphores.values()) semaphore.rejectAll(reason);
        closing = pool.end();
      }
      return closing;
    },
  };
}
