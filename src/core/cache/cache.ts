import Keyv from 'keyv';
import { createKeyv } from '@keyv/redis';
import type { Metrics } from '../metrics/registry.ts';
import type { RedisClient } from './redis.ts';

/**
 * A plugin's own cache namespace. Keys never collide with another plugin's.
 * Backed by memory, or by Redis when `REDIS_URL` is set (shared by every instance).
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
    private readonly redis?: RedisClient,
    private readonly deployment = 'default',
  ) {}

  /** The cache for `namespace` (usually a plugin name). */
  namespace(namespace: string): PluginCache {
    let cache = this.#caches.get(namespace);
    if (!cache) {
      const keyv = this.redis
        ? createKeyv(this.redis as Parameters<typeof createKeyv>[0], { namespace: `dbsbm:${this.deployment}:${namespace}` })
        : new Keyv({ namespace });
      cache = new NamespacedCache(keyv, namespace, this.metrics);
      this.#caches.set(namespace, cache);
    }
    return cache;
  }
}

class NamespacedCache implements PluginCache {
  constructor(
    private readonly keyv: Keyv,
    private readonly namespace: string,
    private readonly metrics: Metrics,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const value = (await this.keyv.get(key)) as T | undefined;
    this.metrics.cacheOps.inc({ namespace: this.namespace, result: value === undefined ? 'miss' : 'hit' });
    return value;
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.keyv.set(key, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.keyv.delete(key);
  }

  async wrap<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    const value = await compute();
    await this.set(key, value, ttlMs);
    return value;
  }

  async clear(): Promise<void> {
    await this.keyv.clear();
  }
}
