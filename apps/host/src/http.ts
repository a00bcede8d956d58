import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { DbHandle } from '@mcp-writing/db';
import type { Logger } from '@mcp-writing/toolkit';
import type { AdminRoutes } from './admin.js';
import type { HostConfig } from './config.js';
import { readiness } from './health.js';
import { createGuards, dispatchJsonRpc, HttpError, readJson, rpcError, sendJson, sendReplies, setHttpTimeouts } from './http-common.js';
import type { HostMetrics } from './metrics.js';
import type { ServerSet } from './server-set.js';

export interface HttpDeps {
  config: HostConfig;
  servers: ServerSet;
  handle: DbHandle;
  metrics: HostMetrics;
  log: Logger;
  /** The console (GET /) and the admin API (/admin/...); absent: 404. */
  admin?: AdminRoutes;
}

/** The host's HTTP surface: POST /mcp/<server>, /healthz, /readyz, /metrics. */
export function createHttpServer(deps: HttpDeps): Server & { activeRequests(): number } {
  const { config, servers, handle, metrics, log } = deps;
  const { checkHost, authenticate } = createGuards(config);
  let active = 0;

  async function handleMcp(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    // A registered but disabled server is reached: ServerSet answers "server <name> is disabled".
    if (!servers.isRegistered(name)) {
      throw new HttpError(404, `No server named "${name}" here. Servers: ${servers.registered.join(', ')}`);
    }
    if (req.method !== 'POST') {
      throw new HttpError(405, 'Method not allowed: this endpoint is stateless and accepts POST only');
    }
    const authInfo = authenticate(req);
    const payload = await readJson(req, config.maxBodyBytes);
    const replies = dispatchJsonRpc(servers, name, payload, authInfo);
    if (replies.length === 0) {
      res.writeHead(202).end();
      return;
    }
    sendReplies(res, Array.isArray(payload) ? await Promise.all(replies) : await replies[0]!);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkHost(req);
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path.startsWith('/mcp/')) return handleMcp(req, res, decodeURIComponent(path.slice('/mcp/'.length)));
    if (path === '/mcp') throw new HttpError(404, `Use /mcp/<server>: one of ${servers.names.join(', ')}`);
    if (deps.admin?.owns(path)) return deps.admin.handle(req, res, path, url);
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
  setHttpTimeouts(server);
  return Object.assign(server, { activeRequests: () => active });
}
