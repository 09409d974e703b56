import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { z } from 'zod';
import { compareIds } from '../../../src/core/topics/ids.ts';

/**
 * Clients of the live stream that behave as docs/streaming.md tells real ones to: each remembers where it stands and,
 * whenever its connection ends, reconnects (through whatever address it was given: here, a balancer) and resumes
 * from there — SSE with `Last-Event-ID` after the `retry:` delay, a WebSocket with `lastId`, a long-poll with
 * `after=`. Each keeps every event id it received, in arrival order, to be checked against the log.
 */
export abstract class StreamFollower {
  abstract readonly kind: 'sse' | 'ws' | 'poll';
  /** Every event id received, in the order received (duplicates kept: they are what the check looks for). */
  readonly ids: string[] = [];
  /** The position the first connection started after (its `ready` / `subscribed` / first `next`). */
  start: string | null = null;
  /** Connections (or polls) that ended or failed and were made again. */
  reconnects = 0;
  /** `resync` events (a part of history the client missed was gone). */
  resyncs = 0;
  /** For each resync: the id the client resumed from and the position it was told to go on from. */
  readonly resyncNotes: string[] = [];
  /** Answers that were not a stream: HTTP status and what it said. */
  readonly refusals: { status: number; body: string }[] = [];
  protected stopped = false;
  #max: string | null = null;

  constructor(
    protected readonly base: string,
    protected readonly topics: readonly string[],
    /** The key as a Bearer header, or a browser token as `?access_token=`. */
    protected readonly auth: { header: string } | { token: string },
  ) {}

  /** Starts following (connects, and keeps reconnecting until {@link stop}). */
  abstract begin(): void;

  /** Stops for good: no more reconnects. */
  stop(): void {
    this.stopped = true;
  }

  /** Whether it has received `id` or anything after it. */
  reached(id: string): boolean {
    return this.#max !== null && compareIds(this.#max, id) >= 0;
  }

  protected received(id: string): void {
    this.ids.push(id);
    if (this.#max === null || compareIds(id, this.#max) > 0) this.#max = id;
  }

  protected headers(): Record<string, string> {
    return 'header' in this.auth ? { authorization: `Bearer ${this.auth.header}` } : {};
  }

  protected url(path: string, query: Record<string, string>): string {
    const q = new URLSearchParams(query);
    if ('token' in this.auth) q.set('access_token', this.auth.token);
    return `${this.base}${path}?${q.toString()}`;
  }
}

const envelope = z.object({ id: z.string(), topic: z.string(), event: z.string(), at: z.number(), data: z.unknown() });

/** What EventSource does: reads frames, keeps the last `id:` and the `retry:` delay, reconnects with `Last-Event-ID`. */
export class SseFollower extends StreamFollower {
  readonly kind = 'sse';
  #lastEventId: string | undefined;
  #retryMs = 3_000;
  #controller = new AbortController();

  begin(): void {
    void this.#loop();
  }

  override stop(): void {
    super.stop();
    this.#controller.abort();
  }

  async #loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const res = await fetch(this.url('/api/v1/stream', { topics: this.topics.join(',') }), {
          headers: { accept: 'text/event-stream', ...this.headers(), ...(this.#lastEventId !== undefined ? { 'last-event-id': this.#lastEventId } : {}) },
          signal: this.#controller.signal,
        });
        if (res.status !== 200 || !res.body) this.refusals.push({ status: res.status, body: (await res.text()).slice(0, 300) });
        else await this.#read(res.body);
      } catch {
        // The connection failed or was cut: reconnect below, as EventSource does.
      }
      if (this.stopped) return;
      this.reconnects += 1;
      await sleep(this.#retryMs);
    }
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const resumedFrom = this.#lastEventId;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        let data: string | null = null;
        for (const line of block.split('\n')) {
          if (line === '' || line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') this.#lastEventId = value;
          else if (field === 'event') event = value;
          else if (field === 'data') data = data === null ? value : `${data}\n${value}`;
          else if (field === 'retry' && /^\d+$/.test(value)) this.#retryMs = Number(value);
        }
        if (event === 'ready') this.start ??= this.#lastEventId ?? null;
        else if (event === 'resync') {
          this.resyncs += 1;
          this.resyncNotes.push(`sse resumed from ${resumedFrom ?? '—'}, resync at ${this.#lastEventId ?? '—'}`);
        }
        else if (event !== 'closed' && data !== null) this.received(envelope.parse(JSON.parse(data)).id);
      }
    }
  }
}

