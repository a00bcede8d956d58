import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { SERVER_NAMES, type ServerName } from './server-names.js';

/**
 * `mcp-writing stdio <server> [--url URL] [--standalone]`
 *
 * Claude Desktop starts one process per server entry. Each used to open its
 * own pool; this one opens no database connection at all: it forwards every
 * stdio message to a running host's Streamable HTTP endpoint and writes the
 * answers back. With --standalone and no host reachable it serves the server
 * in-process instead, with a pool of at most 2 that empties when idle.
 */

const USAGE = `usage: mcp-writing stdio <server> [--url http://127.0.0.1:3000] [--standalone]
  <server>      one of ${SERVER_NAMES.join(', ')}
  --url         the running host (default: MCP_WRITING_URL, else http://127.0.0.1:$PORT or :3000)
  --standalone  when no host answers, serve from this process (pool of at most 2)`;

interface BridgeArgs {
  server: ServerName;
  base: string;
  endpoint: string;
  standalone: boolean;
}

function say(line: string): void {
  process.stderr.write(`mcp-writing stdio: ${line}\n`);
}

export function parseBridgeArgs(argv: string[], env: NodeJS.ProcessEnv): BridgeArgs | string {
  let server: string | undefined;
  let url: string | undefined;
  let standalone = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--standalone') standalone = true;
    else if (arg === '--url') url = argv[++i];
    else if (arg.startsWith('--url=')) url = arg.slice('--url='.length);
    else if (arg === '--help' || arg === '-h') return USAGE;
    else if (arg.startsWith('-')) return `unknown option ${arg}\n${USAGE}`;
    else if (server === undefined) server = arg;
    else return `one server per bridge process (got ${server} and ${arg})\n${USAGE}`;
  }
  if (!server) return `which server? ${USAGE}`;
  if (!(SERVER_NAMES as readonly string[]).includes(server)) {
    return `unknown server "${server}". Valid names: ${SERVER_NAMES.join(', ')}`;
  }
  const given = url ?? env.MCP_WRITING_URL?.trim() ?? '';
  const raw = given || `http://127.0.0.1:${env.PORT?.trim() || '3000'}`;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return `--url "${raw}" is not a URL (expected e.g. http://127.0.0.1:3000)`;
  }
  // Accept the host's base URL or a full /mcp/<server> endpoint.
  const path = parsed.pathname.replace(/\/+$/, '');
  const endpointPath = /\/mcp\/[^/]+$/.test(path) ? path : `${path}/mcp/${server}`;
  const base = `${parsed.origin}${endpointPath.replace(/\/mcp\/[^/]+$/, '')}`;
  return { server: server as ServerName, base, endpoint: `${parsed.origin}${endpointPath}`, standalone };
}

/** Whether a host answers at base; the reason when not. */
async function probe(base: string, headers: Record<string, string>): Promise<string | undefined> {
  try {
    const res = await fetch(`${base}/healthz`, { headers, signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return res.ok ? undefined : `${base}/healthz answered HTTP ${res.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return `nothing answers at ${base} (${cause})`;
  }
}

function errorReply(id: string | number, message: string, code = -32000): JSONRPCMessage {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

export async function runBridge(argv: string[]): Promise<number> {
  const args = parseBridgeArgs(argv, process.env);
  if (typeof args === 'string') {
    say(args);
    return args === USAGE ? 0 : 2;
  }
  const token = process.env.MCP_AUTH_TOKEN?.trim();
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const unreachable = await probe(args.base, headers);
  if (unreachable) {
    if (args.standalone) {
      say(`${unreachable}: serving ${args.server} from this process (--standalone)`);
      return runStandalone(args.server);
    }
    say(
      `${unreachable}. Start the host with \`npm start\` (or point --url / MCP_WRITING_URL at it), ` +
        `or add --standalone to serve ${args.server} from this process.`,
    );
    return 1;
  }
  return forward(args, headers);
}

async function forward(args: BridgeArgs, headers: Record<string, string>): Promise<number> {
  const timeoutMs = Number(process.env.MCP_BRIDGE_TIMEOUT_MS) || 300_000;
  const transport = new StdioServerTransport();
  const pending = new Set<Promise<void>>();

  const relay = async (message: JSONRPCMessage) => {
    const id = 'id' in message && 'method' in message ? message.id : undefined;
    try {
      const res = await fetch(args.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (res.status === 202 || text.length === 0) return;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (res.ok && body !== undefined) {
        for (const reply of Array.isArray(body) ? body : [body]) await transport.send(reply as JSONRPCMessage);
        return;
      }
      const reason = (body as { error?: { message?: string } } | undefined)?.error?.message ?? `HTTP ${res.status}`;
      if (id !== undefined) await transport.send(errorReply(id, `The MCP Writing host refused the call: ${reason}`));
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      say(`forwarding to ${args.endpoint} failed: ${cause}`);
      if (id !== undefined) {
        await transport.send(errorReply(id, `The MCP Writing host at ${args.base} is unreachable (${cause}); is it still running?`));
      }
    }
  };

  transport.onmessage = (message) => {
    const job = relay(message).finally(() => pending.delete(job));
    pending.add(job);
  };
  transport.onerror = (error) => say(`stdin: ${error.message}`);
  await transport.start();
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  while (pending.size > 0) await Promise.allSettled([...pending]);
  await transport.close();
  return 0;
}

/** Serves the server in this process with a pool of at most 2 that closes when idle. */
async function runStandalone(server: ServerName): Promise<number> {
  const cap = Math.min(2, Number(process.env.DB_POOL_MAX) || 2);
  process.env.DB_POOL_MAX = String(cap);
  process.env.DB_POOL_MIN = '0';
  process.env.DB_POOL_MAX_PER_SERVER = String(cap);
  process.env.DB_POOL_IDLE_TIMEOUT = String(Math.min(Number(process.env.DB_POOL_IDLE_TIMEOUT) || 10_000, 10_000));
  const { serve } = await import('./serve.js');
  await serve(['--stdio', server]);
  return 0;
}
