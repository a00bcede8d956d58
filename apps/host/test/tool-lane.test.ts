import { createDb, loadDbConfig } from '@mcp-writing/db';
import { fail, ok, silentLogger, STRUCTURED_TEXT } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type JSONRPCMessage, type JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { replyText } from '../src/http-common.js';
import { MultiplexTransport } from '../src/multiplex-transport.js';
import { depsFor, entryFor, registeredServers } from '../src/registry.js';
import { ToolLane } from '../src/tool-lane.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A real McpServer with tools of every shape the lane takes or leaves to the SDK. */
async function connected() {
  const server = new McpServer({ name: 'lane-test', version: '0.0.0' });
  const word = z.object({ word: z.string().min(1), delay_ms: z.number().int().min(0).default(0) });
  server.registerTool('echo', { description: 'Echoes a word after a delay.', inputSchema: word }, async ({ word, delay_ms }) => {
    await sleep(delay_ms);
    return ok({ word, at: new Date(0), nothing: undefined });
  });
  server.registerTool('refuse', { description: 'Fails as tools fail.', inputSchema: z.object({}) }, async () => fail('author 9 not found', 'not_found'));
  server.registerTool('throws', { description: 'Throws.', inputSchema: z.object({}) }, async () => {
    throw new Error('the tool broke');
  });
  server.registerTool('elicits', { description: 'Asks for a URL.', inputSchema: z.object({}) }, async () => {
    throw new McpError(ErrorCode.UrlElicitationRequired, 'open this first', { elicitations: [] });
  });
  server.registerTool('malformed', { description: 'Answers no tool result.', inputSchema: z.object({}) }, async () => {
    return { content: 'not a list' } as never;
  });
  server.registerTool('image', { description: 'Answers a non-text block.', inputSchema: z.object({}) }, async () => ({
    content: [{ type: 'image' as const, data: 'aGk=', mimeType: 'image/png' }],
  }));
  server.registerTool('structured', { description: 'Declares an output schema.', inputSchema: z.object({}), outputSchema: z.object({ n: z.number() }) }, async () => ({
    content: [{ type: 'text' as const, text: '{"n":1}' }],
    structuredContent: { n: 1 },
  }));
  server.registerTool('shape', { description: 'A raw-shape input schema (the SDK makes it an object schema).', inputSchema: { n: z.number() } }, async ({ n }) => ok({ n }));
  const asyncCheck = z.object({ n: z.number().refine(async (n) => n > 0, 'must be positive') });
  server.registerTool('async_check', { description: 'An async refinement.', inputSchema: asyncCheck }, async ({ n }) => ok({ n }));
  const throwing = z.object({ n: z.number().transform((n) => { if (n === 13) throw new Error('unlucky'); return n; }) });
  server.registerTool('throwing_schema', { description: 'A schema that throws.', inputSchema: throwing }, async ({ n }) => ok({ n }));
  server.registerTool('off', { description: 'Disabled.', inputSchema: z.object({}) }, async () => ok({})).disable();
  const transport = new MultiplexTransport();
  await server.connect(transport);
  transport.bindRequestEntry(server.server);
  const lane = ToolLane.for(server, transport);
  if (!lane) throw new Error('no lane for a plain McpServer');
  return { server, transport, lane };
}

const call = (id: number | string, params: Record<string, unknown>): JSONRPCRequest => ({ jsonrpc: '2.0', id, method: 'tools/call', params });

/** Requests the lane takes (it hands those whose arguments do not parse to the SDK)... */
const taken = [
  call(1, { name: 'echo', arguments: { word: 'hello' } }),
  call('two', { name: 'echo', arguments: { word: 'meta' }, _meta: { progressToken: 7 } }),
  call(3, { name: 'refuse', arguments: {} }),
  call(4, { name: 'refuse' }),
  call(5, { name: 'throws', arguments: {} }),
  call(6, { name: 'elicits', arguments: {} }),
  call(7, { name: 'malformed', arguments: {} }),
  call(8, { name: 'image', arguments: {} }),
  call(9, { name: 'shape', arguments: { n: 1 } }),
  call(10, { name: 'async_check', arguments: { n: 1 } }),
  call(11, { name: 'async_check', arguments: { n: -1 } }),
  call(12, { name: 'throwing_schema', arguments: { n: 1 } }),
  call(13, { name: 'throwing_schema', arguments: { n: 13 } }),
];
/** ...and those it hands to the SDK. */
const left = [
  call(20, { name: 'echo', arguments: { word: '' } }),
  call(21, { name: 'echo', arguments: { word: 42 } }),
  call(22, { name: 'echo', arguments: 'word' }),
  call(23, { name: 'echo', arguments: ['word'] }),
  call(24, { name: 'echo', arguments: null }),
  call(25, { name: 'nope', arguments: {} }),
  call(26, { name: 'constructor', arguments: {} }),
  call(27, { name: '__proto__', arguments: {} }),
  call(28, { name: 'off', arguments: {} }),
  call(29, { name: 'structured', arguments: {} }),
  call(31, { name: 'echo', arguments: { word: 'x' }, task: { ttl: 1000 } }),
  call(32, { arguments: {} }),
  call(33, { name: 7 }),
];

