import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { CallToolResultSchema, ErrorCode, McpError, type JSONRPCRequest, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { $ZodAsyncError } from 'zod/v4/core';
import type { MultiplexTransport, Reply } from './multiplex-transport.js';

/** What the lane needs of a tool the McpServer registered (SDK-internal RegisteredTool). */
interface LaneTool {
  enabled: boolean;
  inputSchema?: { safeParse?: unknown; safeParseAsync?: unknown; _zod?: { def?: { type?: unknown } } };
  outputSchema?: unknown;
  execution?: { taskSupport?: unknown };
  handler: unknown;
}

type ParseResult = { success: true; data: unknown } | { success: false };
type Handler = (args: unknown, extra: unknown) => unknown;

/** A thrown McpError as the SDK's Protocol answers it. */
function errorReply(id: RequestId, error: McpError): Reply {
  return { jsonrpc: '2.0', id, error: { code: error.code, message: error.message, ...(error.data !== undefined ? { data: error.data } : {}) } } as Reply;
}

/**
 * The tool's schema applied to the arguments, as the SDK's safeParseAsync
 * would: synchronously when the schema allows (zod throws $ZodAsyncError
 * when it meets an async refinement), else asynchronously.
 */
function parseArguments(tool: LaneTool, args: unknown): ParseResult | Promise<ParseResult> {
  const schema = tool.inputSchema as { safeParse(value: unknown): ParseResult; safeParseAsync(value: unknown): Promise<ParseResult> };
  try {
    return schema.safeParse(args);
  } catch (error) {
    if (!(error instanceof $ZodAsyncError)) throw error;
    return schema.safeParseAsync(args);
  }
}

/** Keys of a result's _meta that CallToolResultSchema types (anything else passes as is). */
const TYPED_META_KEYS = ['progressToken', 'io.modelcontextprotocol/related-task'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A result of the shape the toolkit's ok() and fail() build: text content
 * only, structuredContent an object, isError a boolean, _meta an object
 * without the keys the schema types. Every such result passes
 * CallToolResultSchema, so the zod parse (which copies the whole result) is
 * only run for other shapes.
 */
function isPlainTextResult(value: unknown): boolean {
  if (!isRecord(value) || !Array.isArray(value.content)) return false;
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (key === 'content') {
      for (const item of field as unknown[]) {
        if (!isRecord(item) || item.type !== 'text' || typeof item.text !== 'string' || Object.keys(item).length !== 2) return false;
      }
    } else if (key === 'structuredContent') {
      if (!isRecord(field)) return false;
    } else if (key === 'isError') {
      if (typeof field !== 'boolean') return false;
    } else if (key === '_meta') {
      if (!isRecord(field) || TYPED_META_KEYS.some((typed) => Object.hasOwn(field, typed))) return false;
    } else {
      return false;
    }
  }
  return true;
}

/**
 * Never aborted: nothing cancels a call once it runs. Behind MultiplexTransport
 * the SDK's pipeline never cancels one either (a client's notifications/cancelled
 * names its own id, which the SDK never sees).
 */
const NEVER_ABORTED = new AbortController().signal;

/**
 * tools/call without the SDK's per-request pipeline, for the calls where that
 * pipeline adds nothing: an enabled tool with a zod object input schema, no
 * output schema, no task support, arguments that are an object (or absent)
 * and that the tool's schema accepts. Such a call is answered by validating
 * the arguments with the tool's own schema and calling the tool's own
 * handler, exactly the two steps the SDK takes for it. What the SDK adds on
 * top per call (two zod parses of the request, an AbortController, a chain
 * of promises, a zod copy of the result) was about a fifth of the host's CPU
 * per get_author call, measured in process (npm run bench shows the effect).
 *
 * Everything else (an unknown or disabled tool, invalid arguments, a task
 * request, any other method) goes to the SDK's pipeline, so every error a
 * client can see is still the SDK's own, word for word; the tests compare
 * both paths answer for answer. The tool table is the McpServer's
 * SDK-internal `_registeredTools` (SDK pinned; a test fails if it moves, and
 * the lane then stands aside: every call takes the SDK's path).
 */
export class ToolLane {
  readonly #tools: Record<string, LaneTool>;
  readonly #sdk: MultiplexTransport;
  #inFlight = 0;

  private constructor(tools: Record<string, LaneTool>, sdk: MultiplexTransport) {
    this.#tools = tools;
    this.#sdk = sdk;
  }

  /**
   * The lane for `server`, connected to `transport` (the SDK's pipeline for
   * what the lane leaves to it), or undefined when the server's tool table is
   * not where this SDK version keeps it.
   */
  static for(server: McpServer, transport: MultiplexTransport): ToolLane | undefined {
    const internals = server as unknown as { _registeredTools?: unknown; _maxToolInputElements?: unknown };
    const tools = internals._registeredTools;
    // A server with an input-size limit counts elements first: leave it all to the SDK.
    if (typeof tools !== 'object' || tools === null || internals._maxToolInputElements !== undefined) return undefined;
    return new ToolLane(tools as Record<string, LaneTool>, transport);
  }

  /** Calls answered by the lane itself right now (those it hands to the SDK are counted by the transport). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Whether a tools/call with these params is the lane's to answer (else the SDK's; invalid arguments are found later). */
  takes(params: unknown): boolean {
    return this.#eligible(params) !== undefined;
  }

  /** Answers a tools/call request, under the client's own id. */
  async call(request: JSONRPCRequest, authInfo?: AuthInfo): Promise<Reply> {
    const tool = this.#sdk.closed ? undefined : this.#eligible(request.params);
    if (!tool) return this.#sdk.request(request, authInfo);
    const params = request.params as { arguments?: Record<string, unknown>; _meta?: Record<string, unknown> };
    let parsed: ParseResult | undefined;
    try {
      const parsing = parseArguments(tool, params.arguments ?? {});
      parsed = parsing instanceof Promise ? await parsing : parsing;
    } catch {
      parsed = undefined;
    }
    // Invalid arguments, or a schema that throws: the SDK's pipeline says what it always said.
    if (!parsed?.success) return this.#sdk.request(request, authInfo);
    this.#inFlight += 1;
    try {
      return await this.#run(tool, parsed.data, request, authInfo);
    } finally {
      this.#inFlight -= 1;
    }
  }

  /** The tool's handler on valid arguments, and its result checked as the SDK checks it. */
  async #run(tool: LaneTool, args: unknown, request: JSONRPCRequest, authInfo: AuthInfo | undefined): Promise<Reply> {
    const params = request.params as { _meta?: Record<string, unknown> };
    let result: unknown;
    try {
      result = await (tool.handler as Handler)(args, {
        signal: NEVER_ABORTED,
        authInfo,
        _meta: params._meta,
        requestId: request.id,
        // Stateless: a server-initiated message has no stream to go to (MultiplexTransport drops them too).
        sendNotification: async () => undefined,
        sendRequest: async () => {
          throw new McpError(ErrorCode.InvalidRequest, 'This server is stateless: it cannot send requests to the client');
        },
      });
    } catch (error) {
      // What the SDK does with a tool that throws: the message as a tool error
      // (URL elicitation alone goes back as a JSON-RPC error).
      if (error instanceof McpError && error.code === ErrorCode.UrlElicitationRequired) return errorReply(request.id, error);
      const text = error instanceof Error ? error.message : String(error);
      return { result: { content: [{ type: 'text', text }], isError: true }, jsonrpc: '2.0', id: request.id } as Reply;
    }
    // The SDK checks every result's shape; so does the lane (and sends the result itself, not a copy).
    if (!isPlainTextResult(result)) {
      const checked = CallToolResultSchema.safeParse(result);
      if (!checked.success) {
        return errorReply(request.id, new McpError(ErrorCode.InvalidParams, `Invalid tools/call result: ${checked.error.message}`));
      }
    }
    return { result, jsonrpc: '2.0', id: request.id } as Reply;
  }

  #eligible(params: unknown): LaneTool | undefined {
    if (typeof params !== 'object' || params === null) return undefined;
    const { name, arguments: args, task } = params as { name?: unknown; arguments?: unknown; task?: unknown };
    if (typeof name !== 'string' || task !== undefined || !Object.hasOwn(this.#tools, name)) return undefined;
    if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) return undefined;
    const tool = this.#tools[name];
    if (!tool?.enabled || tool.outputSchema !== undefined) return undefined;
    if (tool.execution?.taskSupport !== undefined && tool.execution.taskSupport !== 'forbidden') return undefined;
    if (typeof tool.handler !== 'function' || 'createTask' in tool.handler) return undefined;
    const input = tool.inputSchema;
    if (typeof input?.safeParse !== 'function' || typeof input.safeParseAsync !== 'function' || input._zod?.def?.type !== 'object') return undefined;
    return tool;
  }
}
