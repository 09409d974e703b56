import { MAX_TIMER_DELAY_MS, systemClock, type FeedClock } from './clock.ts';
import { isDatabaseUnavailable } from 'dbsbm';
import { silentFeedLogger, type FeedLogger } from './feed-logger.ts';
import { readFootballCsvReport, type FootballMatch, type FootballPrices } from 'dbsbm/datasets';
import type { FeedEvent, FeedPrice, FeedProvider } from './provider.ts';

/** Retries of one event while the database does not answer: 1 s, 2 s, … 15 s apart, about 3 minutes in all. */
const SINK_RETRY_BASE_MS = 1_000;
const SINK_RETRY_MAX_MS = 15_000;
const SINK_MAX_RETRIES = 15;

/** Options of {@link ReplayFeed}. Minutes and offsets are simulated (match) time unless said otherwise. */
export interface ReplayFeedOptions {
  /** A football CSV in the `shared/data/football` format, e.g. `src/plugins/betting/data/*.csv`. */
  file: string;
  /** Simulated seconds per real second (600: ten match minutes pass each real second). Must be above 0. */
  speed: number;
  /** Wall-clock time the first kick-off maps to. Default: when the feed starts plus `leadMinutes / speed`. */
  startAt?: Date;
  /** How long before kick-off a game is scheduled and its opening prices appear. Default 60. */
  leadMinutes?: number;
  /** How many price moves from opening to closing, the last being exactly the closing prices. Default 4. */
  priceSteps?: number;
  /** Play only the first N matches (in date order). */
  limit?: number;
  /** Time source; inject a fake one in tests. Default: the real clock. */
  clock?: FeedClock;
  /**
   * Replay the season again after it ends, forever. Each pass is shifted in time to follow the previous one
   * and its games get new ids (`…:loop-<n>` from the second pass) since they are new games to the sink.
   */
  loop?: boolean;
  /** Where sink failures and load counts are reported. Default: silent. */
  logger?: FeedLogger;
  /**
   * Keep at least this many games open to bet on at every moment (announced, not kicked off). The season's gaps
   * (nights, international breaks, the winter break) are shortened so that no gap between two consecutive
   * kick-offs exceeds `leadMinutes / (minUpcoming + 1)`, the replay starts with the first `minUpcoming` games
   * already announced, and with `loop` the next pass follows on with the same spacing. Default: the season's own
   * spacing, gaps included.
   */
  minUpcoming?: number;
}

/** What the replay read from its CSV. */
export interface ReplayStats {
  /** Matches played (after `limit`). */
  matches: number;
  /** Malformed CSV rows skipped. */
  skippedRows: number;
  /** Matches played without prices because their opening or closing book was impossible. */
  impossibleBooks: number;
}

/** Simulated minutes after kick-off at which the half-time score is reported. */
export const REPLAY_HALF_TIME_MINUTES = 45;
/** Simulated minutes after kick-off at which the final score is reported (90 plus half-time and stoppages). */
export const REPLAY_FINAL_MINUTES = 105;

const MINUTE = 60_000;

interface TimedEvent {
  /** Mapped wall-clock time in ms. */
  wall: number;
  event: FeedEvent;
}

/** Lower-case ASCII words joined by `-`, so ids survive URLs, custom ids and logs. */
function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `2022-08-05-2100` for a UTC kick-off. */
function dateSlug(d: Date): string {
  return d.toISOString().slice(0, 16).replace(/[T:]/g, '-').replace(/-(\d\d)-(\d\d)$/, '-$1$2');
}

/** The replay's id for a match: stable across runs and event types, distinct per loop pass. */
export function replayProviderId(
  match: Pick<FootballMatch, 'season' | 'date' | 'homeTeam' | 'awayTeam'>,
  loop = 0,
): string {
  const base = `replay:${slug(match.season)}:${dateSlug(match.date)}:${slug(match.homeTeam)}-${slug(match.awayTeam)}`;
  return loop === 0 ? base : `${base}:loop-${loop}`;
}