const wsMessage = z.object({ type: z.string(), id: z.string().optional() }).loose();

/** A WebSocket client: subscribes, keeps the id of the last event/resync/subscribed message, resubscribes with it. */
export class WsFollower extends StreamFollower {
  readonly kind = 'ws';
  #lastId: string | undefined;
  #socket?: WebSocket;
  /** Errors the socket reported (a refused upgrade says its status here). */
  readonly errors: string[] = [];

  begin(): void {
    this.#connect();
  }

  override stop(): void {
    super.stop();
    this.#socket?.terminate();
  }

  #connect(): void {
    const ws = new WebSocket(this.url('/api/v1/ws', {}).replace(/^http/, 'ws'), { headers: this.headers() });
    this.#socket = ws;
    const resumedFrom = this.#lastId;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', topics: this.topics, ...(this.#lastId !== undefined ? { lastId: this.#lastId } : {}) })));
    ws.on('message', (raw) => {
      const m = wsMessage.parse(JSON.parse(raw.toString()));
      if (m.type === 'event' && m.id !== undefined) this.received(m.id);
      else if (m.type === 'subscribed') this.start ??= m.id ?? null;
      else if (m.type === 'resync') {
        this.resyncs += 1;
        this.resyncNotes.push(`ws resumed from ${resumedFrom ?? '—'}, resync at ${m.id ?? '—'}`);
      }
      else if (m.type === 'error') this.errors.push(JSON.stringify(m));
      if (m.id !== undefined && ['event', 'resync', 'subscribed'].includes(m.type)) this.#lastId = m.id;
    });
    ws.on('error', (err) => this.errors.push(err.message));
    ws.on('close', () => {
      if (this.stopped) return;
      this.reconnects += 1;
      // A little spread, so the clients of a dead instance do not all come back in the same millisecond.
      setTimeout(() => this.#connect(), 200 + Math.floor(Math.random() * 400));
    });
  }
}

const pollAnswer = z.object({ events: z.array(envelope), next: z.string(), resync: z.array(z.string()) });

/** A long-poll client: asks for the events after `next`, waits up to `wait` seconds, asks again from the new `next`. */
export class PollFollower extends StreamFollower {
  readonly kind = 'poll';
  #controller = new AbortController();

  begin(): void {
    void this.#loop();
  }

  override stop(): void {
    super.stop();
    this.#controller.abort();
  }

  async #loop(): Promise<void> {
    let next: string | null = null;
    while (!this.stopped) {
      try {
        const res = await fetch(this.url('/api/v1/stream/poll', { topics: this.topics.join(','), ...(next !== null ? { after: next, wait: '5' } : {}) }), {
          headers: this.headers(),
          signal: this.#controller.signal,
        });
        const text = await res.text();
        if (res.status !== 200) {
          this.refusals.push({ status: res.status, body: text.slice(0, 300) });
          this.reconnects += 1;
          await sleep(500);
          continue;
        }
        const answer = pollAnswer.parse(JSON.parse(text));
        if (next === null) this.start = answer.next;
        for (const e of answer.events) this.received(e.id);
        if (answer.resync.length) {
          this.resyncs += 1;
          this.resyncNotes.push(`poll after ${next ?? '—'}, resync to ${answer.next} (${answer.events.length} events)`);
        }
        next = answer.next;
        // A polite client: not more than a few calls a second.
        await sleep(200);
      } catch {
        if (this.stopped) return;
        this.reconnects += 1;
        await sleep(500);
      }
    }
  }
}
