/** How long to wait before the next attempt: doubling from `initialMs` up to `maxMs`, jittered into [½, 1] of that. */
export function backoffDelay(failures: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(failures, 30));
  // Jitter spreads clients that lost the same instance, so they do not all come back in the same millisecond.
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** `Retry-After` (seconds, or an HTTP date) in ms, or undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Waits `ms`, or less when `signal` aborts. Keeps the process alive meanwhile (a reconnect is pending). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Fires when nothing has arrived for `limitMs` (not even a heartbeat comment) while the connection is being read.
 * Paused while the application holds the reader back (a slow handler is not a dead connection).
 */
export class Watchdog {
  #last = Date.now();
  #paused = 0;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(limitMs: number, fire: () => void) {
    this.#timer = setInterval(() => {
      if (this.#paused === 0 && Date.now() - this.#last > limitMs) {
        this.stop();
        fire();
      }
    }, Math.max(50, Math.floor(limitMs / 4)));
    // The open socket keeps a process alive; the watchdog alone must not.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Something arrived. */
  touch(): void {
    this.#last = Date.now();
  }

  pause(): void {
    this.#paused++;
  }

  resume(): void {
    this.#paused--;
    this.#last = Date.now();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
