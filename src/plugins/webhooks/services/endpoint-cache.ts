import type { FanOutEndpoint } from './endpoint-rows.ts';

/** How long a server's endpoint list is kept when nothing says it changed (a bound on staleness, not the mechanism). */
export const ENDPOINT_CACHE_TTL_MS = 30_000;

/**
 * The fan-out's endpoint lists, by server (`*`: every server, for guildless events), read once and kept until an
 * endpoint of that server is added, removed, changed or disabled (`invalidate`; other instances hear it through the
 * `webhook.endpoints.changed` event) or the TTL runs out. Deliveries do not use it: each batch reads its endpoints
 * fresh, so a removed or disabled endpoint is never sent to, whatever a cache on another instance still holds.
 */
export class EndpointCache {
  readonly #entries = new Map<string, { at: number; endpoints: Promise<FanOutEndpoint[]> }>();
  #hits = 0;
  #misses = 0;

  constructor(
    private readonly load: (guildId: string | null) => Promise<FanOutEndpoint[]>,
    private readonly ttlMs = ENDPOINT_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The active endpoints of a server (null: of every server). */
  get(guildId: string | null): Promise<FanOutEndpoint[]> {
    const key = guildId ?? '*';
    const hit = this.#entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) {
      this.#hits++;
      return hit.endpoints;
    }
    this.#misses++;
    const entry = { at: this.now(), endpoints: this.load(guildId) };
    this.#entries.set(key, entry);
    // A failed read is not kept: the next event reads again.
    entry.endpoints.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return entry.endpoints;
  }

  /** Forgets a server's list (and the every-server list), after a change to one of its endpoints has committed. */
  invalidate(guildId: string): void {
    this.#entries.delete(guildId);
    this.#entries.delete('*');
  }

  /** Lookups answered from the cache and read from the database (for tests and metrics). */
  stats(): { hits: number; misses: number } {
    return { hits: this.#hits, misses: this.#misses };
  }
}
