import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, MessageExtraInfo, RequestId } from '@modelcontextprotocol/sdk/types.js';

/** The answer to one request: a result or an error, under the request's id. */
export type Reply = Extract<JSONRPCMessage, { id: RequestId }> & ({ result: unknown } | { error: unknown });

/** How a Protocol (the SDK's Server) takes in one request it is to answer. */
type RequestEntry = (request: JSONRPCRequest, extra?: MessageExtraInfo) => void;

interface Pending {
  originalId: RequestId;
  resolve(reply: Reply): void;
}

/**
 * One long-lived transport per McpServer that carries many HTTP requests at
 * once. Each incoming request's JSON-RPC id is replaced by a unique internal
 * id, so two clients that both send id 1 never meet; the server's reply is
 * matched back by that internal id and given its original id again.
 * Server-initiated messages (notifications, requests) have no stream to go
 * to in stateless mode and are dropped.
 */
export class MultiplexTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];

  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #closed = false;
  #requestEntry: RequestEntry | undefined;

  /**
   * Hands requests straight to the server's own request dispatcher instead
   * of the onmessage the SDK installs on connect. That onmessage only asks,
   * with three zod parses, whether the message is a response, an error or a
   * request before calling the same dispatcher; for a request two of the
   * parses fail and build a ZodError each, about a twentieth of the host's
   * CPU per call. Every request reaching this transport has already passed
   * the host's structural JSON-RPC check, so nothing is lost. The dispatcher
   * is SDK-internal (Protocol#_onrequest, stable across 1.x): when it is not
   * there, requests go through onmessage as before. Call after connect().
   */
  bindRequestEntry(protocol: object): boolean {
    const entry = (protocol as { _onrequest?: unknown })._onrequest;
    this.#requestEntry = typeof entry === 'function' ? (entry as RequestEntry).bind(protocol) : undefined;
    return this.#requestEntry !== undefined;
  }

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    // A structural check: the SDK's zod guards would re-validate every result on the hot path.
    if (!('id' in message) || 'method' in message) return;
    const id = message.id;
    if (typeof id !== 'number') return;
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    pending.resolve({ ...message, id: pending.originalId } as Reply);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const [id, pending] of this.#pending) {
      pending.resolve({
        jsonrpc: '2.0',
        id: pending.originalId,
        error: { code: -32000, message: 'The server is shutting down; the call was not completed.' },
      } as Reply);
      this.#pending.delete(id);
    }
    this.onclose?.();
  }

  /** After close(): every request is answered "shutting down". */
  get closed(): boolean {
    return this.#closed;
  }

  /** Calls in flight right now. */
  get inFlight(): number {
    return this.#pending.size;
  }

  /** Delivers a client request and resolves with the server's reply, under the client's own id. */
  request(message: JSONRPCRequest, authInfo?: AuthInfo): Promise<Reply> {
    const deliver = this.#requestEntry ?? this.onmessage;
    if (this.#closed || !this.onmessage || !deliver) {
      return Promise.resolve({
        jsonrpc: '2.0',
        id: message.id,
        error: { code: -32000, message: 'The server is not accepting calls (shutting down).' },
      } as Reply);
    }
    const internalId = this.#nextId++;
    return new Promise<Reply>((resolve) => {
      this.#pending.set(internalId, { originalId: message.id, resolve });
      deliver({ ...message, id: internalId }, authInfo ? { authInfo } : undefined);
    });
  }

  /** Delivers a client notification (no reply). */
  notify(message: JSONRPCNotification, authInfo?: AuthInfo): void {
    if (this.#closed) return;
    this.onmessage?.(message, authInfo ? { authInfo } : undefined);
  }
}
