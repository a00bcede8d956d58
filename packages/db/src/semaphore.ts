/** Thrown when a caller waited for a connection slot longer than allowed. */
export class PoolBusyError extends Error {
  override name = 'PoolBusyError';
  readonly code = 'POOL_BUSY';
  constructor(readonly scope: string, readonly waitedMs: number) {
    super(`timed out after ${waitedMs} ms waiting for a database connection (${scope})`);
  }
}

interface Waiter {
  grant: () => void;
  fail: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A counting semaphore with a FIFO queue and a per-acquire timeout.
 * Used to cap how many pooled connections one server may hold at once.
 */
export class Semaphore {
  #inUse = 0;
  readonly #queue: Waiter[] = [];

  constructor(readonly limit: number, readonly scope: string) {}

  get inUse(): number {
    return this.#inUse;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  acquire(timeoutMs: number): Promise<void> {
    if (this.#inUse < this.limit && this.#queue.length === 0) {
      this.#inUse += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        fail: (error) => {
          clearTimeout(waiter.timer);
          reject(error);
        },
        timer: setTimeout(() => {
          const index = this.#queue.indexOf(waiter);
          if (index !== -1) this.#queue.splice(index, 1);
          reject(new PoolBusyError(this.scope, timeoutMs));
        }, timeoutMs),
      };
      this.#queue.push(waiter);
    });
  }

  release(): void {
    const next = this.#queue.shift();
    if (next) {
      // The slot passes straight to the next waiter: inUse stays the same.
      next.grant();
      return;
    }
    this.#inUse = Math.max(0, this.#inUse - 1);
  }

  /** Rejects every waiter (used when the pool closes). */
  rejectAll(reason: Error): void {
    for (const waiter of this.#queue.splice(0)) waiter.fail(reason);
  }
}
