import type { DbHandle } from '@mcp-writing/db';
import type { Logger } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { effectiveServers, type Overrides, type ServerStateFile } from './admin-state.js';
import { depsFor, entryFor, type ServerName } from './registry.js';
import { disabledToolResult } from './server-set.js';

/**
 * The run-time enable/disable state as a `--stdio` process sees it. The
 * process serves the servers named on its command line (or
 * ACTIVE_MCP_SERVERS); servers.json can switch those off and on again, and
 * the file is re-read when it changes (checked at most every 500 ms), so a
 * switch flipped in a host's console also reaches a running stdio process.
 */
export class LiveServerStates {
  #overrides: Overrides;
  #mtime: number;
  #checkedAt = Date.now();

  constructor(
    readonly file: ServerStateFile,
    readonly base: readonly ServerName[],
    readonly registered: readonly ServerName[],
    overrides: Overrides,
    readonly log: Logger,
  ) {
    this.#overrides = overrides;
    this.#mtime = file.mtime();
  }

  isEnabled(name: ServerName): boolean {
    this.#refresh();
    return effectiveServers(this.base, this.#overrides, this.registered).includes(name);
  }

  #refresh(): void {
    if (Date.now() - this.#checkedAt < 500) return;
    this.#checkedAt = Date.now();
    const mtime = this.file.mtime();
    if (mtime === this.#mtime) return;
    this.#mtime = mtime;
    try {
      this.#overrides = this.file.read(this.registered).overrides;
    } catch (error) {
      this.log.warn({ err: error }, 'servers.json could not be read; keeping the previous server states');
    }
  }
}

/** Which servers offer each tool (a tool two servers share is offered by both). */
export function toolOwners(names: readonly ServerName[], handle: DbHandle, log: Logger): Map<string, ServerName[]> {
  const owners = new Map<string, ServerName[]>();
  for (const name of names) {
    // Registering into a throwaway server only records names: nothing runs or connects.
    const probe = new McpServer({ name: 'probe', version: '0' });
    const recorder = new Proxy(probe, {
      get(target, property) {
        if (property === 'registerTool') {
          return (tool: string, ...rest: unknown[]) => {
            owners.set(tool, [...(owners.get(tool) ?? []), name]);
            return (target.registerTool as (...args: unknown[]) => unknown)(tool, ...rest);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    entryFor(name).register(recorder, depsFor(name, handle, log));
  }
  return owners;
}

/**
 * Answers tools/call for a tool whose servers are all disabled right now with
 * the "server <name> is disabled" result, before it reaches the McpServer.
 * The tools stay listed: a client learns why its call is refused.
 */
export function refuseDisabledTools(
  server: McpServer,
  owners: ReadonlyMap<string, readonly ServerName[]>,
  isEnabled: (name: ServerName) => boolean,
): void {
  const connect = server.connect.bind(server);
  server.connect = async (transport: Transport) => {
    await connect(transport);
    const receive = transport.onmessage;
    transport.onmessage = (message: JSONRPCMessage, extra) => {
      if ('method' in message && message.method === 'tools/call' && 'id' in message) {
        const tool = (message.params as { name?: unknown } | undefined)?.name;
        const servedBy = typeof tool === 'string' ? owners.get(tool) : undefined;
        if (servedBy && servedBy.length > 0 && !servedBy.some(isEnabled)) {
          void transport.send({ jsonrpc: '2.0', id: message.id, result: disabledToolResult(servedBy[0]!) });
          return;
        }
      }
      receive?.(message, extra);
    };
  };
}
