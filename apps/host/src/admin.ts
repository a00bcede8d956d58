import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DbHandle } from '@mcp-writing/db';
import type { Logger } from '@mcp-writing/toolkit';
import type { ServerControl } from './admin-control.js';
import { StateFileError } from './admin-state.js';
import { BudgetMonitor, PoolHistory } from './admin-status.js';
import { consolePage } from './console-page.js';
import { HOST_VERSION } from './stdio.js';

/**
 * The operator's side of the host: the console page (GET /) and the admin
 * API under /admin/. Loopback peers only unless MCP_ADMIN_ALLOW_REMOTE=1;
 * the same bearer token as /mcp when MCP_AUTH_TOKEN is set; a PUT needs the
 * X-MCP-Writing-Admin header (a cross-site page cannot send it without a
 * CORS preflight we never grant) and a same-origin Origin when one is sent.
 */

export const ADMIN_HEADER = 'x-mcp-writing-admin';

export interface AdminConfig {
  /** MCP_ADMIN_ALLOW_REMOTE: serve the console and admin API to non-loopback peers too. */
  allowRemote: boolean;
  /** PGBOUNCER_ADMIN_URL: PgBouncer's admin console, for its limits in the budget. */
  pgbouncerAdminUrl: string | undefined;
}

export function loadAdminConfig(env: NodeJS.ProcessEnv): AdminConfig {
  return {
    allowRemote: ['1', 'true', 'yes', 'on'].includes((env.MCP_ADMIN_ALLOW_REMOTE ?? '').trim().toLowerCase()),
    pgbouncerAdminUrl: env.PGBOUNCER_ADMIN_URL?.trim() || undefined,
  };
}

export interface AdminDeps {
  config: AdminConfig;
  control: ServerControl;
  handle: DbHandle;
  log: Logger;
  /** The /mcp token check; throws an error with status 401 when the token is missing or wrong. */
  authenticate(req: IncomingMessage): unknown;
}

