import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A state dir of its own for every host a test starts, unless the test gives
 * one: the console's servers.json under the repository's .data/ must never
 * decide which servers a test's host serves.
 */
export function isolated(env: Record<string, string | undefined>): Record<string, string | undefined> {
  if ('MCP_WRITING_STATE_DIR' in env) return env;
  return { ...env, MCP_WRITING_STATE_DIR: mkdtempSync(path.join(tmpdir(), 'mcpw-state-')) };
}

export const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/main.js');

export interface RunningHost {
  base: string;
  port: number;
  /** Server -> port of the legacy listeners (LEGACY_PORTS), empty when off. */
  legacyPorts: Record<string, number>;
  proc: ChildProcess;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns the built host on a free port and waits for its "listening" log line. */
export function startHost(env: Record<string, string | undefined>): Promise<RunningHost> {
  const proc = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', ...isolated(env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${err}`)), 60_000);
    proc.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const line = err.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) {
        clearTimeout(timer);
        const { port, legacyPorts } = JSON.parse(line) as { port: number; legacyPorts?: Record<string, number> };
        resolve({
          base: `http://127.0.0.1:${port}`,
          port,
          legacyPorts: legacyPorts ?? {},
          proc,
          stderr: () => err,
          exited,
          stop: async (signal = 'SIGTERM') => {
            if (proc.exitCode === null) proc.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before listening:\n${err}\nstdout:\n${out}`));
    });
  });
}

/** Runs the host expecting it to fail at startup; returns its exit code and stderr. */
export function startHostExpectingFailure(env: Record<string, string | undefined>): Promise<{ code: number | null; stderr: string }> {
  const proc = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, PORT: '0', ...isolated(env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    proc.on('exit', (code) => {
      if (code === null || code === 0) proc.kill();
      resolve({ code, stderr });
    });
  });
}

export async function rpc(
  base: string,
  server: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; text: string }> {
  const res = await fetch(`${base}/mcp/${server}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

export function callTool(id: number | string, name: string, args: Record<string, unknown>) {
  return { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } };
}
