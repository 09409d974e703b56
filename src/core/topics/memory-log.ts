import { compareIds, formatId, ID_ZERO, nextId, parseId, type IdParts } from './ids.ts';
import { DEFAULT_RETENTION, type TopicEntry, type TopicListener, type TopicLog, type TopicRange, type TopicRetention } from './types.ts';

const DEDUPE_MS = 600_000;

interface Topic {
  entries: TopicEntry[];
  /** The newest id trimmed away ('0-0' while nothing was). */
  maxDeleted: string;
  trimmedAt: number;
}

/** First index whose id is after `id` (entries are in id order). */
export function firstAfter(entries: readonly TopicEntry[], id: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareIds(entries[mid]!.id, id) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The topic log of one process (no `REDIS_URL`): the same contract as the Redis one, for a single instance. */
export class MemoryTopicLog implements TopicLog {
  #last: IdParts = { ms: 0, n: 0 };
  readonly #topics = new Map<string, Topic>();
  readonly #listeners = new Map<string, Set<TopicListener>>();
  readonly #dedupe = new Map<string, number>();
  /** Ids before this process started belong to a log that no longer exists. */
  readonly #startedAt = Date.now();

  constructor(private readonly retention: () => TopicRetention = () => DEFAULT_RETENTION) {}

  async append(keys: readonly string[], event: string, data: unknown, options: { dedupeKey?: string } = {}): Promise<string | null> {
    const now = Date.now();
    if (options.dedupeKey !== undefined) {
      const until = this.#dedupe.get(options.dedupeKey);
      if (until !== undefined && until > now) return null;
      if (this.#dedupe.size > 100_000) for (const [k, t] of this.#dedupe) if (t <= now) this.#dedupe.delete(k);
      this.#dedupe.set(options.dedupeKey, now + DEDUPE_MS);
    }
    this.#last = nextId(this.#last, now);
    const id = formatId(this.#last);
    const json = JSON.stringify(data ?? null);
    const made: TopicEntry[] = [];
    for (const key of new Set(keys)) {
      const entry: TopicEntry = { id, key, event, at: now, data: json };
      let topic = this.#topics.get(key);
      if (!topic) this.#topics.set(key, (topic = { entries: [], maxDeleted: ID_ZERO, trimmedAt: now }));
      topic.entries.push(entry);
      this.#trim(topic, now);
      made.push(entry);
    }
    for (const entry of made) for (const listener of this.#listeners.get(entry.key) ?? []) listener(entry);
    return id;
  }

  /** Drops what is older than the history, and the oldest beyond the length cap; at most once a second unless over the cap. */
  #trim(topic: Topic, now: number): void {
    const { historyMs, maxLength } = this.retention();
    const over = topic.entries.length > maxLength;
    if (!over && now - topic.trimmedAt < 1_000) return;
    topic.trimmedAt = now;
    let cut = 0;
    while (cut < topic.entries.length && topic.entries[cut]!.at < now - historyMs) cut++;
    cut = Math.max(cut, topic.entries.length - maxLength);
    if (cut <= 0) return;
    topic.maxDeleted = topic.entries[cut - 1]!.id;
    topic.entries.splice(0, cut);
  }

  async range(key: string, afterId: string, uptoId: string, limit = 10_000): Promise<TopicRange> {
    const topic = this.#topics.get(key);
    const after = parseId(afterId);
    const gone =
      after === null ||
      compareIds(afterId, formatId(this.#last)) > 0 ||
      (afterId !== ID_ZERO && after.ms < this.#startedAt) ||
      (topic !== undefined && compareIds(afterId, topic.maxDeleted) < 0);
    if (!topic) return { entries: [], gone };
    const out: TopicEntry[] = [];
    for (let i = firstAfter(topic.entries, afterId); i < topic.entries.length && out.length < limit; i++) {
      const entry = topic.entries[i]!;
      if (compareIds(entry.id, uptoId) > 0) break;
      out.push(entry);
    }
    return { entries: out, gone };
  }

  async watch(key: string, listener: TopicListener): Promise<string> {
    let set = this.#listeners.get(key);
    if (!set) this.#listeners.set(key, (set = new Set()));
    set.add(listener);
    // Appends deliver synchronously, so everything after the current head reaches the listener.
    return formatId(this.#last);
  }

  unwatch(key: string, listener: TopicListener): void {
    const set = this.#listeners.get(key);
    if (!set) return;
    set.delete(listener);
    if (set.size === 0) this.#listeners.delete(key);
  }

  async head(): Promise<string> {
    return formatId(this.#last);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}