/** Two decimals, as bookmakers quote; keeps interpolated prices readable and comparable. */
function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Linear interpolation from `a` (t = 0) to `b` (t = 1); the ends are the CSV's own prices, not rounded copies. */
function lerp(a: number, b: number, t: number): number {
  if (t <= 0) return a;
  return t >= 1 ? b : round2(a + (b - a) * t);
}

/**
 * Plays a season of football from a CSV as if it were live: games are announced, priced, moved from opening
 * to closing prices, kicked off, scored at half-time and settled, with the real season's spacing compressed.
 *
 * **Time mapping.** Let `K0` be the first match's kick-off (simulated, from the CSV, UTC) and `W0` the
 * wall-clock `startAt`. A simulated instant `s` maps to wall-clock `W0 + (s - K0) / speed`. For each match
 * with kick-off `K` and lead `L = leadMinutes`, with `n = priceSteps`, these events occur at these simulated
 * times (every event's `at`, and the game's `startTime`, is the mapped wall-clock time):
 *
 * | simulated time                  | event                                                         |
 * |---------------------------------|---------------------------------------------------------------|
 * | `K - L`                         | `game.scheduled` (startTime = mapped `K`), then `odds` opening |
 * | `K - L + i·L/(n+1)`, i = 1..n   | `odds`, prices `open + (close - open)·i/n` (i = n: closing)   |
 * | `K`                             | `game.started`                                                |
 * | `K + 45 min`                    | `game.score` with the half-time score                         |
 * | `K + 105 min`                   | `game.final` with the full-time score                         |
 *
 * Prices are h2h home/draw/away and, when both opening and closing have them, totals over/under at line 2.5.
 * Intermediate prices are rounded to two decimals; the last step is exactly the CSV's closing prices
 * (with `priceSteps` 0 only the opening prices are sent).
 * A match with an impossible book (see {@link FootballMatch.impossibleBook}) plays with no `odds` events.
 * Events of different games interleave by time; at equal times they keep match order, and each game's own
 * events are always in the order above.
 *
 * With `speed` 600 and the default lead, a game is announced 6 real seconds before kick-off and settled
 * 10.5 seconds after it; a 10-month season lasts about 12 real hours.
 */
export class ReplayFeed implements FeedProvider {
  readonly name = 'replay';
  private readonly clock: FeedClock;
  private readonly logger: FeedLogger;
  private readonly leadMs: number;
  private readonly priceSteps: number;
  private matches: FootballMatch[] | undefined;
  private statsValue: ReplayStats | undefined;
  private timeline: TimedEvent[] = [];
  private cursor = 0;
  /** How many passes of the season are in (or were taken off) the timeline. */
  private passesBuilt = 0;
  private kickoffsCache: number[] | undefined;
  private startWall = 0;
  private timer: unknown;
  private running = false;
  private stopped = false;
  /** Bumped by each start/stop so a delivery loop from an earlier run stops at its next event. */
  private generation = 0;
  private sinkRetries = 0;
  private sink: ((event: FeedEvent) => Promise<void>) | undefined;
  private endedResolve: (() => void) | undefined;
  private endedPromise: Promise<void> | undefined;

