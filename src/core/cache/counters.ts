import type { RedisLink } from './redis.ts';

/** A window's count after a hit. @since 1.2.0 */
export interface WindowCount {
  /** Hits in the window so far, this one included. */
  count: number;
  /** Milliseconds until the window ends and the count starts again. */
  resetMs: number;
  /**
   * `shared`: counted in Redis, exact across every instance. `local`: counted in this instance's memory, because
   * no Redis is configured (`REDIS_URL` unset: one instance, exact too) or because it did not answer (`degraded`).
   */
  where: 'shared' | 'local' | 'degraded';
}

/**
 * Atomic counters over fixed windows that start at a key's first hit, shared by every instance through Redis (one
 * script: no two instances can both see the last free slot) and kept in memory without it. For rate limits.
 * @since 1.2.0
 */
export interface PluginCountersApi {
  /** Adds `weight` to `key`'s current window of `windowMs` and returns the new count. Never throws. */
  hit(key: string, windowMs: number, weight?: number): Promise<WindowCount>;
  /**
   * How many instances of this deployment have called `peers` in the last 30 s (this one included). Call it every
   * few seconds to be counted; while Redis does not answer it returns the last count it saw.
   */
  peers(): Promise<number>;
  /**
   * Reserves the next `weight` slots (default 1) of a shared pace of `perSecond` events per second with bursts of up to `burst` (a token
   * bucket, kept as the time the next slot is free: GCRA) and resolves with how long to wait before using it (0: now).
   * Reservations never exceed the pace across every instance sharing Redis; they are per instance without Redis, or
   * while it does not answer (`where` says which). Never throws. Sleep `waitMs`, then send.
   * @since 1.4.0
   * @example const { waitMs } = await ctx.counters.pace('discord', 40, 5); await sleep(waitMs); await send();
   */
  pace(key: string, perSecond: number, burst?: number, weight?: number): Promise<{ waitMs: number; where: WindowCount['where'] }>;
}

// The window starts at the first hit: PEXPIRE only when this hit created the key, so one script keeps it atomic.
const HIT = `local c = redis.call('INCRBY', KEYS[1], ARGV[1])
if c == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {c, redis.call('PTTL', KEYS[1])}`;

const PEERS_WINDOW_MS = 30_000;

// GCRA on Redis's own clock, so instances with skewed clocks share one schedule. The key holds the theoretical arrival
// time (µs) of the next free slot; a caller takes max(tat, now) and pushes tat one interval further.
const PACE = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
redis.call('SET', KEYS[1], tostring(tat + interval), 'PX', math.ceil((tat + interval - now) / 1000) + 1000)
return wait`;

/** Counters of one plugin namespace; see {@link PluginCountersApi}. */
export class Counters implements PluginCountersApi {
  readonly #memory = new Map<string, { count: number; endsAt: number }>();
  readonly #paces = new Map<string, number>();
  #lastPeers = 1;

  constructor(
    private readonly prefix: string,
    private readonly instanceId: string,
    private readonly redis?: RedisLink,
  ) {}

  async hit(key: string, windowMs: number, weight = 1): Promise<WindowCount> {
    const redis = this.redis;
    if (redis?.ready) {
      try {
        const [count, ttl] = (await redis.call((c) => c.eval(HIT, { keys: [`${this.prefix}:${key}`], arguments: [String(weight), String(windowMs)] }))) as [number, number];
        return { count, resetMs: ttl > 0 ? ttl : windowMs, where: 'shared' };
      } catch (err) {
        redis.fellBack('counters', err);
      }
    } else if (redis) {
      redis.fellBack('counters');
    }
    return { ...this.#local(key, windowMs, weight), where: redis ? 'degraded' : 'local' };
  }

  #local(key: string, windowMs: number, weight: number): { count: number; resetMs: number } {
    const now = Date.now();
    let entry = this.#memory.get(key);
    if (!entry || entry.endsAt <= now) {
      entry = { count: 0, endsAt: now + windowMs };
      this.#memory.set(key, entry);
      if (this.#memory.size > 10_000) for (const [k, e] of this.#memory) if (e.endsAt <= now) this.#memory.delete(k);
    }
    entry.count += weight;
    return { count: entry.count, resetMs: entry.endsAt - now };
  }

  async pace(key: string, perSecond: number, burst = 1, weight = 1): Promise<{ waitMs: number; where: WindowCount['where'] }> {
    const slotUs = Math.max(1, Math.round(1_000_000 / perSecond));
    const intervalUs = slotUs * Math.max(1, Math.floor(weight));
    // A burst of b lets b slots be taken at once: the first b - 1 reservations ahead of now cost no wait.
    const toleranceUs = slotUs * Math.max(0, Math.floor(burst) - 1);
    const redis = this.redis;
    if (redis?.ready) {
      try {
        const waitUs = Number(await redis.call((c) => c.eval(PACE, { keys: [`${this.prefix}:pace:${key}`], arguments: [String(intervalUs), String(toleranceUs)] })));
        return { waitMs: Math.ceil(waitUs / 1000), where: 'shared' };
      } catch (err) {
        redis.fellBack('counters', err);
      }
    } else if (redis) {
      redis.fellBack('counters');
    }
    const nowUs = Date.now() * 1000;
    const tat = Math.max(this.#paces.get(key) ?? 0, nowUs);
    this.#paces.set(key, tat + intervalUs);
    return { waitMs: Math.ceil(Math.max(0, tat - toleranceUs - nowUs) / 1000), where: redis ? 'degraded' : 'local' };
  }

  async peers(): Promise<number> {
    const redis = this.redis;
    if (!redis) return 1;
    if (!redis.ready) return this.#lastPeers;
    try {
      const now = Date.now();
      const key = `${this.prefix}:peers`;
      const replies = await redis.call((c) => c.multi().zAdd(key, { score: now, value: this.instanceId }).zRemRangeByScore(key, 0, now - PEERS_WINDOW_MS).zCard(key).pExpire(key, PEERS_WINDOW_MS * 2).exec());
      this.#lastPeers = Math.max(1, Number(replies[2]));
    } catch (err) {
      redis.fellBack('counters', err);
    }
    return this.#lastPeers;
  }
}
