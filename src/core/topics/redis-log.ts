import type { Logger } from 'pino';
import type { RedisClient, RedisLink } from '../cache/redis.ts';
import { APPEND_SCRIPT } from './append-script.ts';
import { compareIds, ID_ZERO, isTopicId, maxId, parseId } from './ids.ts';
import { DEFAULT_RETENTION, type TopicEntry, type TopicListener, type TopicLog, type TopicRange, type TopicRetention } from './types.ts';

/** A stream nobody appended to for a day disappears; a client asking about it later is told to refetch. */
const IDLE_TTL_MS = 86_400_000;
const DEDUPE_MS = 600_000;
const BLOCK_MS = 1_000;
const READ_COUNT = 500;
const WATCH_DEADLINE_MS = 5_000;

type RawEntry = [string, string[]];
type RawRead = [string, RawEntry[]][] | null;

/**
 * Topic logs in Redis Streams, shared by every instance of a deployment. One blocking reader per instance follows
 * only the keys its clients watch and hands their entries to the listeners in global id order.
 */
export class RedisTopicLog implements TopicLog {
  readonly #prefix: string;
  readonly #listeners = new Map<string, Set<TopicListener>>();
  /** The id each watched key has been read up to. */
  readonly #positions = new Map<string, string>();
  /** Keys waiting to join the reader, and who waits for their start position. */
  readonly #joining = new Map<string, ((position: string) => void)[]>();
  /** Every entry of every watched key up to here has been handed out (null: the reader has not started). */
  #frontier: string | null = null;
  #reader?: RedisClient;
  #readerId?: number;
  #running = false;
  #closed = false;
  #wake?: () => void;
  #warned = false;

  /** @param prefix Keys of this log (deployment and plugin); a hash tag keeps them in one Redis Cluster slot. */
  constructor(
    private readonly link: RedisLink,
    prefix: string,
    private readonly logger: Logger,
    private readonly retention: () => TopicRetention = () => DEFAULT_RETENTION,
  ) {
    this.#prefix = prefix;
  }

  #stream = (key: string): string => `${this.#prefix}:s:${key}`;

