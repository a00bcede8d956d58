import { createDb, loadDbConfig, type DbHandle, type PoolStats } from '@mcp-writing/db';
import type { Logger } from '@mcp-writing/toolkit';
import {
  computeBudget,
  readBouncerLimits,
  readPgLimits,
  type BouncerLimits,
  type BudgetCheck,
  type PgLimits,
} from './admin-budget.js';

/** One point of the console's pool chart. */
export interface PoolSample {
  /** ms since the epoch */
  t: number;
  total: number;
  idle: number;
  waiting: number;
  /** Connections checked out by servers (sum of per-server in use). */
  inUse: number;
}

export const SAMPLE_INTERVAL_MS = 2_000;
/** Ten minutes of samples. */
export const SAMPLE_COUNT = 300;

/** Samples the pool every 2 s into a ring of ten minutes, so a freshly opened console has history. */
export class PoolHistory {
  readonly #samples: PoolSample[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(readonly stats: () => PoolStats) {
    this.sample();
    this.#timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
    this.#timer.unref();
  }

  sample(): void {
    const s = this.stats();
    const inUse = Object.values(s.servers).reduce((n, server) => n + server.inUse, 0);
    this.#samples.push({ t: Date.now(), total: s.total, idle: s.idle, waiting: s.waiting, inUse });
    if (this.#samples.length > SAMPLE_COUNT) this.#samples.shift();
  }

  /** Samples taken after `since` (ms), all of them without it. */
  since(since = 0): PoolSample[] {
    return this.#samples.filter((s) => s.t > since);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

export interface BudgetView {
  poolMax: number;
  checkedAt: string | null;
  pg: PgLimits | null;
  /** null: PGBOUNCER_ADMIN_URL not set; with `bouncerError` when set but unreachable. */
  bouncer: BouncerLimits | null;
  fits: boolean | null;
  checks: BudgetCheck[];
  error?: string;
  bouncerError?: string;
}

/** How often the console's budget reads the database's limits (each read uses one pooled connection briefly). */
const BUDGET_TTL_MS = 15_000;

/**
 * The console's connection budget for this host: DB_POOL_MAX against
 * PostgreSQL's max_connections (and PgBouncer's limits when
 * PGBOUNCER_ADMIN_URL is set). Read in the background, at most every 15 s.
 */
export class BudgetMonitor {
  #view: BudgetView;
  #readAt = 0;
  #reading: Promise<void> | undefined;
  #bouncer: DbHandle | undefined;

  constructor(
    readonly handle: DbHandle,
    readonly log: Logger,
    readonly bouncerAdminUrl: string | undefined,
  ) {
    this.#view = { poolMax: handle.config.poolMax, checkedAt: null, pg: null, bouncer: null, fits: null, checks: [] };
  }

  /** The latest view; starts a refresh when stale and waits for it only the first time. */
  async current(): Promise<BudgetView> {
    if (Date.now() - this.#readAt > BUDGET_TTL_MS && !this.#reading) {
      this.#reading = this.#read().finally(() => {
        this.#reading = undefined;
      });
    }
    if (this.#view.checkedAt === null && this.#reading) await this.#reading;
    return this.#view;
  }

  async #read(): Promise<void> {
    this.#readAt = Date.now();
    const view: BudgetView = { poolMax: this.handle.config.poolMax, checkedAt: new Date().toISOString(), pg: null, bouncer: null, fits: null, checks: [] };
    try {
      view.pg = await readPgLimits(this.handle.db, this.handle.config.applicationName);
    } catch {
      view.error = 'PostgreSQL did not answer the budget query';
    }
    if (this.bouncerAdminUrl) {
      try {
        this.#bouncer ??= createDb(
          loadDbConfig({
            DATABASE_URL: this.bouncerAdminUrl,
            DB_POOL_MAX: '1',
            DB_POOL_IDLE_TIMEOUT: '1000',
            DB_POOL_CONNECTION_TIMEOUT: '3000',
            DB_APPLICATION_NAME: 'mcp-writing-console',
          }),
          { onPoolError: () => undefined },
        );
        view.bouncer = await readBouncerLimits(this.#bouncer.db);
      } catch (error) {
        this.log.debug({ err: error }, 'PgBouncer admin console did not answer');
        view.bouncerError = 'PgBouncer admin console (PGBOUNCER_ADMIN_URL) did not answer';
      }
    }
    if (view.pg) {
      const budget = computeBudget({ replicas: 1, poolMax: view.poolMax, headroom: 0, pg: view.pg, bouncer: view.bouncer ?? undefined });
      view.fits = budget.fits;
      view.checks = budget.checks;
    }
    this.#view = view;
  }

  async close(): Promise<void> {
    await this.#reading?.catch(() => undefined);
    await this.#bouncer?.close();
  }
}
