import { callTool, rpc } from '../helpers.js';

export interface CallRecord {
  /** ms since the load started, when the call was sent / answered. */
  sentAt: number;
  doneAt: number;
  ok: boolean;
  text: string;
}

/**
 * Bounded load: `workers` loops calling one read tool until `durationMs` has
 * passed, each call recorded. Stops by itself.
 */
export async function runLoad(
  base: string,
  options: { workers: number; durationMs: number; server?: string; tool?: string; args?: Record<string, unknown> },
): Promise<CallRecord[]> {
  const records: CallRecord[] = [];
  const start = Date.now();
  let id = 0;
  await Promise.all(
    Array.from({ length: options.workers }, async () => {
      while (Date.now() - start < options.durationMs) {
        const sentAt = Date.now() - start;
        let ok = false;
        let text = '';
        try {
          const res = await rpc(base, options.server ?? 'author', callTool(++id, options.tool ?? 'list_authors', options.args ?? { limit: 5 }));
          const body = res.json as { result?: { isError?: boolean } } | undefined;
          ok = res.status === 200 && !!body?.result && !body.result.isError;
          text = res.text;
        } catch (error) {
          text = String(error);
        }
        records.push({ sentAt, doneAt: Date.now() - start, ok, text });
      }
    }),
  );
  return records.sort((a, b) => a.sentAt - b.sentAt);
}

/** Calls that failed, and when (ms since start) the last failure was answered. */
export function failures(records: CallRecord[]): { count: number; lastDoneAt: number | undefined; texts: string[] } {
  const failed = records.filter((r) => !r.ok);
  return {
    count: failed.length,
    lastDoneAt: failed.length ? Math.max(...failed.map((r) => r.doneAt)) : undefined,
    texts: [...new Set(failed.map((r) => r.text.slice(0, 300)))],
  };
}
