interface KeyState {
  timer?: NodeJS.Timeout;
  running: boolean;
  /** Touched while running: run once more after. */
  again: boolean;
  /** When the last run started (epoch ms). */
  last: number;
}

/**
 * Runs work for a key at most once per `intervalMs`, however often the key is touched: a touch schedules one run
 * (at once if the last run is older than the interval, else when the interval is up), and touches before that run
 * starts share it. A touch during a run schedules exactly one more. Per process; errors go to `onError`.
 * @example
 * const c = new Coalescer(2000, (err) => log.warn({ err }));
 * for (const bet of burst) c.touch('competition:7', () => publishStandings(7)); // one run now, at most one more 2 s later
 */
export class Coalescer {
  readonly #states = new Map<string, KeyState>();
  #stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly onError: (err: unknown, key: string) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Asks for `run` to happen for `key` (coalesced with other touches of the key). */
  touch(key: string, run: () => Promise<void>): void {
    if (this.#stopped) return;
    let state = this.#states.get(key);
    if (!state) {
      state = { running: false, again: false, last: -Infinity };
      this.#states.set(key, state);
    }
    if (state.timer) return;
    if (state.running) {
      state.again = true;
      return;
    }
    const delay = Math.max(0, state.last + this.intervalMs - this.clock());
    const s = state;
    s.timer = setTimeout(() => void this.#fire(key, s, run), delay);
    s.timer.unref();
  }

  async #fire(key: string, state: KeyState, run: () => Promise<void>): Promise<void> {
    state.timer = undefined;
    state.running = true;
    state.last = this.clock();
    try {
      await run();
    } catch (err) {
      this.onError(err, key);
    } finally {
      state.running = false;
    }
    if (state.again) {
      state.again = false;
      this.touch(key, run);
    } else if (this.#states.get(key) === state) {
      // Forget idle keys once their interval is over, so the map holds only recent competitions.
      const idle = setTimeout(() => {
        if (!state.timer && !state.running && this.#states.get(key) === state) this.#states.delete(key);
      }, this.intervalMs);
      idle.unref();
    }
  }

  /** Drops every scheduled run (in-flight ones finish, and schedule nothing more). */
  stop(): void {
    this.#stopped = true;
    for (const state of this.#states.values()) if (state.timer) clearTimeout(state.timer);
    this.#states.clear();
  }
}
