import { describeDbError } from '@mcp-writing/db';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from './logger.js';
import { newReference } from './logger.js';
import { fail, ok } from './results.js';
import { ToolError } from './tool-error.js';

/**
 * Runs a tool body and turns whatever happens into an MCP result: data ->
 * ok(), ToolError and known database errors -> a plain sentence, anything
 * else -> logged with a reference id, and the client sees only the reference.
 * A raw PostgreSQL message never reaches the model.
 */
export async function runTool(
  log: Logger,
  tool: string,
  body: () => Promise<Record<string, unknown>>,
): Promise<CallToolResult> {
  try {
    return ok(await body());
  } catch (error) {
    return toolErrorResult(log, tool, error);
  }
}

export function toolErrorResult(log: Logger, tool: string, error: unknown): CallToolResult {
  if (error instanceof ToolError) return fail(error.message, error.kind);
  const described = describeDbError(error);
  if (described) {
    log.warn({ tool, kind: described.kind, err: error }, 'tool call failed on a database error');
    return fail(described.message, described.kind);
  }
  const ref = newReference();
  log.error({ tool, ref, err: error }, 'tool call failed');
  return fail(`Internal error (ref ${ref}). The details are in the server log.`, 'internal');
}