export interface AdminRoutes {
  /** True for the paths served here: "/", "/admin" and below. */
  owns(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void>;
  close(): Promise<void>;
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function isLoopbackPeer(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return bare === '::1' || bare.startsWith('127.');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function readSmallBody(req: IncomingMessage, limit = 4096): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the client gets the answer.
      if (size > limit) reject(new AdminError(413, `body too large: the limit is ${limit} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `{"enabled": true|false}` and nothing else. */
function parseEnabled(text: string): boolean {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AdminError(400, 'the body must be JSON: {"enabled": true} or {"enabled": false}');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AdminError(400, 'the body must be a JSON object: {"enabled": true} or {"enabled": false}');
  }
  const extra = Object.keys(body).filter((key) => key !== 'enabled');
  if (extra.length > 0) throw new AdminError(400, `unknown field(s): ${extra.join(', ')}; only "enabled" is accepted`);
  const enabled = (body as { enabled?: unknown }).enabled;
  if (typeof enabled !== 'boolean') throw new AdminError(400, 'enabled: must be true or false');
  return enabled;
}

export function createAdminRoutes(deps: AdminDeps): AdminRoutes {
  const { config, control, handle, log } = deps;
  const servers = control.servers;
  const history = new PoolHistory(() => handle.stats());
  const budget = new BudgetMonitor(handle, log, config.pgbouncerAdminUrl);
  const startedAt = new Date();

  function checkPeer(req: IncomingMessage): void {
    if (config.allowRemote || isLoopbackPeer(req.socket.remoteAddress)) return;
    throw new AdminError(403, 'the console and admin API answer loopback clients only (set MCP_ADMIN_ALLOW_REMOTE=1 to allow others)');
  }

  /** CSRF: only this page's own script sends the header, and a browser sends its Origin on a PUT. */
  function checkWriteRequest(req: IncomingMessage): void {
    if (req.headers[ADMIN_HEADER] !== '1') {
      throw new AdminError(403, `missing header X-MCP-Writing-Admin: 1 (required on changes, against cross-site requests)`);
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const host = req.headers.host ?? '';
      let same = false;
      try {
        const parsed = new URL(origin);
        same = parsed.host.toLowerCase() === host.toLowerCase() && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
      } catch {
        same = false;
      }
      if (!same) throw new AdminError(403, 'cross-site Origin refused');
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new AdminError(403, 'cross-site request refused');
  }

  function authenticate(req: IncomingMessage): void {
    try {
      deps.authenticate(req);
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      throw new AdminError(typeof status === 'number' ? status : 401, 'Unauthorized: a valid bearer token is required');
    }
  }

  function pool() {
    const s = handle.stats();
    const inUse = Object.values(s.servers).reduce((n, server) => n + server.inUse, 0);
    return { ...s, inUse, applicationName: handle.config.applicationName, maxPerServer: handle.config.maxPerServer };
  }

  function serverName(path: string): string {
    return decodeURIComponent(path.slice('/admin/servers/'.length));
  }

  function requireServer(name: string) {
    if (!servers.isRegistered(name)) {
      throw new AdminError(404, `no server named "${name}": registered are ${servers.registered.join(', ')}`);
    }
    return name;
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    checkPeer(req);
    const method = req.method ?? 'GET';
    const reading = method === 'GET' || method === 'HEAD';
    if (path === '/') {
      if (!reading) throw new AdminError(405, 'method not allowed');
      // The page holds no data: it reads /admin/status with the token the operator types in.
      const nonce = randomBytes(16).toString('base64');
      const html = consolePage(nonce);
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(html),
        'cache-control': 'no-store',
        'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(method === 'HEAD' ? undefined : html);
      return;
    }
    authenticate(req);
    if (path === '/admin/status') {
      if (!reading) throw new AdminError(405, 'method not allowed');
      const since = Number(url.searchParams.get('since') ?? 0);
      return send(res, 200, {
        host: {
          version: HOST_VERSION,
          pid: process.pid,
          startedAt: startedAt.toISOString(),
          uptimeSeconds: Math.round(process.uptime()),
          stateFile: control.file.file,
        },
        servers: control.list(),
        pool: pool(),
        samples: history.since(Number.isFinite(since) ? since : 0),
        sampleIntervalMs: 2000,
        budget: await budget.current(),
      });
    }
    if (path === '/admin/servers') {
      if (!reading) throw new AdminError(405, 'method not allowed');
      return send(res, 200, { servers: control.list(), stateFile: control.file.file });
    }
    if (path.startsWith('/admin/servers/')) {
      const name = requireServer(serverName(path));
      if (reading) return send(res, 200, control.describe(name));
      if (method !== 'PUT') throw new AdminError(405, 'method not allowed: GET or PUT');
      checkWriteRequest(req);
      const enabled = parseEnabled(await readSmallBody(req));
      try {
        return send(res, 200, await control.set(name, enabled));
      } catch (error) {
        if (error instanceof StateFileError) throw new AdminError(500, `the change was not saved: ${error.message} (see MCP_WRITING_STATE_DIR)`);
        throw error;
      }
    }
    throw new AdminError(404, 'not found: the admin API has /admin/status, /admin/servers and /admin/servers/<name>');
  }

  return {
    owns: (path) => path === '/' || path === '/admin' || path.startsWith('/admin/'),
    async handle(req, res, path, url) {
      try {
        await route(req, res, path, url);
      } catch (error) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (error instanceof AdminError) {
          const headers: Record<string, string> =
            error.status === 401 ? { 'www-authenticate': 'Bearer' } : error.status === 405 ? { allow: path === '/' ? 'GET, HEAD' : 'GET, HEAD, PUT' } : {};
          send(res, error.status, { error: error.message }, headers);
          return;
        }
        log.error({ err: error, url: req.url }, 'admin request failed');
        send(res, 500, { error: 'internal error (see the host log)' });
      }
    },
    async close() {
      history.stop();
      await budget.close();
    },
  };
}
