import type { EventMeta } from 'dbsbm';
import { Coalescer } from '../../services/coalescer.ts';
import type { StreamContext } from '../../services/context.ts';
import { refreshLeaderboard } from './live-leaderboard.ts';
import { PendingMoves, postPriceUpdates } from './price-posts.ts';
import { refreshGameBoards } from './scoreboards.ts';

/**
 * How often one message may change. Discord allows about 5 message edits per 5 s per channel; a board is edited at
 * most once per 2 s (the latest state, read when the edit runs), so a channel of several live games stays well inside
 * it, and a burst of goals or price ticks becomes one edit.
 */
export const EDIT_INTERVAL_MS = 2_000;
/** How much shorter the shared window is than the local interval (see `#guarded`). */
const SLOT_SLACK_MS = 250;
/** A game thread gets at most one price-update post per 5 s: a post is a notification, an edit is not. */
export const POST_INTERVAL_MS = 5_000;

/**
 * The Discord side of live updates on one instance: which events it acts on, and the coalescing of edits and posts.
 *
 * Across instances: the feed `publish`es `game.started`, `game.score` and `odds.moved`, so every instance hears them;
 * only the instance that published one (`meta.origin`) acts on it, so a deployment edits once, not once per instance.
 * `game.final` and `bet.settled` are durable: their subscribers run once per deployment, on the instance whose
 * worker runs the event's job. On top of that, every edit first takes a slot in a shared 2-second window per
 * message key (`ctx.counters`, exact across instances with Redis): two instances that both act on one game (the
 * feed's and the final's) space their edits out instead of racing, and the later one re-reads the state when it runs.
 */
export class LiveDiscord {
  readonly #boards: Coalescer;
  readonly #posts: Coalescer;
  readonly #leaderboards: Coalescer;
  readonly #moves = new PendingMoves();
  /** Servers whose leaderboard owes one more render (see {@link onSettled}). */
  readonly #followUps = new Set<string>();
  readonly #unsubscribe: (() => void)[] = [];

  constructor(private readonly ctx: StreamContext) {
    const onError = (err: unknown, key: string): void => ctx.logger.warn({ err, key }, 'a live Discord update failed; the next change retries it');
    this.#boards = new Coalescer(EDIT_INTERVAL_MS, onError);
    this.#posts = new Coalescer(POST_INTERVAL_MS, onError);
    this.#leaderboards = new Coalescer(EDIT_INTERVAL_MS, onError);
  }

  /** Subscribes to the events that change boards. */
  start(): void {
    const { events } = this.ctx;
    const mine = (meta: EventMeta): boolean => meta.origin === this.ctx.instanceId;
    this.#unsubscribe.push(
      events.subscribe('game.started', (p, meta) => {
        if (mine(meta)) this.touchGame(p.gameId);
      }),
      events.subscribe('game.score', (p, meta) => {
        if (mine(meta)) this.touchGame(p.gameId);
      }),
      events.subscribe('odds.moved', (p, meta) => {
        if (!mine(meta)) return;
        this.#moves.add(p.gameId, { market: p.market, selection: p.selection, line: p.line, from: p.from, to: p.to });
        this.touchGame(p.gameId);
        this.#touchPosts(p.gameId);
      }),
      events.subscribe('game.final', (p) => this.touchGame(p.gameId)),
      events.subscribe('bet.settled', (p) => this.onSettled(p.guildId)),
    );
  }

  /** Asks for a game's boards to be brought up to date (coalesced). */
  touchGame(gameId: number): void {
    const key = `game:${gameId}`;
    this.#boards.touch(key, () => this.#guarded(key, EDIT_INTERVAL_MS, this.#boards, async () => void (await refreshGameBoards(this.ctx, gameId))));
  }

  /** Asks for a price-update post in the game's threads (coalesced; the post takes every move since the last one). */
  #touchPosts(gameId: number): void {
    const key = `posts:${gameId}`;
    this.#posts.touch(key, () => this.#guarded(key, POST_INTERVAL_MS, this.#posts, async () => void (await postPriceUpdates(this.ctx, gameId, this.#moves.take(gameId)))));
  }

  /**
   * A bet of the server settled: its leaderboard is re-rendered (coalesced), and once more one interval later.
   * The second render is there because betting bumps its leaderboard cache version just after the settlement
   * commits, and the durable `bet.settled` can be delivered in between: the first render may read the old board.
   */
  onSettled(guildId: string): void {
    const key = `leaderboard:${guildId}`;
    const run = async (): Promise<void> => {
      await this.#guarded(key, EDIT_INTERVAL_MS, this.#leaderboards, () => refreshLeaderboard(this.ctx, guildId).then(() => undefined));
      if (this.#followUps.delete(guildId)) return;
      this.#followUps.add(guildId);
      this.#leaderboards.touch(key, run);
    };
    this.#leaderboards.touch(key, run);
  }

  /**
   * Runs `work` if no instance ran the key's work in the last interval; else asks for it again when the interval is up
   * (the coalescer schedules it after the current run).
   */
  async #guarded(key: string, intervalMs: number, coalescer: Coalescer, work: () => Promise<void>): Promise<void> {
    // The shared window is a little shorter than the local interval: this instance's own next run (one interval after
    // this one started) must find it over, or every other run would be skipped by its own previous slot.
    const slot = await this.ctx.counters.hit(`live:${key}`, intervalMs - SLOT_SLACK_MS);
    if (slot.count > 1) {
      coalescer.touch(key, () => this.#guarded(key, intervalMs, coalescer, work));
      return;
    }
    await work();
  }

  /** Stops acting on events and drops scheduled edits (in-flight ones finish). */
  stop(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#boards.stop();
    this.#posts.stop();
    this.#leaderboards.stop();
  }
}

const running = new WeakMap<StreamContext, LiveDiscord>();

/** The instance's live Discord updates, started by the plugin's setup. */
export function startLiveDiscord(ctx: StreamContext): LiveDiscord {
  let live = running.get(ctx);
  if (!live) {
    live = new LiveDiscord(ctx);
    running.set(ctx, live);
    live.start();
  }
  return live;
}

/** Stops them, at teardown. */
export function stopLiveDiscord(ctx: StreamContext): void {
  running.get(ctx)?.stop();
  running.delete(ctx);
}

/** The running live updates of this instance, if started (the commands touch a game's boards after creating one). */
export const liveDiscordOf = (ctx: StreamContext): LiveDiscord | undefined => running.get(ctx);
