import { createClient } from '@redis/client';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/registry.ts';

export type RedisClient = ReturnType<typeof createClient<{}, {}, {}, 2>>;

/** How long one Redis command may take before its caller gets an error (and falls back). */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;

export interface RedisLinkOptions {
  url: string;
  logger: Logger;
  metrics: Metrics;
  /** How long `open` waits for a first connection before starting degraded. @default 2000 */
  connectWaitMs?: number;
}

/**
 * The instance's Redis connection, which may come and go. Redis is a shared cache and event fan-out, never the
 * record: while it is unreachable the instance keeps serving (cache in memory, events on this instance only) and
 * reconnects by itself. Commands fail fast instead of queueing: a write whose caller has given up must not run
 * later (the offline queue is off), and no command waits more than {@link REDIS_COMMAND_TIMEOUT_MS}.
 */
export class RedisLink {
  readonly client: RedisClient;
  readonly #logger: Logger;
  readonly #metrics: Metrics;
  #down = false;
  #silent = false;
  #probe?: NodeJS.Timeout;
  readonly #subscribers: RedisClient[] = [];
  readonly #warned = new Set<string>();

  private constructor(options: RedisLinkOptions) {
    this.#logger = options.logger;
    this.#metrics = options.metrics;
    this.client = createClient({
      url: options.url,
      RESP: 2,
      disableOfflineQueue: true,
      commandOptions: { timeout: REDIS_COMMAND_TIMEOUT_MS },
      socket: {
        connectTimeout: 2_000,
        // 100 ms, 200 ms, … up to 3 s between tries, for as long as it takes.
        reconnectStrategy: (retries) => Math.min(100 * 2 ** Math.min(retries, 5), 3_000),
      },
    }) as RedisClient;
    this.client.on('error', (err: Error) => this.#markDown(err));
    this.client.on('ready', () => this.#markUp());
    this.#metrics.redisUp.set(0);
  }

  /**
   * Starts connecting and waits up to `connectWaitMs` for Redis. An instance whose Redis is down at start still
   * starts, degraded, and switches to Redis when it answers.
   */
  static async open(options: RedisLinkOptions): Promise<RedisLink> {
    const link = new RedisLink(options);
    // connect() retries by the reconnect strategy and never settles while Redis is down, so it is not awaited.
    void link.client.connect().catch(() => undefined);
    const waitMs = options.connectWaitMs ?? 2_000;
    if (!link.client.isReady) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        link.client.once('ready', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (!link.client.isReady) {
      link.#logger.warn(`Redis did not answer within ${waitMs} ms; starting degraded (cache in memory, events on this instance only) and reconnecting in the background`);
    }
    return link;
  }

  /** Whether commands can be sent now (connected, and no command has gone unanswered since the last PONG). */
  get ready(): boolean {
    return this.client.isReady && !this.#silent;
  }

  /**
   * Runs one Redis operation with a deadline. node-redis's own command timeout stops once a command is written, so
   * a peer that stops answering (a partition, a frozen proxy) would hold the caller forever; past the deadline the
   * caller gets an error, and the link counts as down until a PING is answered again.
   */
  async call<T>(op: (client: RedisClient) => Promise<T>, timeoutMs = REDIS_COMMAND_TIMEOUT_MS): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        op(this.client),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      if (!this.#silent && this.client.isReady) this.#goSilent(err as Error);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  #goSilent(err: Error): void {
    this.#silent = true;
    this.#markDown(err);
    // Ask again every second; the first PONG puts the link back in service.
    const probe = setInterval(() => {
      if (!this.client.isReady) return;
      void Promise.race([this.client.ping(), new Promise((resolve) => setTimeout(resolve, 900, 'timeout'))]).then(
        (reply) => {
          if (reply !== 'PONG' || !this.#silent) return;
          clearInterval(probe);
          this.#silent = false;
          this.#markUp();
        },
        () => undefined,
      );
    }, 1_000);
    probe.unref();
    this.#probe = probe;
  }

  /**
   * A second connection for pub/sub (a subscribed connection can run nothing else). It keeps its offline queue:
   * its SUBSCRIBE is sent once it connects and again after every reconnect.
   */
  subscriber(): RedisClient {
    const sub = this.client.duplicate({ disableOfflineQueue: false }) as RedisClient;
    sub.on('error', () => undefined);
    void sub.connect().catch(() => undefined);
    this.#subscribers.push(sub);
    return sub;
  }

  /** Records that `component` served an operation without Redis; warns once per outage and component. */
  fellBack(component: 'cache' | 'bus' | 'counters', err?: unknown): void {
    this.#metrics.redisFallbacks.inc({ component });
    if (this.#warned.has(component)) return;
    this.#warned.add(component);
    const what = component === 'cache' ? 'the cache is served from memory' : component === 'bus' ? 'events stay on this instance' : 'counters (rate limits) are counted on this instance';
    this.#logger.warn({ err }, `Redis is unavailable: ${what} until it answers again`);
  }

  /** PING with a deadline; false when Redis is down or slow. */
  async ping(timeoutMs = 500): Promise<boolean> {
    if (!this.ready) return false;
    try {
      return (await this.call((c) => c.ping(), timeoutMs)) === 'PONG';
    } catch {
      return false;
    }
  }

  /** Closes every connection: politely when Redis answers, at once otherwise, never longer than `timeoutMs`. */
  async close(timeoutMs = 2_000): Promise<void> {
    clearInterval(this.#probe);
    for (const client of [...this.#subscribers, this.client]) {
      if (!client.isOpen) continue;
      if (!client.isReady || (client === this.client && this.#silent)) {
        client.destroy();
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        client.close().catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (client.isOpen) client.destroy();
    }
  }

  #markDown(err: Error): void {
    if (this.#down) return;
    this.#down = true;
    this.#metrics.redisUp.set(0);
    this.#logger.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'Redis connection lost; running degraded and reconnecting');
  }

  #markUp(): void {
    if (this.#silent) return;
    this.#metrics.redisUp.set(1);
    if (this.#down) this.#logger.info('Redis answers again; cache and events use it');
    this.#down = false;
    this.#warned.clear();
  }
}
