import { DbsbmError } from '../errors.js';
import type { StreamEvent } from './events.js';
import { backoffDelay, retryAfterMs, sleep, Watchdog } from './reconnect.js';
import { SseParser, type SseMessage } from './sse-parser.js';
import type { StreamClient, StreamClientOptions, StreamDisconnect, StreamEnd, StreamOpen, StreamResync } from './types.js';

/** What a connection hands on, in stream order. */
type Item = { kind: 'event'; event: StreamEvent } | { kind: 'resync'; resync: StreamResync } | { kind: 'open'; open: StreamOpen };

/** How one connection ended. */
type Outcome = { retry: true; reason: StreamDisconnect['reason']; error?: Error; opened: boolean; waitMs?: number } | { retry: false; error: DbsbmError };

/** Statuses a later attempt may get past; anything else (400, 401, 403, 404, …) stops the client. */
const RETRYABLE = (status: number): boolean => status === 408 || status === 425 || status === 429 || status >= 500;

/** Items a `for await` loop may fall behind by before the client stops reading (the server then drops it; it resumes). */
const HIGH_WATER = 256;

class HeartbeatMissed extends Error {}

class LiveStream implements StreamClient {
  readonly #o: StreamClientOptions;
  readonly #fetch: typeof fetch;
  readonly #stop = new AbortController();
  readonly #queue: Item[] = [];
  /** The position the next connection resumes from: the last item taken off the wire. */
  #resumeId: string | undefined;
  #lastId: string | undefined;
  #state: StreamClient['state'] = 'connecting';
  #serverRetryMs: number | undefined;
  #end: StreamEnd | null = null;
  #iterating = false;
  #wakeReader: (() => void) | null = null;
  #wakeIterator: (() => void) | null = null;
  readonly done: Promise<StreamEnd>;
  #settle!: (end: StreamEnd) => void;

