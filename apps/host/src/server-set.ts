import type { DbHandle } from '@mcp-writing/db';
import { ERROR_KIND_META, type Logger } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { HostMetrics } from './metrics.js';
import { MultiplexTransport } from './multiplex-transport.js';
import { ToolLane } from './tool-lane.js';
import { depsFor, entryFor, registeredServers, type ServerName } from './registry.js';

/** JSON-RPC error code of a call to a disabled server (implementation-defined range). */
export const SERVER_DISABLED_CODE = -32004;

/** The sentence every client of a disabled server reads (HTTP and stdio). */
export function disabledMessage(name: string): string {
  return `server ${name} is disabled (enable it in the console or with PUT /admin/servers/${name})`;
}

/** The tool result a tools/call to a disabled server gets. */
export function disabledToolResult(name: string) {
  return {
    content: [{ type: 'text' as const, text: disabledMessage(name) }],
    isError: true,
    _meta: { [ERROR_KIND_META]: 'disabled' },
  };
}

/** The reply to any request for a disabled server: a tool error for tools/call, a JSON-RPC error otherwise. */
export function disabledReply(name: string, message: JSONRPCRequest): JSONRPCMessage {
  if (message.method === 'tools/call') return { jsonrpc: '2.0', id: message.id, result: disabledToolResult(name) };
  return { jsonrpc: '2.0', id: message.id, error: { code: SERVER_DISABLED_CODE, message: disabledMessage(name) } };
}

/** The kind a failed result carries (toolkit's fail()), or the SDK's input validation. */
function errorKind(result: { _meta?: Record<string, unknown>; content?: { text?: unknown }[] }): string {
  const kind = result._meta?.[ERROR_KIND_META];
  if (typeof kind === 'string') return kind;
  const text = result.content?.[0]?.text;
  if (typeof text === 'string' && /Input validation error|MCP error -32602/.test(text)) return 'invalid_input';
  if (typeof text === 'string' && /^Tool \S+ not found/.test(text)) return 'unknown_tool';
  return 'other';
}

interface Mounted {
  server: McpServer;
  transport: MultiplexTransport;
  /** tools/call past the SDK's per-request pipeline (undefined: every call takes that pipeline). */
  lane: ToolLane | undefined;
  tools: Set<string>;
}

/** Calls a mounted server is answering: on the tool lane and through the SDK's pipeline. */
function inFlightIn(mounted: Mounted): number {
  return mounted.transport.inFlight + (mounted.lane?.inFlight ?? 0);
}

/** Latencies kept per server for the console's percentiles. */
const LATENCY_WINDOW = 256;

/** What the console shows per server: counted since the process started. */
export interface ServerCallStats {
  calls: number;
  errors: number;
  /** Calls answered "disabled" (also counted in calls and errors). */
  refused: number;
  /** Over the last calls (up to 256), milliseconds; null before the first call. */
  latencyMs: { mean: number; p50: number; p95: number } | null;
}

class CallTally {
  calls = 0;
  errors = 0;
  refused = 0;
  readonly #latencies: number[] = [];
  #next = 0;

  record(seconds: number | undefined, failed: boolean): void {
    this.calls += 1;
    if (failed) this.errors += 1;
    if (seconds === undefined) return;
    const ms = seconds * 1000;
    if (this.#latencies.length < LATENCY_WINDOW) this.#latencies.push(ms);
    else this.#latencies[this.#next] = ms;
    this.#next = (this.#next + 1) % LATENCY_WINDOW;
  }

  snapshot(): ServerCallStats {
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return {
      calls: this.calls,
      errors: this.errors,
      refused: this.refused,
      latencyMs:
        sorted.length === 0
          ? null
          : { mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length), p50: round(at(0.5)), p95: round(at(0.95)) },
    };
  }
}

/**
 * The registered servers and which of them are enabled right now. A server
 * is built the first time it is enabled (at start, or later at run time) and
 * then kept: one long-lived McpServer connected once to its own multiplexing
 * transport. Disabling only stops new calls from reaching it; the calls it is
 * answering finish on the same transport.
 */
export class ServerSet {
  readonly #registered: readonly ServerName[];
  readonly #mounted = new Map<ServerName, Mounted>();
  readonly #mounting = new Map<ServerName, Promise<Mounted>>();
  readonly #enabled = new Set<ServerName>();
  readonly #tallies = new Map<ServerName, CallTally>();

  private constructor(
    registered: readonly ServerName[],
    readonly handle: DbHandle,
    readonly metrics: HostMetrics | undefined,
    readonly log: Logger,
  ) {
    this.#registered = registered;
  }

  /**
   * Builds and enables `enabled`; every other server of `registered` stays
   * disabled until enable() (requests to it get the "disabled" answer).
   */
  static async start(
    enabled: readonly ServerName[],
    handle: DbHandle,
    log: Logger,
    metrics?: HostMetrics,
    registered: readonly ServerName[] = registeredServers(),
  ): Promise<ServerSet> {
    const all = [...new Set([...registered, ...enabled])];
    const set = new ServerSet(all, handle, metrics, log);
    metrics?.trackInFlight(() => set.inFlight);
    for (const name of enabled) await set.enable(name);
    return set;
  }

