import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export interface LinkedClient {
  client: Client;
  close(): Promise<void>;
}

/** A real MCP Client connected to `server` over a linked in-memory transport pair. */
export async function connectClient(server: McpServer): Promise<LinkedClient> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'mcp-writing-test', version: '0.0.0' });
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** The concatenated text items of a tool result. */
export function textOf(result: unknown): string {
  const raw = (result as { content?: unknown } | null)?.content;
  const content: unknown[] = Array.isArray(raw) ? raw : [];
  return content
    .filter(
      (item): item is { type: 'text'; text: string } =>
        (item as { type?: unknown })?.type === 'text' && typeof (item as { text?: unknown }).text === 'string',
    )
    .map((item) => item.text)
    .join('\n');
}

/** The JSON a successful tool result carries as text. */
export function jsonOf<T = unknown>(result: unknown): T {
  return JSON.parse(textOf(result)) as T;
}
