import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { DbHandle } from '@mcp-writing/db';
import type { Logger } from '@mcp-writing/toolkit';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { HostConfig } from './config.js';
import { readiness } from './health.js';
import type { HostMetrics } from './metrics.js';
import type { ServerSet } from './server-set.js';

export interface HttpDeps {
  config: HostConfig;
  servers: ServerSet;
  handle: DbHandle;
  metrics: HostMetrics;
  log: Logger;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly rpcCode = -32600,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function rpcError(res: ServerResponse, error: HttpError, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, { jsonrpc: '2.0', id: null, error: { code: error.rpcCode, message: error.message } }, headers);
}

/** "localhost:3000" -> "localhost", "[::1]:3000" -> "[::1]" */
function hostnameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.split(':')[0] ?? '';
}

/**
 * Structural JSON-RPC checks. The SDK's own guards parse the whole message
 * with zod; the server validates params itself, so here the shape is enough.
 */
function isRequest(message: unknown): message is JSONRPCRequest {
  const m = message as Partial<JSONRPCRequest> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.jsonrpc === '2.0' &&
    typeof m.method === 'string' &&
    (typeof m.id === 'string' || (typeof m.id === 'number' && Number.isFinite(m.id))) &&
    (m.params === undefined || (typeof m.params === 'object' && m.params !== null))
  );
}

function isNotification(message: unknown): message is JSONRPCNotification {
  const m = message as (Partial<JSONRPCNotification> & { id?: unknown }) | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.jsonrpc === '2.0' &&
    typeof m.method === 'string' &&
    !('id' in m) &&
    (m.params === undefined || (typeof m.params === 'object' && m.params !== null))
  );
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `Request body too large: the limit is ${limit} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return; // discarding the rest so the client can read the 413
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        reject(new HttpError(413, `Request body too large: the limit is ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** The host's HTTP surface: POST /mcp/<server>, /healthz, /readyz, /metrics. */
export function createHttpServer(deps: HttpDeps): Server & { activeRequests(): number } {
  const { config, servers, handle, metrics, log } = deps;
  const allowedHosts = new Set(config.allowedHosts);
  const tokenDigest = config.authToken ? digest(config.authToken) : undefined;
  let active = 0;

  function checkHost(req: IncomingMessage): void {
    const host = req.headers.host;
    if (!host || !allowedHosts.has(hostnameOf(host))) {
      throw new HttpError(403, 'Forbidden: Host header not allowed (set MCP_ALLOWED_HOSTS to accept it)');
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== 'null') {
      let originHost: string;
      try {
        originHost = new URL(origin).hostname.toLowerCase();
      } catch {
        throw new HttpError(403, 'Forbidden: malformed Origin header');
      }
      const bare = originHost.startsWith('[') ? originHost : originHost.includes(':') ? `[${originHost}]` : originHost;
      if (!allowedHosts.has(bare)) throw new HttpError(403, 'Forbidden: cross-site Origin not allowed');
    } else if (origin === 'null') {
      throw new HttpError(403, 'Forbidden: cross-site Origin not allowed');
    }
  }

  function authenticate(req: IncomingMessage): AuthInfo | undefined {
    if (!tokenDigest) return undefined;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1] || !timingSafeEqual(digest(match[1].trim()), tokenDigest)) {
      throw new HttpError(401, 'Unauthorized: a valid bearer token is required');
    }
    return { token: match[1].trim(), clientId: 'bearer', scopes: [] };
  }

  async function handleMcp(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (!servers.has(name)) {
      throw new HttpError(404, `No server named "${name}" is enabled here. Enabled: ${servers.names.join(', ')}`);
    }
    if (req.method !== 'POST') {
      throw new HttpError(405, 'Method not allowed: this endpoint is stateless and accepts POST only');
    }
    const authInfo = authenticate(req);
    const body = await readBody(req, config.maxBodyBytes);
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'Parse error: the body is not valid JSON', -32700);
    }
    const batch = Array.isArray(payload);
    const messages = (batch ? payload : [payload]) as unknown[];
    if (messages.length === 0) throw new HttpError(400, 'Invalid request: empty batch');
    const replies: Promise<JSONRPCMessage>[] = [];
    for (const message of messages) {
      if (isRequest(message)) {
        replies.push(servers.request(name, message, authInfo));
      } else if (isNotification(message)) {
        servers.notify(name, message, authInfo);
      } else if (typeof message === 'object' && message !== null && 'id' in message && !('method' in message)) {
        // A response to a server-initiated request: nothing waits for it in stateless mode.
      } else {
        const id = typeof message === 'object' && message !== null && 'id' in message ? (message as { id: unknown }).id : null;
        replies.push(
          Promise.resolve({
            jsonrpc: '2.0',
            id: typeof id === 'string' || typeof id === 'number' ? id : null,
            error: { code: -32600, message: 'Invalid request: not a JSON-RPC 2.0 message' },
          } as unknown as JSONRPCMessage),
        );
      }
    }
    if (replies.length === 0) {
      res.writeHead(202).end();
      return;
    }
    const answered = await Promise.all(replies);
    sendJson(res, 200, batch ? answered : answered[0]);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkHost(req);
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path.startsWith('/mcp/')) return handleMcp(req, res, decodeURIComponent(path.slice('/mcp/'.length)));
    if (path === '/mcp') throw new HttpError(404, `Use /mcp/<server>: one of ${servers.names.join(', ')}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Method not allowed');
    switch (path) {
      case '/healthz':
        return sendJson(res, 200, { status: 'ok', servers: servers.names });
      case '/readyz': {
        const ready = await readiness(handle);
        return sendJson(res, ready.ready ? 200 : 503, ready);
      }
      case '/metrics': {
        authenticate(req);
        const text = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
        return;
      }
      default:
        throw new HttpError(404, 'Not found');
    }
  }

  const server = createServer((req, res) => {
    active += 1;
    res.on('close', () => {
      active -= 1;
    });
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        const headers: Record<string, string> =
          error.status === 401 ? { 'www-authenticate': 'Bearer' } : error.status === 405 ? { allow: 'POST' } : {};
        if (error.status === 413) {
          // Answer once the client has finished sending (the rest is discarded):
          // a client still writing when the socket closes sees only a reset.
          // A sender that stalls is cut off.
          headers.connection = 'close';
          if (req.readableEnded) {
            rpcError(res, error, headers);
            return;
          }
          const cutOff = setTimeout(() => req.destroy(), 10_000);
          req.once('end', () => {
            clearTimeout(cutOff);
            rpcError(res, error, headers);
          });
          req.resume();
          return;
        }
        rpcError(res, error, headers);
        return;
      }
      log.error({ err: error, url: req.url }, 'request failed');
      rpcError(res, new HttpError(500, 'Internal error', -32603));
    });
  });
  // Chapter-sized bodies over slow links; keep-alive for clients that pool connections.
  server.requestTimeout = 120_000;
  server.keepAliveTimeout = 5_000;
  return Object.assign(server, { activeRequests: () => active });
}
