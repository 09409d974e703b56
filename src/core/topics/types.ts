/** One event in a topic's log. @since 1.3.0 */
export interface TopicEntry {
  /** Global id (`<ms>-<n>`): ordered across every topic of the deployment. */
  readonly id: string;
  /** The topic key it was appended to. */
  readonly key: string;
  /** The event's name (`game.score`). */
  readonly event: string;
  /** When it was appended (epoch ms). */
  readonly at: number;
  /** The event's data as JSON text, so a fan-out serialises it once. */
  readonly data: string;
}

/** Receives the live entries of a watched key, in id order across every key it watches. */
export type TopicListener = (entry: TopicEntry) => void;

/** What a range read found. */
export interface TopicRange {
  /** Entries after `afterId` up to and including `uptoId`, oldest first. */
  readonly entries: TopicEntry[];
  /**
   * Some of the range was trimmed away (older than the history, or past the length cap), or `afterId` is not from
   * this log: the reader cannot be brought up to date from the log and must refetch.
   */
  readonly gone: boolean;
}

/**
 * Per-topic append-only logs with ids ordered across topics: the replay log and the fan-out of live streams.
 * With `REDIS_URL`, one Redis Stream per topic shared by every instance (each instance reads only the topics it
 * watches); without, in this process. Keys are namespaced by plugin.
 * @since 1.3.0
 */
export interface PluginTopicsApi {
  /**
   * Appends one event to each of `keys` under one id (a client following two of them sees it once). With
   * `dedupeKey`, a second append with the same key within ten minutes is dropped and resolves null (a retried
   * delivery). Rejects when the log cannot be reached.
   */
  append(keys: readonly string[], event: string, data: unknown, options?: { dedupeKey?: string }): Promise<string | null>;
  /** Reads a key's entries in (`afterId`, `uptoId`]; see {@link TopicRange.gone}. At most `limit` entries (default 10,000). */
  range(key: string, afterId: string, uptoId: string, limit?: number): Promise<TopicRange>;
  /**
   * Starts delivering `key`'s new entries to `listener`. Resolves with the position P: every entry of `key` after P
   * reaches the listener, none at or before it, so reading (lastSeen, P] with {@link range} fills the gap exactly.
   * Listeners are called in global id order, synchronously, and must not throw.
   */
  watch(key: string, listener: TopicListener): Promise<string>;
  /** Stops delivering `key` to `listener`. */
  unwatch(key: string, listener: TopicListener): void;
  /** The newest id handed out (for a client that starts without history). */
  head(): Promise<string>;
  /** Sets how long and how many entries each topic keeps (call it in `setup`). @default { historyMs: 300000, maxLength: 20000 } */
  configure(retention: Partial<TopicRetention>): void;
}

/** A topic log implementation (memory or Redis), closed by the core at shutdown. */
export interface TopicLog extends Omit<PluginTopicsApi, 'configure'> {
  close(): Promise<void>;
}

/** Retention of every topic log. */
export interface TopicRetention {
  /** Entries younger than this are always kept (ms). */
  historyMs: number;
  /** Entries beyond this count are trimmed whatever their age. */
  maxLength: number;
}

export const DEFAULT_RETENTION: TopicRetention = { historyMs: 300_000, maxLength: 20_000 };
