import type { DbHandle } from '@mcp-writing/db';
import type { Logger } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { depsFor, entryFor, type ServerName } from './registry.js';

export const HOST_VERSION = '0.1.0';

/**
 * One McpServer for a stdio stream. With one server name it is that server;
 * with several, their tools are combined (a tool two servers share is
 * registered once). Each server's tools still use that server's connection cap.
 */
export function buildStdioServer(names: readonly ServerName[], handle: DbHandle, log: Logger): McpServer {
  if (names.length === 1) {
    const name = names[0]!;
    return entryFor(name).create(depsFor(name, handle, log));
  }
  const server = new McpServer({ name: 'mcp-writing', version: HOST_VERSION });
  const registered = new Set<string>();
  const onceEach = new Proxy(server, {
    get(target, property) {
      if (property === 'registerTool') {
        return (name: string, ...rest: unknown[]) => {
          if (registered.has(name)) return undefined;
          registered.add(name);
          return (target.registerTool as (...args: unknown[]) => unknown)(name, ...rest);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  for (const name of names) {
    entryFor(name).register(onceEach, depsFor(name, handle, log));
  }
  return server;
}

/**
 * Serves over stdin/stdout. Resolves `closed` when stdin ends (or the
 * transport closes) AND every request read before that has been answered, so
 * a client that writes its calls and closes stdin still gets every reply.
 */
export async function serveStdio(server: McpServer, drainTimeoutMs = 10_000): Promise<{ closed: Promise<void> }> {
  const transport = new StdioServerTransport();
  await server.connect(transport);

  const pending = new Set<string | number>();
  let drained: (() => void) | undefined;
  const receive = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if ('method' in message && 'id' in message) pending.add(message.id);
    receive?.(message);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage) => {
    await send(message);
    if ('id' in message && message.id !== undefined && !('method' in message)) {
      pending.delete(message.id);
      if (pending.size === 0) drained?.();
    }
  };

  const closed = new Promise<void>((resolve) => {
    let ending = false;
    const end = () => {
      if (ending) return;
      ending = true;
      if (pending.size === 0) return resolve();
      drained = resolve;
      setTimeout(resolve, drainTimeoutMs).unref();
    };
    process.stdin.once('end', end);
    process.stdin.once('close', end);
    const onclose = transport.onclose;
    transport.onclose = () => {
      onclose?.();
      end();
    };
  });
  return { closed };
}
