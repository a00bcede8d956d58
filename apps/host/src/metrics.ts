import type { DbHandle } from '@mcp-writing/db';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type CallOutcome = 'ok' | 'tool_error' | 'protocol_error';

/** Prometheus metrics of one host: the pool, and tool calls by server and tool. */
export class HostMetrics {
  readonly registry = new Registry();
  readonly #calls: Counter<'server' | 'tool' | 'outcome'>;
  readonly #latency: Histogram<'server'>;
  readonly #errors: Counter<'server' | 'tool' | 'kind'>;

  constructor(handle: DbHandle) {
    collectDefaultMetrics({ register: this.registry, prefix: 'mcp_writing_process_' });
    const stats = () => handle.stats();
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge('mcp_writing_pool_total', 'Connections open in the shared pool (idle + in use).', () => stats().total);
    gauge('mcp_writing_pool_idle', 'Idle connections in the shared pool.', () => stats().idle);
    gauge('mcp_writing_pool_waiting', 'Checkouts queued in the shared pool.', () => stats().waiting);
    gauge('mcp_writing_pool_max', 'DB_POOL_MAX: most connections this process opens.', () => stats().max);
    gauge('mcp_writing_pool_errors_total', 'Pool connection errors (connections lost while idle).', () => stats().errors);
    gauge('mcp_writing_pool_checkout_timeouts_total', 'Checkouts that gave up waiting ("database busy").', () => stats().checkoutTimeouts);
    new Gauge({
      name: 'mcp_writing_server_connections_in_use',
      help: 'Connections each server holds right now.',
      labelNames: ['server'],
      registers: [this.registry],
      collect() {
        for (const [server, s] of Object.entries(stats().servers)) this.set({ server }, s.inUse);
      },
    });
    new Gauge({
      name: 'mcp_writing_server_connections_waiting',
      help: 'Calls of each server waiting for a connection slot.',
      labelNames: ['server'],
      registers: [this.registry],
      collect() {
        for (const [server, s] of Object.entries(stats().servers)) this.set({ server }, s.waiting);
      },
    });
    this.#calls = new Counter({
      name: 'mcp_writing_tool_calls_total',
      help: 'Tool calls by server, tool and outcome (ok, tool_error, protocol_error).',
      labelNames: ['server', 'tool', 'outcome'],
      registers: [this.registry],
    });
    this.#errors = new Counter({
      name: 'mcp_writing_tool_errors_total',
      help: 'Failed tool calls by server, tool and kind (invalid_input, not_found, duplicate, busy, unavailable, timeout, internal, ...).',
      labelNames: ['server', 'tool', 'kind'],
      registers: [this.registry],
    });
    this.#latency = new Histogram({
      name: 'mcp_writing_tool_call_seconds',
      help: 'Tool call latency by server.',
      labelNames: ['server'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** Label children by label values: prom-client hashes a label object on every call otherwise. */
  readonly #callChildren = new Map<string, { inc(): void }>();
  readonly #latencyChildren = new Map<string, { observe(value: number): void }>();

  recordCall(server: string, tool: string, outcome: CallOutcome, seconds: number, errorKind?: string): void {
    const key = `${server}\u0000${tool}\u0000${outcome}`;
    let calls = this.#callChildren.get(key);
    if (!calls) {
      calls = this.#calls.labels({ server, tool, outcome });
      this.#callChildren.set(key, calls);
    }
    calls.inc();
    let latency = this.#latencyChildren.get(server);
    if (!latency) {
      latency = this.#latency.labels({ server });
      this.#latencyChildren.set(server, latency);
    }
    latency.observe(seconds);
    if (outcome !== 'ok') this.#errors.inc({ server, tool, kind: errorKind ?? 'other' });
  }

  /** Calls in flight right now, read at scrape time. */
  trackInFlight(read: () => number): void {
    new Gauge({
      name: 'mcp_writing_calls_in_flight',
      help: 'JSON-RPC requests being handled right now (all servers).',
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }
}
