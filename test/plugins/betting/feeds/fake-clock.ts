import type { FeedClock } from '../../../../src/plugins/betting/feeds/clock.ts';

interface Timer {
  id: number;
  at: number;
  ms: number;
  fn: () => void;
}

/** Lets pending promise callbacks (sinks, awaits inside feeds) run before the test looks. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock whose time moves only when the test says so. Timers fire in due order as time is advanced, with the
 * clock set to each timer's due time when it fires, so a feed sees exactly the time it asked to wake at.
 */
export class FakeClock implements FeedClock {
  private nowMs: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();
  /** Every delay ever asked for, in order: lets tests check back-off without waiting. */
  readonly requested: number[] = [];

  constructor(start: number) {
    this.nowMs = start;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.nowMs + Math.max(0, ms), ms, fn });
    this.requested.push(ms);
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  /** Timers armed and not yet fired or cleared. */
  get pending(): number {
    return this.timers.size;
  }

  /** Due time of the next timer, if any. */
  get nextAt(): number | undefined {
    let next: Timer | undefined;
    for (const t of this.timers.values()) if (!next || t.at < next.at || (t.at === next.at && t.id < next.id)) next = t;
    return next?.at;
  }

  /** Moves time to `target`, firing every timer due on the way (and timers those arm, if due too). */
  async advanceTo(target: number): Promise<void> {
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.timers.values()) if (!next || t.at < next.at || (t.at === next.at && t.id < next.id)) next = t;
      if (!next || next.at > target) break;
      this.timers.delete(next.id);
      this.nowMs = Math.max(this.nowMs, next.at);
      next.fn();
      await flush();
    }
    this.nowMs = Math.max(this.nowMs, target);
    await flush();
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.nowMs + ms);
  }
}