  async append(keys: readonly string[], event: string, data: unknown, options: { dedupeKey?: string } = {}): Promise<string | null> {
    const { historyMs, maxLength } = this.retention();
    const head = `${this.#prefix}:head`;
    const dedupe = options.dedupeKey !== undefined ? `${this.#prefix}:d:${options.dedupeKey}` : head;
    const reply = await this.link.call((c) =>
      c.eval(APPEND_SCRIPT, {
        keys: [head, dedupe, ...new Set(keys)].map((k, i) => (i < 2 ? k : this.#stream(k))),
        arguments: [event, JSON.stringify(data ?? null), String(historyMs), String(maxLength), String(IDLE_TTL_MS), options.dedupeKey !== undefined ? '1' : '0', String(DEDUPE_MS)],
      }),
    );
    return typeof reply === 'string' ? reply : null;
  }

  async range(key: string, afterId: string, uptoId: string, limit = 10_000): Promise<TopicRange> {
    const stream = this.#stream(key);
    // The range first, the trim mark after: a trim in between can only make this answer "gone" (a refetch), never
    // hide a gap.
    const head = await this.link.call((c) => c.get(`${this.#prefix}:head`));
    const raw = await this.link.call((c) => c.sendCommand(['XRANGE', stream, `(${afterId}`, uptoId, 'COUNT', String(limit)]));
    const info = await this.link.call((c) => c.sendCommand(['XINFO', 'STREAM', stream])).catch((err: unknown) => {
      // A stream that does not exist (never written, or idle for a day) has no information.
      if (/no such key/i.test(String((err as Error).message))) return null;
      throw err;
    });
    const headId = typeof head === 'string' ? head : ID_ZERO;
    const after = parseId(afterId);
    let gone = after === null || compareIds(afterId, headId) > 0;
    if (Array.isArray(info)) {
      // Trimming does not move Redis's max-deleted-entry-id; what it does leave: more entries added than kept, and
      // the first one kept. Anything before that first one may be gone, so a reader from before it refetches (at
      // worst once needlessly, when its last event was exactly the last one trimmed).
      const fields = info as unknown[];
      const field = (name: string): unknown => fields[fields.indexOf(name) + 1];
      const trimmed = Number(field('entries-added')) > Number(field('length'));
      const first = String(field('recorded-first-entry-id'));
      if (trimmed && isTopicId(first) && compareIds(afterId, first) < 0) gone = true;
    } else if (after && afterId !== ID_ZERO && after.ms < Date.now() - IDLE_TTL_MS) {
      gone = true;
    }
    const entries = Array.isArray(raw) ? (raw as RawEntry[]).map((r) => this.#entry(key, r)) : [];
    return { entries, gone };
  }

  #entry(key: string, [id, fields]: RawEntry): TopicEntry {
    let event = '';
    let at = 0;
    let data = 'null';
    for (let i = 0; i < fields.length; i += 2) {
      const f = fields[i];
      if (f === 'e') event = fields[i + 1]!;
      else if (f === 'a') at = Number(fields[i + 1]);
      else if (f === 'd') data = fields[i + 1]!;
    }
    return { id, key, event, at, data };
  }

  async head(): Promise<string> {
    const head = await this.link.call((c) => c.get(`${this.#prefix}:head`));
    return typeof head === 'string' ? head : ID_ZERO;
  }

  async watch(key: string, listener: TopicListener): Promise<string> {
    let set = this.#listeners.get(key);
    if (!set) this.#listeners.set(key, (set = new Set()));
    set.add(listener);
    // A key the reader already follows: every entry after the frontier is still to come (dispatch is synchronous).
    if (this.#positions.has(key) && this.#frontier !== null) return this.#frontier;
    const position = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        const waiting = this.#joining.get(key);
        if (waiting) this.#joining.set(key, waiting.filter((w) => w !== done));
        this.unwatch(key, listener);
        reject(new Error(`the topic log (Redis) did not answer within ${WATCH_DEADLINE_MS} ms`));
      }, WATCH_DEADLINE_MS);
      const done = (p: string): void => {
        clearTimeout(timer);
        resolve(p);
      };
      const waiting = this.#joining.get(key) ?? [];
      waiting.push(done);
      this.#joining.set(key, waiting);
    });
    this.#start();
    this.#interrupt();
    return position;
  }

  unwatch(key: string, listener: TopicListener): void {
    const set = this.#listeners.get(key);
    if (!set) return;
    set.delete(listener);
    if (set.size > 0) return;
    this.#listeners.delete(key);
    this.#positions.delete(key);
  }

  /** Cuts the reader's wait short, so a new key joins now rather than after the block. */
  #interrupt(): void {
    this.#wake?.();
    if (this.#readerId !== undefined && this.link.ready) {
      void this.link.call((c) => c.sendCommand(['CLIENT', 'UNBLOCK', String(this.#readerId)])).catch(() => undefined);
    }
  }

  #start(): void {
    if (this.#running || this.#closed) return;
    this.#running = true;
    void this.#loop().finally(() => {
      this.#running = false;
    });
  }

  async #loop(): Promise<void> {
    let backoff = 100;
    let idle = false;
    while (!this.#closed) {
      try {
        if (!this.#reader) {
          // Its own connection: a blocked XREAD holds a connection, and must not hold everyone else's commands.
          const reader = this.link.client.duplicate({ commandOptions: { timeout: BLOCK_MS + 5_000 } }) as RedisClient;
          reader.on('error', () => undefined);
          await reader.connect();
          this.#reader = reader;
          this.#readerId = Number(await reader.sendCommand(['CLIENT', 'ID']));
        }
        // With nothing followed, nothing can be owed: start from the log's head, not from where reading last stopped.
        if (this.#frontier === null || this.#positions.size === 0) this.#frontier = maxId(this.#frontier ?? ID_ZERO, await this.head());
        for (const [key, waiting] of this.#joining) {
          if (this.#listeners.has(key)) this.#positions.set(key, this.#frontier);
          for (const done of waiting) done(this.#frontier);
        }
        this.#joining.clear();
        if (this.#positions.size === 0) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
            setTimeout(resolve, BLOCK_MS).unref();
          });
          this.#wake = undefined;
          continue;
        }
        const keys = [...this.#positions.keys()];
        // After a quiet read, the head as it is before the next one: if that read finds nothing either, every
        // followed key is complete up to it, and keys that join start there instead of at an old frontier.
        const quietHead = idle ? await this.head() : null;
        const raw = (await this.#reader.sendCommand(['XREAD', 'COUNT', String(READ_COUNT), 'BLOCK', String(BLOCK_MS), 'STREAMS', ...keys.map(this.#stream), ...keys.map((k) => this.#positions.get(k)!)])) as RawRead;
        backoff = 100;
        if (this.#warned) {
          this.#warned = false;
          this.logger.info('live topics are read from Redis again');
        }
        idle = !raw;
        if (raw) this.#dispatch(raw);
        else if (quietHead !== null) this.#frontier = maxId(this.#frontier, quietHead);
      } catch (err) {
        if (this.#closed) return;
        if (!this.#warned) {
          this.#warned = true;
          this.logger.warn({ err }, 'cannot read live topics from Redis; clients keep their place and catch up when it answers');
        }
        if (this.#reader && !this.#reader.isReady) {
          this.#reader.destroy();
          this.#reader = undefined;
          this.#readerId = undefined;
        }
        await new Promise((resolve) => setTimeout(resolve, backoff).unref());
        backoff = Math.min(backoff * 2, 2_000);
      }
    }
  }

  /** Hands out one read in global id order, never past a stream that was cut at the count (more may come below it). */
  #dispatch(raw: NonNullable<RawRead>): void {
    const prefixLength = `${this.#prefix}:s:`.length;
    let boundary: string | null = null;
    const all: TopicEntry[] = [];
    for (const [stream, entries] of raw) {
      const key = stream.slice(prefixLength);
      if (entries.length === READ_COUNT) {
        const last = entries[entries.length - 1]![0];
        boundary = boundary === null ? last : compareIds(last, boundary) < 0 ? last : boundary;
      }
      for (const e of entries) all.push(this.#entry(key, e));
    }
    all.sort((a, b) => compareIds(a.id, b.id));
    for (const entry of all) {
      if (boundary !== null && compareIds(entry.id, boundary) > 0) break;
      if (this.#positions.has(entry.key)) this.#positions.set(entry.key, entry.id);
      this.#frontier = this.#frontier === null ? entry.id : maxId(this.#frontier, entry.id);
      for (const listener of this.#listeners.get(entry.key) ?? []) {
        try {
          listener(entry);
        } catch (err) {
          this.logger.error({ err, key: entry.key }, 'a live topic listener failed');
        }
      }
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    for (const waiting of this.#joining.values()) for (const done of waiting) done(this.#frontier ?? ID_ZERO);
    this.#joining.clear();
    this.#listeners.clear();
    this.#positions.clear();
    const reader = this.#reader;
    this.#reader = undefined;
    if (reader?.isOpen) reader.destroy();
  }
}