  constructor(private readonly options: ReplayFeedOptions) {
    if (!(options.speed > 0) || !Number.isFinite(options.speed)) {
      throw new RangeError(`ReplayFeed speed must be a positive number, got ${options.speed}`);
    }
    const lead = options.leadMinutes ?? 60;
    if (!(lead >= 0) || !Number.isFinite(lead)) {
      throw new RangeError(`ReplayFeed leadMinutes must be >= 0, got ${lead}`);
    }
    const steps = options.priceSteps ?? 4;
    if (!Number.isInteger(steps) || steps < 0) {
      throw new RangeError(`ReplayFeed priceSteps must be a whole number >= 0, got ${steps}`);
    }
    if (options.minUpcoming !== undefined && (!Number.isInteger(options.minUpcoming) || options.minUpcoming < 1)) {
      throw new RangeError(`ReplayFeed minUpcoming must be a whole number >= 1, got ${options.minUpcoming}`);
    }
    if (options.minUpcoming !== undefined && !(lead > 0)) {
      throw new RangeError('ReplayFeed minUpcoming needs leadMinutes above 0 (games open leadMinutes before kick-off)');
    }
    if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 0)) {
      throw new RangeError(`ReplayFeed limit must be a whole number >= 0, got ${options.limit}`);
    }
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentFeedLogger;
    this.leadMs = lead * MINUTE;
    this.priceSteps = steps;
  }

  /** Counts from the CSV; undefined until `start` or `runToEnd` has loaded it. */
  get stats(): ReplayStats | undefined {
    return this.statsValue;
  }

  /**
   * Loads the CSV and schedules the season on the clock; resolves once scheduled (not when the season ends:
   * see {@link ReplayFeed.ended}). A sink failure is logged and the replay goes on with the next event.
   */
  async start(sink: (event: FeedEvent) => Promise<void>): Promise<void> {
    if (this.running) throw new Error('ReplayFeed is already running');
    const generation = this.generation;
    const matches = await this.load();
    // stop() while the CSV was loading: the replay must not begin after it.
    if (this.generation !== generation) return;
    this.running = true;
    this.stopped = false;
    this.generation += 1;
    this.sink = sink;
    this.endedPromise = new Promise((resolve) => (this.endedResolve = resolve));
    this.startWall = this.firstKickoffWall();
    this.passesBuilt = 1;
    this.timeline = this.buildTimeline(matches, 0);
    this.cursor = 0;
    this.scheduleNext();
  }

  /**
   * Resolves when a started replay has delivered its last event (never, with `loop`, until stopped) or was
   * stopped. Resolves at once if the feed was never started.
   */
  ended(): Promise<void> {
    return this.endedPromise ?? Promise.resolve();
  }

  /**
   * Cancels pending timers. An event the sink is handling right now completes; no further event is delivered.
   * Does not wait for that event, so a sink may call it without deadlocking.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.generation += 1;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.finish();
  }

  /**
   * Delivers one pass of the season to `sink` at once, in the same order and with the same `at` times as a
   * timed replay would, without timers (tests, benches, seeding). Ignores `loop`. A sink failure rejects.
   * Resolves with the number of events delivered.
   */
  async runToEnd(sink: (event: FeedEvent) => Promise<void>): Promise<number> {
    const matches = await this.load();
    this.startWall = this.firstKickoffWall();
    const timeline = this.buildTimeline(matches, 0);
    for (const { event } of timeline) await sink(event);
    return timeline.length;
  }

  private async load(): Promise<FootballMatch[]> {
    if (this.matches) return this.matches;
    const report = await readFootballCsvReport(this.options.file);
    // Date order is the replay order; the sort is stable so same-time matches keep file order.
    const sorted = [...report.matches].sort((a, b) => a.date.getTime() - b.date.getTime());
    const matches = this.options.limit === undefined ? sorted : sorted.slice(0, this.options.limit);
    this.matches = matches;
    this.statsValue = {
      matches: matches.length,
      skippedRows: report.skipped.length,
      impossibleBooks: matches.filter((m) => m.impossibleBook).length,
    };
    this.logger.info({ file: this.options.file, ...this.statsValue }, 'replay feed loaded its season');
    if (report.skipped.length > 0) {
      this.logger.warn({ skipped: report.skipped.slice(0, 10) }, 'replay feed skipped malformed CSV rows');
    }
    return matches;
  }

  /**
   * When the next game opens to bets (its `game.scheduled` is delivered), or null when no game is still to come.
   * Before `start`, and once stopped, null.
   */
  nextGameAt(): Date | null {
    if (!this.running) return null;
    for (let i = this.cursor; i < this.timeline.length; i++) {
      if (this.timeline[i].event.type === 'game.scheduled') return new Date(this.timeline[i].wall);
    }
    // Looping: the next pass's first game opens when the pass begins.
    return this.options.loop && this.matches?.length ? new Date(this.passStartWall(this.passesBuilt)) : null;
  }

  private firstKickoffWall(): number {
    if (this.options.startAt) return this.options.startAt.getTime();
    const m = this.options.minUpcoming;
    const kickoffs = this.matches ? this.kickoffs(this.matches) : [];
    if (m === undefined || kickoffs.length === 0) return this.clock.now() + this.leadMs / this.options.speed;
    // Start at the moment the m-th game opens, so m games are open from the first second.
    const mth = kickoffs[Math.min(m, kickoffs.length) - 1];
    return this.clock.now() + (this.leadMs - (mth - kickoffs[0])) / this.options.speed;
  }

  /**
   * The simulated kick-off of each match: the CSV's, or with `minUpcoming` the CSV's order with every gap between
   * consecutive kick-offs capped, so any `minUpcoming` consecutive gaps add up to less than the lead.
   */
  private kickoffs(matches: FootballMatch[]): number[] {
    if (this.kickoffsCache) return this.kickoffsCache;
    const dates = matches.map((m) => m.date.getTime());
    const cap = this.maxGap();
    if (cap === null || dates.length === 0) return (this.kickoffsCache = dates);
    const out = [dates[0]];
    for (let i = 1; i < dates.length; i++) out.push(out[i - 1] + Math.min(dates[i] - dates[i - 1], cap));
    return (this.kickoffsCache = out);
  }

  /** Longest simulated gap between two kick-offs with `minUpcoming`, else null (no cap). */
  private maxGap(): number | null {
    const m = this.options.minUpcoming;
    return m === undefined ? null : this.leadMs / (m + 1);
  }

  /**
   * Simulated span of one pass. By default the next pass's first announcement follows the last final; with
   * `minUpcoming` its first kick-off follows the last one by the capped gap, so games stay open across passes.
   */
  private passSpan(matches: FootballMatch[]): number {
    if (matches.length === 0) return 0;
    const kickoffs = this.kickoffs(matches);
    const spread = kickoffs[kickoffs.length - 1] - kickoffs[0];
    const gap = this.maxGap();
    return gap === null ? spread + REPLAY_FINAL_MINUTES * MINUTE + this.leadMs : spread + gap;
  }

  /** Wall-clock time of pass `loop`'s first event (its first announcement). */
  private passStartWall(loop: number): number {
    const matches = this.matches ?? [];
    return Math.round(this.startWall + (loop * this.passSpan(matches) - this.leadMs) / this.options.speed);
  }

  private buildTimeline(matches: FootballMatch[], loop: number): TimedEvent[] {
    if (matches.length === 0) return [];
    const kickoffs = this.kickoffs(matches);
    const k0 = kickoffs[0];
    const shift = loop * this.passSpan(matches);
    const wall = (sim: number): number => Math.round(this.startWall + (sim + shift - k0) / this.options.speed);
    const entries: { sim: number; index: number; seq: number; event: FeedEvent }[] = [];
    matches.forEach((m, index) => {
      let seq = 0;
      const push = (sim: number, make: (at: Date) => FeedEvent): void => {
        entries.push({ sim, index, seq: seq++, event: make(new Date(wall(sim))) });
      };
      const providerId = replayProviderId(m, loop);
      const kickoff = kickoffs[index];
      const announce = kickoff - this.leadMs;
      push(announce, () => ({
        type: 'game.scheduled',
        game: {
          providerId,
          sport: 'soccer',
          league: m.league,
          homeTeam: m.homeTeam,
          awayTeam: m.awayTeam,
          startTime: new Date(wall(kickoff)),
        },
      }));
      if (!m.impossibleBook) {
        const n = this.priceSteps;
        for (let i = 0; i <= n; i++) {
          const sim = announce + (i * this.leadMs) / (n + 1);
          const t = n === 0 ? 0 : i / n;
          push(sim, (at) => ({ type: 'odds', prices: pricesAt(providerId, m.open, m.close, t, at) }));
        }
      }
      push(kickoff, (at) => ({ type: 'game.started', providerId, at }));
      push(kickoff + REPLAY_HALF_TIME_MINUTES * MINUTE, (at) => ({
        type: 'game.score',
        providerId,
        home: m.htHome,
        away: m.htAway,
        at,
      }));
      push(kickoff + REPLAY_FINAL_MINUTES * MINUTE, (at) => ({
        type: 'game.final',
        providerId,
        home: m.ftHome,
        away: m.ftAway,
        at,
      }));
    });
    entries.sort((a, b) => a.sim - b.sim || a.index - b.index || a.seq - b.seq);
    return entries.map((e) => ({ wall: wall(e.sim), event: e.event }));
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    // Looping: the next pass joins the timeline before its first event is due, merged by time, so its games
    // open while the current pass's last games are still being played.
    const matches = this.matches ?? [];
    while (
      this.options.loop &&
      matches.length > 0 &&
      (this.cursor >= this.timeline.length || this.passStartWall(this.passesBuilt) <= this.timeline[this.cursor].wall)
    ) {
      this.timeline = mergeByWall(this.timeline.slice(this.cursor), this.buildTimeline(matches, this.passesBuilt));
      this.passesBuilt += 1;
      this.cursor = 0;
    }
    if (this.cursor >= this.timeline.length) {
      this.finish();
      return;
    }
    const delay = this.timeline[this.cursor].wall - this.clock.now();
    // Long waits are capped (Node fires over-long timeouts at once); `fire` then finds nothing due and re-arms.
    const generation = this.generation;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.fire(generation);
    }, Math.min(Math.max(0, delay), MAX_TIMER_DELAY_MS));
  }

  /** Delivers every event now due, one at a time (the sink sees a game's events in order), then re-arms. */
  private async fire(generation: number): Promise<void> {
    const now = this.clock.now();
    const due = (): boolean => this.cursor < this.timeline.length && this.timeline[this.cursor].wall <= now;
    while (generation === this.generation && due()) {
      const { event } = this.timeline[this.cursor];
      try {
        await this.sink?.(event);
        this.cursor += 1;
        this.sinkRetries = 0;
      } catch (err) {
        // A database that does not answer is waited for, with the same event kept: skipping it would lose a
        // game's final score, and with it the grading of every bet on the game. The sink is idempotent.
        if (isDatabaseUnavailable(err) && this.sinkRetries < SINK_MAX_RETRIES) {
          this.sinkRetries += 1;
          const delay = Math.min(SINK_RETRY_BASE_MS * 2 ** (this.sinkRetries - 1), SINK_RETRY_MAX_MS);
          if (this.sinkRetries === 1) this.logger.warn({ err, event: event.type, retryInMs: delay }, 'replay feed: the database did not answer; retrying the same event');
          this.timer = this.clock.setTimeout(() => {
            this.timer = undefined;
            void this.fire(generation);
          }, delay);
          return;
        }
        this.cursor += 1;
        this.sinkRetries = 0;
        this.logger.error({ err, event: event.type }, 'replay feed sink failed; going on with the next event');
      }
    }
    if (generation === this.generation) this.scheduleNext();
  }

  private finish(): void {
    this.running = false;
    this.endedResolve?.();
    this.endedResolve = undefined;
  }
}