describe('ToolLane', () => {
  it('finds the tool table of every server of this build and takes all its tools (an SDK upgrade that moves it fails here)', async () => {
    // Building a server opens no connection: the pool connects on the first query.
    const handle = createDb(loadDbConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DB_POOL_MIN: '0' }));
    let tools = 0;
    try {
      for (const name of registeredServers()) {
        const server = entryFor(name).create(depsFor(name, handle, silentLogger()));
        const transport = new MultiplexTransport();
        await server.connect(transport);
        const lane = ToolLane.for(server, transport);
        expect(lane, name).toBeDefined();
        const listed = await transport.request({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
        const names = ((listed as { result: { tools: { name: string }[] } }).result.tools ?? []).map((t) => t.name);
        expect(names.length, name).toBeGreaterThan(0);
        for (const tool of names) expect(lane!.takes({ name: tool, arguments: {} }), `${name}/${tool}`).toBe(true);
        tools += names.length;
        await server.close();
      }
    } finally {
      await handle.close();
    }
    expect(tools).toBeGreaterThanOrEqual(109);
  });

  it('answers every call exactly as the SDK pipeline does, word for word', async () => {
    const { server, transport, lane } = await connected();
    for (const request of [...taken, ...left]) {
      const viaLane = await lane.call(request);
      const viaSdk = await transport.request(request);
      expect(viaLane, JSON.stringify(request)).toStrictEqual(viaSdk);
      expect(viaLane.id).toBe(request.id);
    }
    await server.close();
  });

  it('takes the calls it can answer itself and leaves the rest to the SDK', async () => {
    const { server, transport, lane } = await connected();
    for (const request of taken) expect(lane.takes(request.params), JSON.stringify(request)).toBe(true);
    for (const request of left.filter((r) => r.id !== 20 && r.id !== 21)) {
      expect(lane.takes(request.params), JSON.stringify(request)).toBe(false);
    }
    // A slow call in flight is the lane's, not the transport's.
    const slow = lane.call(call(40, { name: 'echo', arguments: { word: 'slow', delay_ms: 50 } }));
    await sleep(10);
    expect(lane.inFlight).toBe(1);
    expect(transport.inFlight).toBe(0);
    expect(await slow).toMatchObject({ id: 40, result: { structuredContent: { word: 'slow' } } });
    expect(lane.inFlight).toBe(0);
    // The results sent are the tools' own (the text ok() carries survives), not a copy.
    const hello = (await lane.call(taken[0]!)) as { result: Record<symbol, unknown> };
    expect(hello.result[STRUCTURED_TEXT]).toBeTypeOf('string');
    await server.close();
  });

  it('gives two callers with the same id each their own answer', async () => {
    const { server, lane } = await connected();
    const [slow, fast] = await Promise.all([
      lane.call(call(1, { name: 'echo', arguments: { word: 'slow', delay_ms: 30 } })),
      lane.call(call(1, { name: 'echo', arguments: { word: 'fast' } })),
    ]);
    expect(slow).toMatchObject({ id: 1, result: { structuredContent: { word: 'slow' } } });
    expect(fast).toMatchObject({ id: 1, result: { structuredContent: { word: 'fast' } } });
    await server.close();
  });

  it('finishes a call in flight when the server closes, and refuses new ones as the transport does', async () => {
    const { server, lane } = await connected();
    const pending = lane.call(call('late', { name: 'echo', arguments: { word: 'late', delay_ms: 100 } }));
    await sleep(10);
    await server.close();
    expect(await pending).toMatchObject({ id: 'late', result: { structuredContent: { word: 'late' } } });
    expect(await lane.call(call(2, { name: 'echo', arguments: { word: 'x' } }))).toMatchObject({ id: 2, error: { code: -32000 } });
  });

  it('stands aside when the server counts input elements first', () => {
    const server = new McpServer({ name: 'limited', version: '0.0.0' }, { maxToolInputElements: 10 } as never);
    const limited = (server as unknown as { _maxToolInputElements?: unknown })._maxToolInputElements;
    expect(ToolLane.for(server, new MultiplexTransport()) === undefined).toBe(limited !== undefined);
  });
});

describe('replyText', () => {
  const reply = (id: number | string, result: unknown) => ({ result, jsonrpc: '2.0', id }) as unknown as JSONRPCMessage;

  it('writes an ok() answer with the text it carries: the same bytes as JSON.stringify', () => {
    const data = {
      author: { id: 1, name: 'Quote " and \\ and \n and 🖋 and \u2028', at: new Date('2026-01-02T03:04:05.678Z'), none: null, gone: undefined },
      list: [1, 2.5, -0, 'x', { nested: [true, false] }],
    };
    for (const id of [1, 0, -3, 'a "quoted" id', 'ü']) {
      const answer = reply(id, ok(data));
      expect(replyText(answer)).toBe(JSON.stringify(answer));
    }
  });

  it('gives the same value when a JSON column has integer-like keys (only their order may differ)', () => {
    const answer = reply(1, ok({ settings: { b: 1, '10': 'ten', '2': 'two' } }));
    expect(JSON.parse(replyText(answer))).toStrictEqual(JSON.parse(JSON.stringify(answer)));
  });

  it('stringifies every other answer: errors, failures, results changed after ok(), copies', () => {
    const changedText = ok({ a: 1 });
    (changedText.content[0] as { text: string }).text = '{"a":2}';
    const extraKey = Object.assign(ok({ a: 1 }), { isError: false });
    const copy = { ...ok({ a: 1 }) };
    const answers = [
      { jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'bad' } },
      reply(2, fail('author 9 not found', 'not_found')),
      reply(3, changedText),
      reply(4, extraKey),
      reply(5, copy),
      { jsonrpc: '2.0', id: 6, result: ok({ a: 1 }) },
    ] as unknown as JSONRPCMessage[];
    for (const answer of answers) expect(replyText(answer)).toBe(JSON.stringify(answer));
    // The changed text is what is sent, not the text ok() made.
    expect(JSON.parse(replyText(answers[2]!)).result.content[0].text).toBe('{"a":2}');
  });
});
