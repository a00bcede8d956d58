import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MultiplexTransport } from '../src/multiplex-transport.js';

/** A real McpServer with one tool that answers after a delay, so calls overlap. */
async function connected(bind: boolean) {
  const server = new McpServer({ name: 'multiplex-test', version: '0.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echoes a word after a delay.', inputSchema: z.object({ word: z.string(), delay_ms: z.number().int().default(0) }) },
    async ({ word, delay_ms }) => {
      await new Promise((resolve) => setTimeout(resolve, delay_ms));
      return { content: [{ type: 'text', text: word }], structuredContent: { word } };
    },
  );
  const transport = new MultiplexTransport();
  await server.connect(transport);
  const bound = bind ? transport.bindRequestEntry(server.server) : false;
  return { server, transport, bound };
}

const call = (id: number | string, args: Record<string, unknown>): JSONRPCRequest => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'echo', arguments: args },
});

const requests: JSONRPCRequest[] = [
  { jsonrpc: '2.0', id: 1, method: 'ping' },
  { jsonrpc: '2.0', id: 'list', method: 'tools/list', params: {} },
  call(3, { word: 'hello' }),
  call(4, { word: 42 }),
  { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'nope', arguments: {} } },
  { jsonrpc: '2.0', id: 6, method: 'no/such/method', params: {} },
];

describe('MultiplexTransport', () => {
  it('finds the SDK request dispatcher it hands requests to (an SDK upgrade that moves it fails here)', async () => {
    const { server, bound } = await connected(true);
    expect(bound).toBe(true);
    await server.close();
  });

  it('answers exactly as through the SDK onmessage: results, validation errors, unknown tools and methods', async () => {
    const direct = await connected(true);
    const viaOnmessage = await connected(false);
    for (const request of requests) {
      const [a, b] = await Promise.all([direct.transport.request(request), viaOnmessage.transport.request(request)]);
      expect(a).toStrictEqual(b);
      expect(a.id).toBe(request.id);
    }
    const hello = await direct.transport.request(call(7, { word: 'hello' }));
    expect(hello).toMatchObject({ id: 7, result: { structuredContent: { word: 'hello' } } });
    const bad = await direct.transport.request(call(8, { word: 42 }));
    expect(bad).toMatchObject({ id: 8, result: { isError: true } });
    expect(JSON.stringify(bad)).toMatch(/word/);
    const noMethod = await direct.transport.request(requests[5]!);
    expect(noMethod).toMatchObject({ id: 6, error: { code: -32601 } });
    await direct.server.close();
    await viaOnmessage.server.close();
  });

  it('gives two callers with the same id each their own answer', async () => {
    const { server, transport } = await connected(true);
    const [slow, fast] = await Promise.all([
      transport.request(call(1, { word: 'slow', delay_ms: 30 })),
      transport.request(call(1, { word: 'fast' })),
    ]);
    expect(slow).toMatchObject({ id: 1, result: { structuredContent: { word: 'slow' } } });
    expect(fast).toMatchObject({ id: 1, result: { structuredContent: { word: 'fast' } } });
    expect(transport.inFlight).toBe(0);
    await server.close();
  });

  it('answers calls in flight with an error when the server closes, and refuses new ones', async () => {
    const { server, transport } = await connected(true);
    const pending = transport.request(call('late', { word: 'late', delay_ms: 200 }));
    await server.close();
    expect(await pending).toMatchObject({ id: 'late', error: { code: -32000 } });
    expect(await transport.request(call(2, { word: 'x' }))).toMatchObject({ id: 2, error: { code: -32000 } });
  });
});
