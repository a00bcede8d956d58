import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeDbError, sql, type DbHandle } from '@mcp-writing/db';
import { ERROR_KIND_META, type Logger } from '@mcp-writing/toolkit';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { JSONRPCMessage, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { HostConfig, LegacyConfig } from './config.js';
import { createGuards, dispatchJsonRpc, HttpError, readJson, rpcError, sendJson, sendReplies, setHttpTimeouts, type RequestGuards } from './http-common.js';
import type { ServerName } from './registry.js';
import type { ServerSet } from './server-set.js';
import { HOST_VERSION } from './stdio.js';

/**
 * The original servers' HTTP surface, one listener per server on its old port,
 * all in this process over the same pool and the same long-lived servers:
 *   GET  /              legacy MCP SSE stream (announces its POST endpoint)
 *   POST /messages      messages for an SSE session (?sessionId=...)
 *   POST /api/tool-call tools/call and tools/list without initialize (the desktop app)
 *   POST /              Streamable HTTP, JSON answers (as /mcp/<server> on the main port)
 *   GET  /health, /info
 */

export interface LegacyDeps {
  config: HostConfig;
  legacy: LegacyConfig;
  servers: ServerSet;
  handle: DbHandle;
  log: Logger;
}

interface SseSession {
  id: string;
  server: ServerName;
  res: ServerResponse;
  authInfo: AuthInfo | undefined;
  lastMessageAt: number;
}

const KEEPALIVE_MS = 25_000;
const HEALTH_TIMEOUT_MS = 4_000;

type Reply = Record<string, unknown>;

function rpcAnswer(id: unknown, body: { result: unknown } | { error: { code: number; message: string; data?: unknown } }): Reply {
  return { jsonrpc: '2.0', id: typeof id === 'string' || typeof id === 'number' ? id : null, ...body };
}

/**
 * A tool result as the desktop app reads it: success = one JSON text item;
 * a failed call (isError) = a JSON-RPC error carrying the tool's sentence, so
 * the app shows the message instead of an empty "success".
 */
export function toLegacyAnswer(id: unknown, reply: JSONRPCMessage): Reply {
  if ('error' in reply) return rpcAnswer(id, { error: reply.error });
  const result = ('result' in reply ? reply.result : {}) as {
    isError?: boolean;
    content?: { type: string; text?: string }[];
    structuredContent?: unknown;
    _meta?: Record<string, unknown>;
  };
  const text = result.content?.find((item) => item.type === 'text' && typeof item.text === 'string');
  if (result.isError) {
    const message = text?.text ?? 'The tool failed without a message';
    const missing = /Tool (\S+) not found/.exec(message);
    if (missing) return rpcAnswer(id, { error: { code: -32601, message: `Tool not found: ${missing[1]}` } });
    const kind = result._meta?.[ERROR_KIND_META];
    const code = kind === 'invalid_input' || /Input validation error|MCP error -32602/.test(message) ? -32602 : -32000;
    return rpcAnswer(id, { error: { code, message, ...(typeof kind === 'string' ? { data: { kind } } : {}) } });
  }
  const item = text ?? { type: 'text', text: JSON.stringify(result.structuredContent ?? {}) };
  return rpcAnswer(id, { result: { content: [{ type: 'text', text: item.text }] } });
}

export class LegacyListeners {
  readonly #sessions = new Map<string, SseSession>();
  readonly #listeners: { name: ServerName; server: Server }[] = [];
  readonly #guards: RequestGuards;
  #sweeper: NodeJS.Timeout | undefined;
  #active = 0;
  #nextId = 1;

  private constructor(private readonly deps: LegacyDeps) {
    this.#guards = createGuards(deps.config);
  }

  /** Opens one listener per configured server; resolves once all listen. */
  static async start(deps: LegacyDeps): Promise<LegacyListeners> {
    const listeners = new LegacyListeners(deps);
    try {
      for (const [name, port] of deps.legacy.ports) {
        const server = listeners.#createListener(name);
        await new Promise<void>((resolve, reject) => {
          server.once('error', (error: NodeJS.ErrnoException) =>
            reject(
              error.code === 'EADDRINUSE'
                ? new Error(`legacy port ${port} for ${name} is already in use (is the original server still running?)`)
                : error,
            ),
          );
          server.listen(port, deps.legacy.host, () => resolve());
        });
        listeners.#listeners.push({ name, server });
      }
    } catch (error) {
      await listeners.close();
      throw error;
    }
    const every = Math.min(KEEPALIVE_MS, Math.max(250, Math.floor(deps.legacy.sseIdleMs / 4)));
    listeners.#sweeper = setInterval(() => listeners.#sweep(), every).unref();
    return listeners;
  }

  /** Server -> the port it actually listens on. */
  get ports(): [ServerName, number][] {
    return this.#listeners.map(({ name, server }) => [name, (server.address() as AddressInfo).port]);
  }

  get activeSessions(): number {
    return this.#sessions.size;
  }

  activeRequests(): number {
    return this.#active;
  }

  /** Stops accepting connections; SSE streams stay open until close(). */
  stopAccepting(): void {
    for (const { server } of this.#listeners) {
      server.close();
      server.closeIdleConnections();
    }
  }

  /** Ends every SSE stream and closes every listener. */
  async close(): Promise<void> {
    if (this.#sweeper) clearInterval(this.#sweeper);
    for (const session of this.#sessions.values()) session.res.end();
    this.#sessions.clear();
    await Promise.all(
      this.#listeners.map(
        ({ server }) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  #sweep(): void {
    const now = Date.now();
    for (const session of this.#sessions.values()) {
      if (now - session.lastMessageAt > this.deps.legacy.sseIdleMs) {
        this.deps.log.info({ server: session.server, session: session.id }, 'legacy SSE session idle: closing it');
        this.#endSession(session);
      } else {
        session.res.write(': keepalive\n\n');
      }
    }
  }

  #endSession(session: SseSession): void {
    this.#sessions.delete(session.id);
    session.res.end();
  }

  #createListener(name: ServerName): Server {
    const server = createServer((req, res) => {
      this.#active += 1;
      let counted = true;
      // An SSE stream stays open for hours: it is not a request to wait for at shutdown.
      res.once('sse', () => {
        counted = false;
        this.#active -= 1;
      });
      res.on('close', () => {
        if (counted) this.#active -= 1;
      });
      this.#route(name, req, res).catch((error: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (error instanceof HttpError) {
          rpcError(res, error, error.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
          return;
        }
        this.deps.log.error({ err: error, server: name, url: req.url }, 'legacy request failed');
        rpcError(res, new HttpError(500, 'Internal error', -32603));
      });
    });
    setHttpTimeouts(server);
    return server;
  }

  async #route(name: ServerName, req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#guards.checkHost(req);
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/health') return this.#health(name, res);
    if (method === 'GET' && path === '/info') return this.#info(name, res);
    const authInfo = this.#guards.authenticate(req);
    if (method === 'GET' && path === '/') return this.#openSse(name, req, res, authInfo);
    if (method === 'POST' && path === '/messages') return this.#sseMessage(name, url, req, res, authInfo);
    if (method === 'POST' && path === '/api/tool-call') return this.#toolCall(name, req, res, authInfo);
    if (method === 'POST' && path === '/') return this.#streamable(name, req, res, authInfo);
    if (['/', '/messages', '/api/tool-call', '/health', '/info'].includes(path)) {
      throw new HttpError(405, `Method not allowed: ${method} ${path}`);
    }
    throw new HttpError(404, `Not found: ${path}. This port serves ${name}: GET /, POST /api/tool-call, GET /health, GET /info`);
  }

  async #health(name: ServerName, res: ServerResponse): Promise<void> {
    const base = { server: name, enabled: this.deps.servers.has(name), activeSessions: this.#sessions.size };
    let timer: NodeJS.Timeout | undefined;
    try {
      const probe = sql<{ now: Date }>`SELECT now() AS now`.execute(this.deps.handle.db);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), HEALTH_TIMEOUT_MS);
      });
      const { rows } = await Promise.race([probe, timeout]);
      sendJson(res, 200, {
        ...base,
        status: 'healthy',
        database: { healthy: true, timestamp: rows[0]?.now },
        timestamp: new Date().toISOString(),
      });
    } catch (error) {
      // Busy or slow is not broken: a 500 marks the container unhealthy and
      // stops the desktop app's start. Only an unreachable database is a 500.
      const described = error instanceof Error && error.message === 'timeout' ? undefined : describeDbError(error);
      const down = described?.kind === 'unavailable';
      sendJson(res, down ? 500 : 200, {
        ...base,
        status: down ? 'unhealthy' : 'degraded',
        database: { healthy: false, error: described?.message ?? `the database did not answer within ${HEALTH_TIMEOUT_MS / 1000} s` },
        timestamp: new Date().toISOString(),
      });
    } finally {
      clearTimeout(timer);
    }
  }

  #info(name: ServerName, res: ServerResponse): void {
    sendJson(res, 200, {
      server: name,
      version: HOST_VERSION,
      enabled: this.deps.servers.has(name),
      tools: this.deps.servers.toolCount(name),
      endpoints: {
        sse: 'GET /',
        messages: 'POST /messages?sessionId=<id>',
        toolCall: 'POST /api/tool-call',
        streamableHttp: 'POST /',
        health: 'GET /health',
      },
      activeSessions: this.#sessions.size,
    });
  }

  #openSse(name: ServerName, req: IncomingMessage, res: ServerResponse, authInfo: AuthInfo | undefined): void {
    if (this.#sessions.size >= this.deps.legacy.sseMaxSessions) {
      throw new HttpError(
        503,
        `Too many open SSE sessions (${this.deps.legacy.sseMaxSessions}, LEGACY_SSE_MAX_SESSIONS); close one or use Streamable HTTP`,
      );
    }
    const session: SseSession = { id: randomUUID(), server: name, res, authInfo, lastMessageAt: Date.now() };
    this.#sessions.set(session.id, session);
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.emit('sse');
    res.write(`event: endpoint\ndata: /messages?sessionId=${session.id}\n\n`);
    res.on('close', () => this.#sessions.delete(session.id));
    this.deps.log.debug({ server: name, session: session.id }, 'legacy SSE session opened');
  }

  async #sseMessage(
    name: ServerName,
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
    authInfo: AuthInfo | undefined,
  ): Promise<void> {
    const id = url.searchParams.get('sessionId');
    if (!id) throw new HttpError(400, 'sessionId is required: use the endpoint the SSE stream announced');
    const session = this.#sessions.get(id);
    if (!session || session.server !== name) throw new HttpError(404, `Unknown session ${id}: open a new SSE stream with GET /`);
    const payload = await readJson(req, this.deps.config.maxBodyBytes);
    const replies = dispatchJsonRpc(this.deps.servers, name, payload, authInfo ?? session.authInfo);
    session.lastMessageAt = Date.now();
    res.writeHead(202, { 'content-type': 'text/plain' }).end('Accepted');
    for (const reply of replies) {
      void reply.then(
        (message) => {
          if (this.#sessions.has(session.id)) session.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
        },
        (error: unknown) => this.deps.log.error({ err: error, server: name }, 'legacy SSE request failed'),
      );
    }
  }

  /**
   * The desktop app's route. Everything that is not a transport problem is
   * HTTP 200: the app shows a JSON-RPC error's message, but for a non-2xx
   * status only "Request failed with status code N".
   */
  async #toolCall(name: ServerName, req: IncomingMessage, res: ServerResponse, authInfo: AuthInfo | undefined): Promise<void> {
    let body: { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: { name?: unknown; arguments?: unknown } };
    try {
      body = (await readJson(req, this.deps.config.maxBodyBytes)) as typeof body;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return sendJson(res, 200, rpcAnswer(null, { error: { code: error.rpcCode, message: error.message } }));
    }
    const answer = (reply: Reply) => sendJson(res, 200, reply);
    if (typeof body !== 'object' || body === null || Array.isArray(body) || body.jsonrpc !== '2.0') {
      return answer(rpcAnswer(body?.id, { error: { code: -32600, message: 'Invalid request: send one JSON-RPC 2.0 object' } }));
    }
    const id = body.id;
    const internalId = typeof id === 'string' || typeof id === 'number' ? id : `legacy-${this.#nextId++}`;
    if (body.method === 'tools/list') {
      const reply = await this.#request(name, { jsonrpc: '2.0', id: internalId, method: 'tools/list', params: {} }, authInfo);
      if ('error' in reply) return answer(rpcAnswer(id, { error: reply.error }));
      return answer(rpcAnswer(id, { result: { tools: ('result' in reply ? (reply.result as { tools?: unknown[] }).tools : []) ?? [] } }));
    }
    if (body.method !== 'tools/call') {
      return answer(
        rpcAnswer(id, { error: { code: -32601, message: `Method not found: ${String(body.method)}. This route accepts tools/call and tools/list` } }),
      );
    }
    const tool = body.params?.name;
    if (typeof tool !== 'string' || tool.length === 0) {
      return answer(rpcAnswer(id, { error: { code: -32602, message: 'params.name is required: the name of the tool to call' } }));
    }
    const args = body.params?.arguments ?? {};
    if (typeof args !== 'object' || args === null || Array.isArray(args)) {
      return answer(rpcAnswer(id, { error: { code: -32602, message: 'params.arguments must be an object of the tool\'s arguments' } }));
    }
    const reply = await this.#request(
      name,
      { jsonrpc: '2.0', id: internalId, method: 'tools/call', params: { name: tool, arguments: args as Record<string, unknown> } },
      authInfo,
    );
    return answer(toLegacyAnswer(id, reply));
  }

  async #streamable(name: ServerName, req: IncomingMessage, res: ServerResponse, authInfo: AuthInfo | undefined): Promise<void> {
    const payload = await readJson(req, this.deps.config.maxBodyBytes);
    const replies = dispatchJsonRpc(this.deps.servers, name, payload, authInfo);
    if (replies.length === 0) {
      res.writeHead(202).end();
      return;
    }
    sendReplies(res, Array.isArray(payload) ? await Promise.all(replies) : await replies[0]!);
  }

  async #request(name: ServerName, message: JSONRPCRequest, authInfo: AuthInfo | undefined): Promise<JSONRPCMessage> {
    try {
      return await this.deps.servers.request(name, message, authInfo);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      return { jsonrpc: '2.0', id: message.id, error: { code: -32603, message: text } };
    }
  }
}
