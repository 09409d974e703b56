import Keyv from 'keyv';
import { createKeyv } from '@keyv/redis';
import type { Metrics } from '../metrics/registry.ts';
import type { RedisLink } from './redis.ts';
import { Counters } from './counters.ts';

/**
 * A plugin's own cache namespace. Keys never collide with another plugin's.
 * Backed by memory, or by Redis when `REDIS_URL` is set (shared by every instance). While Redis is unreachable it
 * is served from this instance's memory (a cache miss costs a recomputation; nothing is lost, since a cache holds
 * nothing that is not kept elsewhere) and goes back to Redis by itself.
 */
export interface PluginCache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Returns the cached value, or computes, stores and returns it. */
  wrap<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T>;
  clear(): Promise<void>;
}

/** Hands out one namespaced cache per plugin. */
export class CacheFactory {
  readonly #caches = new Map<string, PluginCache>();

  /** @param deployment Prefix that keeps two deployments sharing one Redis apart. */
  constructor(
    private readonly metrics: Metrics,
    private readonly redis?: RedisLink,
    private readonly deployment = 'default',
  ) {}

  /** Windowed counters for `namespace` (a plugin's rate limits), shared across instances through Redis when set. */
  counters(namespace: string, instanceId: string): Counters {
    return new Counters(`dbsbm:${this.deployment}:${namespace}:n`, instanceId, this.redis);
  }

  /** The cache for `namespace` (usually a plugin name). */
  namespace(namespace: string): PluginCache {
    let cache = this.#caches.get(namespace);
    if (!cache) {
      const memory = new Keyv({ namespace });
      const shared = this.redis
        ? {
            link: this.redis,
            keyv: createKeyv(this.redis.client as Parameters<typeof createKeyv>[0], { namespace: `dbsbm:${this.deployment}:${namespace}`, throwOnErrors: true }),
          }
        : undefined;
      cache = new NamespacedCache(memory, shared, namespace, this.metrics);
      this.#caches.set(namespace, cache);
    }
    return cache;
  }
}

class NamespacedCache implements PluginCache {
  constructor(
    private readonly memory: Keyv,
    private readonly shared: { link: RedisLink; keyv: Keyv } | undefined,
    private readonly namespace: string,
    private readonly metrics: Metrics,
  ) {}

  /** Runs `op` on Redis when it answers, else (or when the command fails) on memory. */
  async #use<T>(op: (keyv: Keyv) => Promise<T>): Promise<T> {
    const shared = this.shared;
    if (shared?.link.ready) {
      try {
        return await shared.link.call(() => op(shared.keyv));
      } catch (err) {
        shared.link.fellBack('cache', err);
        return op(this.memory);
      }
    }
    if (shared) shared.link.fellBack('cache');
    return op(this.memory);
  }

  async get<T>(key: string): Promise<T | undefined> {
    const value = (await this.#use((keyv) => keyv.get(key))) as T | undefined;
    this.metrics.cacheOps.inc({ namespace: this.namespace, result: value === undefined ? 'miss' : 'hit' });
    return value;
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.#use((keyv) => keyv.set(key, value, ttlMs));
  }

  async delete(key: string): Promise<void> {
    // Deleted on both sides, so a value kept in memory during an outage never outlives its deletion.
    await this.memory.delete(key);
    if (this.shared) await this.#use((keyv) => keyv.delete(key));
  }

  async wrap<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    const value = await compute();
    await this.set(key, value, ttlMs);
    return value;
  }

  async clear(): Promise<void> {
    await this.memory.clear();
    if (this.shared) await this.#use((keyv) => keyv.clear());
  }
}
