/** Paths Discord leaves out of the global limit: interaction callbacks and webhook (follow-up) calls. */
const EXEMPT = /^\/(?:interactions|webhooks)\//;

const WINDOW_MS = 1000;

/**
 * Discord's global rate limit as a sliding window: at most `perSecond` bot REST requests in any second. Only the
 * requests let through count, so a client that waits `retry_after` gets in again (a refused request does not
 * extend its own penalty).
 */
export class GlobalRateLimit {
  private readonly admitted: number[] = [];
  /** Requests refused with a global 429 since the limit was enforced. */
  hits = 0;

  constructor(readonly perSecond: number) {}

  /** Admits the request (null) or says how many seconds to wait before retrying. */
  check(path: string, now = performance.now()): number | null {
    if (EXEMPT.test(path)) return null;
    while (this.admitted.length > 0 && (this.admitted[0] as number) <= now - WINDOW_MS) this.admitted.shift();
    if (this.admitted.length < this.perSecond) {
      this.admitted.push(now);
      return null;
    }
    this.hits += 1;
    // The window frees a slot when its oldest request leaves it.
    const waitMs = Math.max(1, (this.admitted[0] as number) + WINDOW_MS - now);
    return Math.ceil(waitMs) / 1000;
  }
}
