import { compareIds } from 'dbsbm';
import type { Frames } from './frames.ts';

/** Why a client was let go (sent to it before the end when the transport allows). */
export type CloseReason = 'slow' | 'gate' | 'shutdown' | 'gone';

/** What a transport (SSE, WebSocket, long-poll) does with what the hub hands a client. */
export interface ClientTransport {
  /** Sends one event. */
  event(frames: Frames): void;
  /** Sends a control message: the position live events start after, or topics to refetch. */
  control(message: { type: 'ready' | 'subscribed'; id: string; topics: string[] } | { type: 'resync'; id: string; topics: string[] }): void;
  /** Bytes written but not yet taken by the network. */
  buffered(): number;
  /** Ends the connection (after telling the client why, when it can be told). */
  close(reason: CloseReason): void;
  /** A heartbeat (SSE comment, WebSocket ping); false when the client failed the last one (dead). */
  heartbeat(): boolean;
}

/**
 * One connected client: where it stands (the last id it has been given), what it follows, and the price updates it
 * is owed (conflated: only the latest per market, flushed at most every few hundred ms).
 */
export class StreamClient {
  /** Every event up to here has been sent (or deliberately skipped by conflation). */
  lastId: string | null = null;
  // lastId's numbers, so the per-event check compares two numbers rather than parsing two strings.
  #lastMs = -1;
  #lastN = -1;
  readonly keys = new Set<string>();
  /** While a (re)subscription reads history, live events wait here so nothing overtakes it. */
  held: Frames[] | null = null;
  readonly #pending = new Map<string, Frames>();
  closed = false;

  constructor(
    readonly guildId: string,
    readonly transport: ClientTransport,
    private readonly limits: { maxBufferBytes: number; conflate: boolean },
    private readonly onDirty: (client: StreamClient) => void,
    private readonly onClose: (client: StreamClient) => void,
  ) {}

  /** A live event of one of its topics. */
  deliver(frames: Frames): void {
    if (this.closed) return;
    if (this.held) {
      this.held.push(frames);
      return;
    }
    if (this.#had(frames)) return;
    if (frames.market !== null && this.limits.conflate) {
      if (this.#pending.size === 0) this.onDirty(this);
      this.#pending.set(frames.market, frames);
      return;
    }
    this.flush();
    this.#send(frames);
  }

  /** Sends the price updates it is owed, oldest first. */
  flush(): void {
    if (this.#pending.size === 0 || this.closed) return;
    const owed = [...this.#pending.values()].sort((a, b) => compareIds(a.entry.id, b.entry.id));
    this.#pending.clear();
    for (const frames of owed) this.#send(frames);
  }

  /** Sends history read on (re)subscription, in order, skipping what it already has; no conflation. */
  replay(frames: Frames): void {
    if (this.#had(frames)) return;
    // History is bounded (the log's history, read once), and written in one go: its bytes are all unsent until the
    // next tick, which says nothing about the client's speed. The limit applies from the next live event.
    this.#send(frames, false);
  }

  #had(frames: Frames): boolean {
    return frames.ms < this.#lastMs || (frames.ms === this.#lastMs && frames.n <= this.#lastN);
  }

  #send(frames: Frames, limited = true): void {
    if (this.closed) return;
    this.transport.event(frames);
    this.lastId = frames.entry.id;
    this.#lastMs = frames.ms;
    this.#lastN = frames.n;
    // Dropped rather than buffered without bound: one stalled reader must not hold memory or slow anyone else.
    if (limited && this.transport.buffered() > this.limits.maxBufferBytes) this.close('slow');
  }

  /** Moves the position forward without sending (what a subscription starts after). */
  advance(id: string): void {
    if (this.lastId !== null && compareIds(id, this.lastId) <= 0) return;
    this.lastId = id;
    const dash = id.indexOf('-');
    this.#lastMs = Number(id.slice(0, dash));
    this.#lastN = Number(id.slice(dash + 1));
  }

  /** Lets held live events through, in order, once history is sent. */
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const frames of held) this.deliver(frames);
  }

  close(reason: CloseReason): void {
    if (this.closed) return;
    this.closed = true;
    this.#pending.clear();
    this.held = null;
    this.onClose(this);
    this.transport.close(reason);
  }
}
