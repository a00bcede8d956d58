import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { STRUCTURED_TEXT } from '@mcp-writing/toolkit';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { ServerName } from './registry.js';
import type { ServerSet } from './server-set.js';

/** What the main HTTP surface and the legacy listeners share. */

/**
 * Timeouts of our HTTP servers. An idle keep-alive socket is closed by us
 * only after 65 s: clients (undici/fetch included) close theirs first, from
 * our Keep-Alive hint minus a margin, so a client never reuses a socket at
 * the moment we close it (which it would see as "other side closed"; with a
 * 5 s timeout a busy machine's late timers made that happen). Chapter-sized
 * bodies over slow links get 120 s.
 */
export function setHttpTimeouts(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly rpcCode = -32600,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Sends JSON-RPC replies (one, or a batch): see replyText. */
export function sendReplies(res: ServerResponse, replies: JSONRPCMessage | JSONRPCMessage[]): void {
  const text = Array.isArray(replies) ? `[${replies.map(replyText).join(',')}]` : replyText(replies);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const OK_REPLY_KEYS = 'result,jsonrpc,id';
const OK_RESULT_KEYS = 'content,structuredContent';

/**
 * JSON.stringify(reply), but a tool result made by ok() (toolkit) is written
 * with the JSON text it carries for its structuredContent instead of walking
 * that structure a second time: the same value, and the same bytes but for
 * the order of integer-like keys inside a JSON column. Only an answer of
 * exactly the shape ok() and the tool lane build is written so; any other
 * (an error, a result whose content or keys changed after ok(), the SDK's
 * copy) is stringified. ok() asks tools to return its result unchanged.
 */
export function replyText(reply: JSONRPCMessage): string {
  const result = (reply as { result?: unknown }).result as
    | { [STRUCTURED_TEXT]?: unknown; content?: unknown; structuredContent?: unknown }
    | undefined;
  const text = typeof result === 'object' && result !== null ? result[STRUCTURED_TEXT] : undefined;
  if (typeof text !== 'string') return JSON.stringify(reply);
  const content = result!.content as { type?: unknown; text?: unknown }[];
  const id = (reply as { id?: unknown }).id;
  if (
    Object.keys(reply).join(',') !== OK_REPLY_KEYS ||
    (typeof id !== 'string' && typeof id !== 'number') ||
    Object.keys(result!).join(',') !== OK_RESULT_KEYS ||
    !Array.isArray(content) ||
    content.length !== 1 ||
    Object.keys(content[0]!).join(',') !== 'type,text' ||
    content[0]!.type !== 'text' ||
    content[0]!.text !== text
  ) {
    return JSON.stringify(reply);
  }
  const quoted = JSON.stringify(text);
  return `{"result":{"content":[{"type":"text","text":${quoted}}],"structuredContent":${text}},"jsonrpc":"2.0","id":${JSON.stringify(id)}}`;
}

export function rpcError(res: ServerResponse, error: HttpError, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, { jsonrpc: '2.0', id: null, error: { code: error.rpcCode, message: error.message } }, headers);
}

/** "localhost:3000" -> "localhost", "[::1]:3000" -> "[::1]" */
export function hostnameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.split(':')[0] ?? '';
}

/**
 * Structural JSON-RPC checks. The SDK's own guards parse the whole message
 * with zod; the server validates params itself, so here the shape is enough.
 */
export function isRequest(message: unknown): message is JSONRPCRequest {
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

export function isNotification(message: unknown): message is JSONRPCNotification {
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

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
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

/** The body parsed as JSON; 413 over the limit, 400 (-32700) when it is not JSON. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'Parse error: the body is not valid JSON', -32700);
  }
}

export interface RequestGuards {
  /** DNS-rebinding protection: Host must be an allowed name; a cross-site Origin is refused. */
  checkHost(req: IncomingMessage): void;
  /** The bearer token when MCP_AUTH_TOKEN is set (constant-time compare); undefined when none is configured. */
  authenticate(req: IncomingMessage): AuthInfo | undefined;
}

export function createGuards(config: { allowedHosts: readonly string[]; authToken: string | undefined }): RequestGuards {
  const allowedHosts = new Set(config.allowedHosts);
  const tokenDigest = config.authToken ? digest(config.authToken) : undefined;
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

  return { checkHost, authenticate };
}

/**
 * Hands one JSON-RPC message or a batch to a server: requests are answered,
 * notifications delivered, stray responses dropped, anything else answered
 * "invalid request". Returns the replies to send (none: answer 202).
 */
export function dispatchJsonRpc(servers: ServerSet, name: ServerName, payload: unknown, authInfo?: AuthInfo): Promise<JSONRPCMessage>[] {
  const messages = (Array.isArray(payload) ? payload : [payload]) as unknown[];
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
  return replies;
}
