import type { Game, GameStatus } from '../entities/game.ts';
import type { OddsSnapshot } from '../entities/odds-snapshot.ts';
import type { BettingContext } from './context.ts';

/**
 * A game with every price it has ever had, newest first, as placement reads them: the game's row, the latest price of
 * each selection (per market and line), and how many price rows the game had when it was read. The count is what the
 * placing statement checks (see {@link bookGuardSql}): a book read before a price arrived is never used for a bet.
 */
export interface GameBook {
  game: Game;
  /** The latest price of every selection of the game (per market and line), as `latestPrices` gives them. */
  prices: OddsSnapshot[];
  /** Price rows of the game when this book was read. */
  snapshots: number;
}

/** Games kept at most; past this, the cache starts over (a feed has a few hundred open games at a time). */
const MAX_BOOKS = 2_000;
/** How long a server's capper names are kept: they are shown on slips only, and `/capper setup` clears them here. */
const CAPPER_TTL_MS = 60_000;
/** Servers whose capper names are kept at most. */
const MAX_CAPPER_GUILDS = 1_000;

interface GameRow {
  id: number;
  provider: string;
  provider_id: string;
  sport: string;
  league: string;
  home_team: string;
  away_team: string;
  start_time: number;
  status: string;
  home_score: number | null;
  away_score: number | null;
  updated_at: number;
}

interface PriceRow {
  id: number;
  market: string;
  selection: string;
  line: number;
  price: number;
  at: number;
  source: string;
}

const num = (v: unknown): number => Number(v);
const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function gameOf(r: GameRow): Game {
  return {
    id: num(r.id), provider: r.provider, providerId: r.provider_id, sport: r.sport, league: r.league, homeTeam: r.home_team, awayTeam: r.away_team,
    startTime: num(r.start_time), status: r.status as GameStatus, homeScore: optNum(r.home_score), awayScore: optNum(r.away_score), updatedAt: num(r.updated_at),
  };
}

/**
 * Reference data of bet placement (games with their prices, cappers' names), read through the data API and kept in
 * this process. It is a cache of what to try, never the record: the statement that writes a bet re-checks, inside
 * the placing transaction, that the game is still open and has exactly the price rows this book was read with, and a
 * bet whose book is out of date is placed again from a fresh read (placement.ts). So a price changed by another
 * instance, by hand or by a feed that published nothing is still never used stale. Books are dropped on the events that
 * change them (`odds.moved`, `game.*`), and by the writers of this process, so a retry is rare.
 */
export class ReferenceCache {
  readonly #ctx: BettingContext;
  readonly #books = new Map<number, Promise<GameBook | null>>();
  readonly #cappers = new Map<string, { names: Promise<Map<string, string>>; until: number }>();

  constructor(ctx: BettingContext) {
    this.#ctx = ctx;
  }

  /** The game's book from the cache, or read now (`fresh`: always read now, and keep that). Null: no such game. */
  book(gameId: number, fresh = false): Promise<GameBook | null> {
    if (!fresh) {
      const cached = this.#books.get(gameId);
      if (cached) return cached;
    }
    const loading = this.#read(gameId);
    if (this.#books.size >= MAX_BOOKS) this.#books.clear();
    this.#books.set(gameId, loading);
    // Neither a failed read nor a missing game stays: the next bet reads again.
    loading.then(
      (book) => {
        if (book === null && this.#books.get(gameId) === loading) this.#books.delete(gameId);
      },
      () => {
        if (this.#books.get(gameId) === loading) this.#books.delete(gameId);
      },
    );
    return loading;
  }

  /** Drops a game's book (its prices or state changed). */
  forgetGame(gameId: number): void {
    this.#books.delete(gameId);
  }

  /**
   * The display name of a member's capper profile in a server, if they have one. A server's cappers are read together
   * (a few per server), so a member with no profile, the common case, costs no statement either.
   */
  async capperName(guildId: string, userId: string, now = Date.now()): Promise<string | undefined> {
    let hit = this.#cappers.get(guildId);
    if (!hit || hit.until <= now) {
      const names = this.#ctx.data
        .all<{ user_id: string; display_name: string }>('select user_id, display_name from betting_cappers where guild_id = ?', [guildId])
        .then((rows) => new Map(rows.map((r) => [r.user_id, r.display_name])));
      if (this.#cappers.size >= MAX_CAPPER_GUILDS) this.#cappers.clear();
      hit = { names, until: now + CAPPER_TTL_MS };
      this.#cappers.set(guildId, hit);
      names.catch(() => {
        if (this.#cappers.get(guildId) === hit) this.#cappers.delete(guildId);
      });
    }
    return (await hit.names).get(userId);
  }

  /** Drops a server's capper names (a profile changed). */
  forgetCappers(guildId: string): void {
    this.#cappers.delete(guildId);
  }

  async #read(gameId: number): Promise<GameBook | null> {
    const data = this.#ctx.data;
    const row = await data.get<GameRow>('select * from betting_games where id = ?', [gameId]);
    if (!row) return null;
    const rows = await data.all<PriceRow>('select id, market, selection, line, price, at, source from betting_odds where game_id = ? order by at desc, id desc', [gameId]);
    const seen = new Set<string>();
    const prices: OddsSnapshot[] = [];
    for (const r of rows) {
      const line = num(r.line);
      const key = `${r.market}|${r.selection}|${line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      prices.push({ id: num(r.id), gameId, market: r.market, selection: r.selection, line, price: num(r.price), at: num(r.at), source: r.source });
    }
    return { game: gameOf(row), prices, snapshots: rows.length };
  }
}

const caches = new WeakMap<object, ReferenceCache>();

/** The reference cache of one app's betting plugin (keyed by its context, so two apps in one process never share). */
export function referenceCache(ctx: BettingContext): ReferenceCache {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new ReferenceCache(ctx);
    caches.set(ctx, cache);
  }
  return cache;
}

/**
 * SQL that is true when a game is as its book has it (scheduled, same kick-off), still open to bets at `now`, and has
 * exactly the price rows the book was read with (price rows are only ever added); its values, in order, are
 * {@link bookGuardParams}. Placement puts it in the WHERE of the bet's own INSERT, so the check costs no statement and
 * is made at the instant of the write.
 */
export const bookGuardSql = `exists (select 1 from betting_games g where g.id = ? and g.status = 'scheduled' and g.start_time = ? and g.start_time > ?)
  and (select count(*) from betting_odds o where o.game_id = ?) = ?`;

export const bookGuardParams = (book: GameBook, now: number): number[] => [book.game.id, book.game.startTime, now, book.game.id, book.snapshots];