  async #mount(name: ServerName): Promise<Mounted> {
    const server = entryFor(name).create(depsFor(name, this.handle, this.log));
    const transport = new MultiplexTransport();
    await server.connect(transport);
    transport.bindRequestEntry(server.server);
    const listed = await transport.request({ jsonrpc: '2.0', id: 0, method: 'tools/list', params: {} });
    const tools = new Set(
      'result' in listed ? ((listed.result as { tools?: { name: string }[] }).tools ?? []).map((t) => t.name) : [],
    );
    const mounted = { server, transport, lane: ToolLane.for(server, transport), tools };
    this.#mounted.set(name, mounted);
    return mounted;
  }

  /** Every server this host can serve, enabled or not, in registry order. */
  get registered(): ServerName[] {
    return [...this.#registered];
  }

  /** The servers enabled right now, in registry order. */
  get names(): ServerName[] {
    return this.#registered.filter((name) => this.#enabled.has(name));
  }

  isRegistered(name: string): name is ServerName {
    return (this.#registered as readonly string[]).includes(name);
  }

  /** Enabled right now. */
  has(name: string): name is ServerName {
    return this.#enabled.has(name as ServerName);
  }

  /** Builds the server the first time, then serves it at once. */
  async enable(name: ServerName): Promise<void> {
    if (!this.isRegistered(name)) throw new Error(`server ${name} is not registered in this host`);
    if (!this.#mounted.has(name)) {
      let mounting = this.#mounting.get(name);
      if (!mounting) {
        mounting = this.#mount(name).finally(() => this.#mounting.delete(name));
        this.#mounting.set(name, mounting);
      }
      await mounting;
    }
    this.#enabled.add(name);
  }

  /** New calls get the "disabled" answer; calls in flight finish. */
  disable(name: ServerName): void {
    this.#enabled.delete(name);
  }

  /** Tools of a server built at least once (0 before its first enable). */
  toolCount(name: ServerName): number {
    return this.#mounted.get(name)?.tools.size ?? 0;
  }

  /** Calls in flight right now, all servers, disabled ones finishing included. */
  get inFlight(): number {
    let n = 0;
    for (const m of this.#mounted.values()) n += inFlightIn(m);
    return n;
  }

  inFlightOf(name: ServerName): number {
    const mounted = this.#mounted.get(name);
    return mounted ? inFlightIn(mounted) : 0;
  }

  callStats(name: ServerName): ServerCallStats {
    return this.#tally(name).snapshot();
  }

  #tally(name: ServerName): CallTally {
    let tally = this.#tallies.get(name);
    if (!tally) {
      tally = new CallTally();
      this.#tallies.set(name, tally);
    }
    return tally;
  }

  /** Answers any request; never throws for a registered server. */
  async request(name: ServerName, message: JSONRPCRequest, authInfo?: AuthInfo): Promise<JSONRPCMessage> {
    const mounted = this.#enabled.has(name) ? this.#mounted.get(name) : undefined;
    if (!mounted) {
      if (!this.isRegistered(name)) {
        return { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: `no server named ${name} in this host` } };
      }
      if (message.method === 'tools/call') {
        const tally = this.#tally(name);
        tally.refused += 1;
        tally.record(undefined, true);
        this.metrics?.recordCall(name, 'unknown', 'tool_error', 0, 'disabled');
      }
      return disabledReply(name, message);
    }
    if (message.method !== 'tools/call') return mounted.transport.request(message, authInfo);
    const started = process.hrtime.bigint();
    const reply = await (mounted.lane ? mounted.lane.call(message, authInfo) : mounted.transport.request(message, authInfo));
    const requested = (message.params as { name?: unknown } | undefined)?.name;
    const tool = typeof requested === 'string' && mounted.tools.has(requested) ? requested : 'unknown';
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const tally = this.#tally(name);
    if ('error' in reply) {
      tally.record(seconds, true);
      this.metrics?.recordCall(name, tool, 'protocol_error', seconds, 'protocol');
      return reply;
    }
    const result = reply.result as { isError?: boolean; _meta?: Record<string, unknown>; content?: { text?: unknown }[] };
    tally.record(seconds, !!result.isError);
    if (!result.isError) this.metrics?.recordCall(name, tool, 'ok', seconds);
    else this.metrics?.recordCall(name, tool, 'tool_error', seconds, errorKind(result));
    return reply;
  }

  /** Delivers a notification to an enabled server; dropped for a disabled one. */
  notify(name: ServerName, message: JSONRPCNotification, authInfo?: AuthInfo): void {
    if (!this.#enabled.has(name)) return;
    this.#mounted.get(name)?.transport.notify(message, authInfo);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#mounting.values()]);
    for (const mounted of this.#mounted.values()) await mounted.server.close();
  }
}