/** Two time-ordered timelines as one; at equal times `a`'s events come first (each keeps its own order). */
function mergeByWall(a: TimedEvent[], b: TimedEvent[]): TimedEvent[] {
  const out: TimedEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].wall <= b[j].wall)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

/** Prices of a match a fraction `t` of the way from opening (0) to closing (1). */
function pricesAt(providerId: string, open: FootballPrices, close: FootballPrices, t: number, at: Date): FeedPrice[] {
  const prices: FeedPrice[] = [
    { providerId, market: 'h2h', selection: 'home', price: lerp(open.home, close.home, t), at },
    { providerId, market: 'h2h', selection: 'draw', price: lerp(open.draw, close.draw, t), at },
    { providerId, market: 'h2h', selection: 'away', price: lerp(open.away, close.away, t), at },
  ];
  // Totals only when both ends exist, else there is nothing to move towards.
  const { over25: o0, under25: u0 } = open;
  const { over25: o1, under25: u1 } = close;
  if (o0 !== undefined && u0 !== undefined && o1 !== undefined && u1 !== undefined) {
    prices.push(
      { providerId, market: 'totals', selection: 'over', line: 2.5, price: lerp(o0, o1, t), at },
      { providerId, market: 'totals', selection: 'under', line: 2.5, price: lerp(u0, u1, t), at },
    );
  }
  return prices;
}
