import type { DbHandle } from '@mcp-writing/db';
import type { Logger } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { entryFor, type ServerName } from './registry.js';

export const HOST_VERSION = '0.1.0';

/**
 * One McpServer for a stdio stream. With one server name it is that server;
 * with several, their tools are combined (a tool two servers share is
 * registered once). Each server's tools still use that server's connection cap.
 */
export function buildStdioServer(names: readonly ServerName[], handle: DbHandle, log: Logger): McpServer {
  if (names.length === 1) {
    const name = names[0]!;
    return entryFor(name).create({ db: handle.forServer(name), log: log.child({ server: name }) });
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
    entryFor(name).register(onceEach, { db: handle.forServer(name), log: log.child({ server: name }) });
  }
  return server;
}

/** Serves over stdin/stdout until stdin ends; resolves when the stream is closed. */
export async function serveStdio(server: McpServer): Promise<{ closed: Promise<void> }> {
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
    process.stdin.once('close', () => resolve());
  });
  await server.connect(transport);
  return { closed };
}