  constructor(options: StreamClientOptions) {
    if (!options.apiKey) throw new TypeError('createStreamClient: apiKey is required (an API key of the server, dbsbm_…)');
    if (options.topics.length === 0) throw new TypeError('createStreamClient: name at least one topic, e.g. ["scores"]');
    this.#o = options;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#resumeId = options.lastId;
    this.#lastId = options.lastId;
    this.done = new Promise((resolve) => (this.#settle = resolve));
    if (options.signal?.aborted) this.close();
    else options.signal?.addEventListener('abort', () => this.close(), { once: true });
    void this.#run();
  }

  get lastId(): string | undefined {
    return this.#lastId;
  }

  get state(): StreamClient['state'] {
    return this.#state;
  }

  close(): void {
    this.#queue.length = 0;
    this.#finish({ reason: 'closed' });
  }

  #finish(end: StreamEnd): void {
    if (this.#end) return;
    this.#end = end;
    this.#state = 'closed';
    this.#stop.abort();
    this.#wakeReader?.();
    this.#wakeIterator?.();
    this.#settle(end);
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#end) {
      const outcome = await this.#connect();
      if (this.#end) return;
      if (!outcome.retry) return this.#finish({ reason: 'error', error: outcome.error });
      if (outcome.opened) failures = 0;
      const initial = this.#o.reconnect?.initialDelayMs ?? this.#serverRetryMs ?? 1_000;
      // An instance that is shutting down hands its clients to the others: come back soon, spread over a moment.
      let wait = outcome.reason === 'shutdown' ? Math.round(Math.random() * initial) : backoffDelay(failures, initial, this.#o.reconnect?.maxDelayMs ?? 30_000);
      if (outcome.waitMs !== undefined) wait = Math.max(wait, outcome.waitMs);
      this.#state = 'waiting';
      this.#o.onDisconnect?.({ reason: outcome.reason, ...(outcome.error ? { error: outcome.error } : {}), failures, retryInMs: wait });
      if (outcome.reason !== 'shutdown') failures++;
      await sleep(wait, this.#stop.signal);
    }
  }

  async #connect(): Promise<Outcome> {
    this.#state = 'connecting';
    const attempt = new AbortController();
    const abort = (): void => attempt.abort();
    this.#stop.signal.addEventListener('abort', abort, { once: true });
    const watchdog = new Watchdog(2 * (this.#o.heartbeatMs ?? 15_000), () => attempt.abort(new HeartbeatMissed('no heartbeat')));
    let opened = false;
    try {
      const url = new URL('/api/v1/stream', `${this.#o.baseUrl.replace(/\/+$/, '')}/`);
      url.searchParams.set('topics', this.#o.topics.join(','));
      const res = await this.#fetch(url, {
        headers: {
          ...this.#o.headers,
          accept: 'text/event-stream',
          authorization: `Bearer ${this.#o.apiKey}`,
          ...(this.#resumeId === undefined ? {} : { 'last-event-id': this.#resumeId }),
        },
        signal: attempt.signal,
      });
      watchdog.touch();
      if (!res.ok) {
        const error = DbsbmError.fromProblem(res.status, await res.json().catch(() => null));
        const waitMs = retryAfterMs(res.headers.get('retry-after'));
        return RETRYABLE(res.status) ? { retry: true, reason: 'refused', error, opened, ...(waitMs === undefined ? {} : { waitMs }) } : { retry: false, error };
      }
      if (!res.body || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        await res.body?.cancel();
        return { retry: false, error: new DbsbmError('NOT_A_STREAM', `${url.pathname} did not answer with an event stream (content-type ${res.headers.get('content-type') ?? 'none'}): is the stream plugin on, and does a proxy rewrite the answer?`, { status: res.status }) };
      }
      const parser = new SseParser();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let closedBy: string | undefined;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        watchdog.touch();
        for (const message of parser.push(value)) {
          if (message.event === 'closed') {
            closedBy = this.#parse<{ reason?: string }>(message).reason ?? 'unknown';
            continue;
          }
          const item = this.#itemOf(message);
          if (item.kind === 'open') opened = true;
          await this.#accept(item, watchdog);
          if (this.#end) return { retry: true, reason: 'ended', opened };
        }
        this.#serverRetryMs = parser.retryMs ?? this.#serverRetryMs;
      }
      if (closedBy === 'gate') return { retry: false, error: new DbsbmError('STREAM_OFF', 'Live streaming was turned off for this server (its plan or its real_time_features setting); reconnecting would be refused.') };
      return { retry: true, reason: closedBy === 'shutdown' || closedBy === 'slow' ? closedBy : 'ended', opened };
    } catch (err) {
      if (err instanceof DbsbmError) return { retry: false, error: err };
      const missed = attempt.signal.reason instanceof HeartbeatMissed;
      return { retry: true, reason: missed ? 'heartbeat' : 'network', error: missed ? (attempt.signal.reason as Error) : (err as Error), opened };
    } finally {
      watchdog.stop();
      this.#stop.signal.removeEventListener('abort', abort);
      attempt.abort();
    }
  }

  #parse<T>(message: SseMessage): T {
    try {
      return JSON.parse(message.data) as T;
    } catch (err) {
      // A frame cut or mangled on the way: reconnect and resume from the last good id.
      throw new Error(`the stream sent a ${message.event} frame that is not JSON`, { cause: err });
    }
  }

  #itemOf(message: SseMessage): Item {
    if (message.event === 'ready') {
      const data = this.#parse<{ topics: string[]; id: string }>(message);
      return { kind: 'open', open: { topics: data.topics, id: message.id ?? data.id, resumed: this.#resumeId !== undefined } };
    }
    if (message.event === 'resync') {
      const data = this.#parse<{ topics: string[]; id?: string }>(message);
      return { kind: 'resync', resync: { topics: data.topics, id: message.id ?? data.id ?? this.#resumeId ?? '' } };
    }
    const event = this.#parse<StreamEvent>(message);
    if (typeof event.id !== 'string' || typeof event.event !== 'string' || typeof event.topic !== 'string') throw new Error(`the stream sent a ${message.event} frame that is not an event envelope`);
    return { kind: 'event', event };
  }

  /** Takes an item off the wire: handed to `onEvent` now, or queued for the `for await` loop. */
  async #accept(item: Item, watchdog: Watchdog): Promise<void> {
    const id = item.kind === 'event' ? item.event.id : item.kind === 'open' ? item.open.id : item.resync.id;
    // The server never repeats an id; a proxy replaying a buffer might.
    if (item.kind === 'event' && id === this.#resumeId) return;
    if (item.kind === 'open') this.#state = 'open';
    this.#resumeId = id;
    watchdog.pause();
    try {
      if (this.#o.onEvent) {
        await this.#deliver(item);
        return;
      }
      this.#queue.push(item);
      this.#wakeIterator?.();
      while (this.#queue.length >= HIGH_WATER && !this.#end) await new Promise<void>((resolve) => (this.#wakeReader = resolve));
    } finally {
      watchdog.resume();
    }
  }

  /** Hands one item to the application; a handler that throws stops the client. */
  async #deliver(item: Item): Promise<StreamEvent | undefined> {
    try {
      if (item.kind === 'event') {
        await this.#o.onEvent?.(item.event);
        this.#lastId = item.event.id;
        return item.event;
      }
      if (item.kind === 'resync') await this.#o.onResync?.(item.resync);
      else await this.#o.onOpen?.(item.open);
      this.#lastId = item.kind === 'resync' ? item.resync.id : item.open.id;
      return undefined;
    } catch (err) {
      const error = new DbsbmError('HANDLER_FAILED', `A stream handler threw, so the stream stopped at ${this.#lastId ?? 'its start'} rather than skip an event: ${(err as Error).message ?? String(err)}`, { cause: err });
      this.#finish({ reason: 'error', error });
      throw error;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    if (this.#o.onEvent) throw new TypeError('This stream client hands events to onEvent; iterate a client created without onEvent.');
    if (this.#iterating) throw new TypeError('A stream client can be iterated by one loop at a time.');
    this.#iterating = true;
    return {
      next: async (): Promise<IteratorResult<StreamEvent>> => {
        for (;;) {
          const item = this.#queue.shift();
          if (item) {
            if (this.#queue.length < HIGH_WATER / 2) this.#wakeReader?.();
            const event = await this.#deliver(item);
            if (event) return { value: event, done: false };
            continue;
          }
          if (this.#end) {
            if (this.#end.reason === 'error') throw this.#end.error;
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => (this.#wakeIterator = resolve));
        }
      },
      return: async (): Promise<IteratorResult<StreamEvent>> => {
        this.close();
        return { value: undefined, done: true };
      },
    };
  }
}

/**
 * Follows live topics over Server-Sent Events (Node 20+, no dependency): each event once, in order, across
 * reconnects. The client remembers the last id, reconnects with backoff after a cut, a dead connection (no heartbeat
 * for twice the period) or an instance shutting down, resumes with `Last-Event-ID` on whichever instance answers,
 * calls `onResync` when the missed events are older than the stream keeps (refetch over REST), and stops for good
 * when the key is refused or streaming is turned off for the server.
 * @example
 * const stream = createStreamClient({ baseUrl: 'https://bets.example.com', apiKey: process.env.DBSBM_API_KEY!, topics: ['scores', 'bets'],
 *   onResync: async ({ topics }) => { await refetch(topics); } });
 * for await (const event of stream) {
 *   if (isStreamEvent(event, 'game.score')) console.log(event.data.home, event.data.away);
 *   await save(stream.lastId);
 * }
 */
export function createStreamClient(options: StreamClientOptions): StreamClient {
  return new LiveStream(options);
}
