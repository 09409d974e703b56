import type { DbsbmError } from '../errors.js';
import type { StreamEvent, StreamTopic } from './events.js';

/** A `resync`: the stream no longer holds what these topics missed. Refetch them over REST; the stream goes on from `id`. */
export interface StreamResync {
  topics: string[];
  /** The position the stream goes on from (already remembered as {@link StreamClient.lastId}). */
  id: string;
}

/** A connection is up: what it follows and the position live events start after. */
export interface StreamOpen {
  topics: string[];
  id: string;
  /** Whether it picked up from an earlier id (a reconnect, or `lastId` given), so missed events came first. */
  resumed: boolean;
}

/** Why a connection ended, and when the client tries again. */
export interface StreamDisconnect {
  /**
   * `network`: the connection failed or was cut; `heartbeat`: nothing arrived for twice the heartbeat period;
   * `ended`: the server ended the response without saying why; `shutdown`: the instance is stopping (another one
   * takes the reconnect); `slow`: the client fell too far behind and was dropped; `refused`: the server answered
   * with a status worth retrying (429, 5xx).
   */
  reason: 'network' | 'heartbeat' | 'ended' | 'shutdown' | 'slow' | 'refused';
  error?: Error;
  /** Attempts that failed in a row before this wait (0 after a connection that opened). */
  failures: number;
  retryInMs: number;
}

/**
 * How a client stopped for good: `closed` by you ({@link StreamClient.close}, the `signal`, leaving a `for await`),
 * or an `error` that retrying cannot fix: the key is refused (401), streaming is off for the server (403, or the
 * server's `closed` with reason `gate`: code `STREAM_OFF`), a topic is unknown (400), or a handler of yours threw
 * (`HANDLER_FAILED`).
 */
export type StreamEnd = { reason: 'closed' } | { reason: 'error'; error: DbsbmError };

export interface StreamClientOptions {
  /** The deployment's address, e.g. `https://bets.example.com`. */
  baseUrl: string;
  /** An API key of the server (`dbsbm_…`), sent as `Authorization: Bearer`. A read key is enough. */
  apiKey: string;
  /** What to follow (at most 50): `scores`, `scores:game:<id>`, `odds:game:<id>`, `odds:league:<slug>`, `bets`, `leaderboard`, `competitions`. */
  topics: readonly StreamTopic[];
  /** Where to pick up: the last id you processed (saved from {@link StreamClient.lastId}). Omit to start from now. */
  lastId?: string;
  /**
   * Called with each event, in order, one at a time (awaited: the stream waits for it). Without it, iterate the
   * client with `for await`. If it throws, the client stops (`HANDLER_FAILED`): an event is never skipped.
   */
  onEvent?: (event: StreamEvent) => void | Promise<void>;
  /** Called, in order with the events, when the missed events of `topics` are gone: refetch them over REST. Awaited. */
  onResync?: (resync: StreamResync) => void | Promise<void>;
  /** Called, in order with the events, each time a connection is up (after the events it caught up on). */
  onOpen?: (open: StreamOpen) => void | Promise<void>;
  /** Called when a connection ended or failed and the client will try again. */
  onDisconnect?: (disconnect: StreamDisconnect) => void;
  /** The server's heartbeat period: with nothing at all for twice this, the connection counts as dead. @default 15000 */
  heartbeatMs?: number;
  /**
   * Waits between attempts: `initialDelayMs` (default: the server's `retry:`, else 1000) doubling up to
   * `maxDelayMs` (default 30000), jittered. A connection that opened starts the doubling over.
   */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Stops the client when it aborts, as {@link StreamClient.close} does. */
  signal?: AbortSignal;
  /** Another `fetch` (a proxy-aware one, a test double). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Headers sent with every connection, besides the key. */
  headers?: Record<string, string>;
}

/**
 * A live stream that stays up: iterate it (`for await (const event of client)`) or give `onEvent`. Each event comes
 * once, in order, across reconnects.
 */
export interface StreamClient extends AsyncIterable<StreamEvent> {
  /**
   * The id of the last event handed to you (or the position a `resync` or an opened connection moved to). Save it
   * to pick up there after a restart (`lastId` option). Undefined until the first connection opens.
   */
  readonly lastId: string | undefined;
  /** `connecting`, `open`, `waiting` (to reconnect) or `closed`. */
  readonly state: 'connecting' | 'open' | 'waiting' | 'closed';
  /** Settles once the client has stopped for good; never rejects. */
  readonly done: Promise<StreamEnd>;
  /** Stops: ends the connection, retries no more, and ends a `for await` loop. */
  close(): void;
}
