import type { DbHandle } from '@mcp-writing/db';
import { ERROR_KIND_META, type Logger } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { JSONRPCNotification, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { HostMetrics } from './metrics.js';
import { MultiplexTransport } from './multiplex-transport.js';
import { entryFor, type ServerName } from './registry.js';

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
  tools: Set<string>;
}

/**
 * The enabled servers, each one long-lived McpServer connected once to its
 * own multiplexing transport. Servers are built here and only here, once.
 */
export class ServerSet {
  readonly #mounted = new Map<ServerName, Mounted>();

  private constructor(
    readonly metrics: HostMetrics | undefined,
    readonly log: Logger,
  ) {}

  static async start(names: readonly ServerName[], handle: DbHandle, log: Logger, metrics?: HostMetrics): Promise<ServerSet> {
    const set = new ServerSet(metrics, log);
    metrics?.trackInFlight(() => set.inFlight);
    for (const name of names) {
      const server = entryFor(name).create({ db: handle.forServer(name), log: log.child({ server: name }) });
      const transport = new MultiplexTransport();
      await server.connect(transport);
      const listed = await transport.request({ jsonrpc: '2.0', id: 0, method: 'tools/list', params: {} });
      const tools = new Set(
        'result' in listed ? ((listed.result as { tools?: { name: string }[] }).tools ?? []).map((t) => t.name) : [],
      );
      set.#mounted.set(name, { server, transport, tools });
    }
    return set;
  }

  get names(): ServerName[] {
    return [...this.#mounted.keys()];
  }

  has(name: string): name is ServerName {
    return this.#mounted.has(name as ServerName);
  }

  toolCount(name: ServerName): number {
    return this.#mounted.get(name)?.tools.size ?? 0;
  }

  get inFlight(): number {
    let n = 0;
    for (const m of this.#mounted.values()) n += m.transport.inFlight;
    return n;
  }

  async request(name: ServerName, message: JSONRPCRequest, authInfo?: AuthInfo) {
    const mounted = this.#mounted.get(name);
    if (!mounted) throw new Error(`server ${name} is not enabled`);
    if (message.method !== 'tools/call' || !this.metrics) return mounted.transport.request(message, authInfo);
    const started = process.hrtime.bigint();
    const reply = await mounted.transport.request(message, authInfo);
    const requested = (message.params as { name?: unknown } | undefined)?.name;
    const tool = typeof requested === 'string' && mounted.tools.has(requested) ? requested : 'unknown';
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if ('error' in reply) {
      this.metrics.recordCall(name, tool, 'protocol_error', seconds, 'protocol');
      return reply;
    }
    const result = reply.result as { isError?: boolean; _meta?: Record<string, unknown>; content?: { text?: unknown }[] };
    if (!result.isError) {
      this.metrics.recordCall(name, tool, 'ok', seconds);
      return reply;
    }
    this.metrics.recordCall(name, tool, 'tool_error', seconds, errorKind(result));
    return reply;
  }

  notify(name: ServerName, message: JSONRPCNotification, authInfo?: AuthInfo): void {
    this.#mounted.get(name)?.transport.notify(message, authInfo);
  }

  async close(): Promise<void> {
    for (const mounted of this.#mounted.values()) await mounted.server.close();
  }
}
