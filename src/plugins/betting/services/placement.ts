import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { BetLeg } from '../entities/bet-leg.ts';
import { BetSchema, type Bet, type BetType } from '../entities/bet.ts';
import type { Game } from '../entities/game.ts';
import { insertBet, insertPlaced, lockMember, StaleBook, stakedSince } from './bet-writes.ts';
import type { BettingContext } from './context.ts';
import { fairDecimal, gameLabel, MARKET_SELECTIONS } from './games.ts';
import { limitsOfRow, refuseOutsideLimits } from './limits.ts';
import { decimalToAmerican, parlayDecimal, type OddsFormat } from './odds.ts';
import { readOdds } from './odds-input.ts';
import { checkStatedPrice } from './price-check.ts';
import { referenceCache, type GameBook } from './reference-cache.ts';
import { assertSafeLabel } from './safe-label.ts';
import { Refusal } from 'dbsbm';

export interface Pick {
  gameId: number;
  market: string;
  selection: string;
  line?: number | null;
}

export interface PlaceStraightInput extends Pick {
  guildId: string;
  userId: string;
  /** The Discord interaction (or another unique request id): placing twice with it places one bet. */
  interactionId: string;
  /**
   * Odds as typed: American, decimal or fractional, a bare number read in `oddsFormat`. Absent: the feed's current
   * price of the selection (the price of record). A stated price on a game line must be within the server's tolerance
   * of the market (else PRICE_OFF_MARKET, or an unverified bet where the server allows it).
   */
  odds?: string;
  /** How to read a bare number in `odds` (default: the server's odds format). */
  oddsFormat?: OddsFormat;
  units: number;
  type?: Exclude<BetType, 'parlay'>;
  description?: string | null;
  source?: { betId: number; kind: 'tail' | 'fade' };
  now?: number;
}

export interface PlaceParlayInput {
  guildId: string;
  userId: string;
  interactionId: string;
  legs: Pick[];
  units: number;
  now?: number;
}

export interface Placed {
  bet: Bet;
  games: Game[];
  /** True when this interaction had already placed the bet: nothing new was written. */
  duplicate: boolean;
  /** How the typed odds were read (e.g. "American +1000"), when odds were typed. */
  oddsReading?: string;
}

const round = (n: number, places = 4): number => Math.round(n * 10 ** places) / 10 ** places;

/** Refusals drawn from a game's book: made from a cached book, they are checked again on a fresh read before they are given. */
const BOOK_REFUSALS = new Set(['GAME_NOT_FOUND', 'GAME_STARTED', 'BAD_SELECTION', 'BAD_ODDS', 'PRICE_OFF_MARKET']);
/** Placing attempts at most: the first from cached books, the others from fresh reads (a price moving at that very instant). */
const MAX_ATTEMPTS = 4;

/** The game is open to bets at `now` and the pick is one of its market's selections; the book, else a refusal. */
async function openBook(ctx: BettingContext, pick: Pick, now: number, fresh: boolean): Promise<GameBook> {
  const book = await referenceCache(ctx).book(pick.gameId, fresh);
  if (!book) throw new Refusal('GAME_NOT_FOUND', 'That game was not found. Pick one from the list that appears as you type.');
  const { game } = book;
  if (game.status !== 'scheduled' || game.startTime <= now) {
    throw new Refusal('GAME_STARTED', `${gameLabel(game)} has already started (or is ${game.status}), so bets on it are closed. Pick a game that has not kicked off.`);
  }
  const selections = MARKET_SELECTIONS[pick.market];
  if (!selections || !selections.includes(pick.selection)) {
    throw new Refusal('BAD_SELECTION', `"${pick.selection}" is not a selection of the ${pick.market} market. Use one of: ${(selections ?? []).join(', ')}.`);
  }
  if (pick.market !== 'h2h' && (pick.line === undefined || pick.line === null)) {
    throw new Refusal('BAD_SELECTION', `A ${pick.market} bet needs a line (for example 2.5).`);
  }
  return book;
}

/**
 * Runs a placing attempt from cached books, and again from fresh reads when the cached books gave a refusal or the
 * placing statement found a book out of date ({@link StaleBook}): a bet is always priced, and refused, on the books as
 * they are when it is written.
 */
async function withBooks<T>(ctx: BettingContext, gameIds: number[], attempt: (fresh: boolean) => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    const fresh = i > 0;
    try {
      return await attempt(fresh);
    } catch (err) {
      const retry = err instanceof StaleBook ? i < MAX_ATTEMPTS - 1 : err instanceof Refusal && !fresh && BOOK_REFUSALS.has(err.code);
      if (!retry) {
        if (err instanceof StaleBook) throw new Error(`the prices of game ${gameIds.join(', ')} changed during each of ${MAX_ATTEMPTS} attempts to place a bet`);
        throw err;
      }
      for (const id of gameIds) referenceCache(ctx).forgetGame(id);
    }
  }
}

/**
 * Refuses a stake outside the server's units range (UNITS_OUT_OF_RANGE); else the member's open-bet cap in this
 * server. The parlay builder checks a stake with it before it opens, so both paths refuse the same way.
 */
export async function checkStake(ctx: BettingContext, guildId: string, units: number): Promise<number> {
  const settings = await ctx.settings.get(guildId);
  if (!Number.isFinite(units) || units < settings.minUnits || units > settings.maxUnits) {
    throw new Refusal('UNITS_OUT_OF_RANGE', `Stakes in this server are ${settings.minUnits} to ${settings.maxUnits} units; you entered ${units}.`);
  }
  const { tier } = await ctx.guild(guildId);
  const tierCap = ctx.options.openBetCaps[tier];
  return Math.min(tierCap, settings.maxOpenBets ?? tierCap);
}

/**
 * Writes a bet, its legs, its audit row and its `bet.placed` event in one transaction (prepared statements, bet-writes.ts),
 * holding a per-member lock (a row lock on MySQL/MariaDB; SQLite runs one writer at a time) so that concurrent
 * placements by one member cannot pass the open-bet cap. The same interaction never places two bets: the unique index
 * on the interaction id refuses the second insert, and the bet it placed is answered instead; a cap or a limit that
 * would refuse is first checked against an earlier bet of the same interaction, which is answered as placed (its own
 * stake is in the count).
 */
async function writeBet(ctx: BettingContext, input: WriteInput, cap: number, books: GameBook[], made: NewBet): Promise<{ bet: Bet; duplicate: boolean }> {
  try {
    return await ctx.data.transaction(async (em) => {
      const member = await lockMember(ctx, em, input.guildId, input.userId, input.now);
      try {
        if (member.openBets >= cap) {
          throw new Refusal('OPEN_BET_CAP', `You already have ${member.openBets} open bets, the most this server allows (${cap}). Wait for some to settle, or cancel one with /bet cancel.`);
        }
        refuseOutsideLimits(await limitsOfRow(member.limits, input.now, (since) => stakedSince(ctx, em, input.guildId, input.userId, since)), input.units);
      } catch (err) {
        if (err instanceof Refusal) {
          const earlier = await em.findOne(BetSchema, { interactionId: input.interactionId });
          if (earlier) return { bet: earlier, duplicate: true };
        }
        throw err;
      }
      const bet: Bet = {
        ...made.bet,
        id: 0,
        guildId: input.guildId,
        userId: input.userId,
        units: round(input.units, 2),
        status: 'pending',
        net: null,
        placedAt: input.now,
        settledAt: null,
        interactionId: input.interactionId,
        closingFairDecimal: null,
      };
      bet.id = await insertBet(ctx, em, bet, books);
      await insertPlaced(ctx, em, bet, made.legs ?? [], input.userId);
      // Written with the bet: webhooks and other subscribers get it after the commit, even across a crash.
      await ctx.events.publishInTransaction(em, 'bet.placed', { guildId: bet.guildId, betId: bet.id, userId: bet.userId, type: bet.type, units: bet.units, decimal: bet.decimal });
      return { bet, duplicate: false };
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      const bet = await ctx.em().findOne(BetSchema, { interactionId: input.interactionId });
      if (bet) return { bet, duplicate: true };
    }
    throw err;
  }
}

interface WriteInput {
  guildId: string;
  userId: string;
  interactionId: string;
  units: number;
  now: number;
}

/** Fields every new bet gets the same way, filled in by {@link writeBet}. */
type CommonField = 'guildId' | 'userId' | 'units' | 'status' | 'net' | 'placedAt' | 'settledAt' | 'interactionId' | 'closingFairDecimal';

/** What is particular to a bet (and its legs). */
interface NewBet {
  bet: Omit<Bet, 'id' | CommonField>;
  legs?: Omit<BetLeg, 'id' | 'betId'>[];
}

/** Places a straight bet (a game line or a player prop). Refusals throw {@link Refusal} and change nothing. */
export async function placeStraight(ctx: BettingContext, input: PlaceStraightInput): Promise<Placed> {
  const now = input.now ?? Date.now();
  const cap = await checkStake(ctx, input.guildId, input.units);
  const type = input.type ?? 'game_line';
  const description = input.description === undefined || input.description === null ? null : assertSafeLabel(input.description.trim(), 'The prop description');
  return withBooks(ctx, [input.gameId], async (fresh) => {
    const book = await openBook(ctx, input, now, fresh);
    const { game, prices } = book;
    const line = input.market === 'h2h' ? 0 : (input.line ?? 0);
    const current = prices.find((p) => p.market === input.market && p.selection === input.selection && p.line === line);
    const priced = await priceOfRecord(ctx, input, type, current?.price ?? null);
    const fair = fairDecimal(prices, input.market, input.selection, line);
    const { bet, duplicate } = await writeBet(ctx, { ...input, now }, cap, [book], {
      bet: {
        type,
        gameId: game.id,
        market: input.market,
        selection: input.selection,
        line: input.market === 'h2h' ? null : line,
        description,
        // Kept unrounded: the slip's "To win" and the settlement both pay from this one number (payout.ts winNet).
        decimal: priced.decimal,
        american: priced.american,
        verified: priced.verified,
        sourceBetId: input.source?.betId ?? null,
        sourceKind: input.source?.kind ?? null,
        fairDecimalAtBet: fair,
        sport: game.sport,
        league: game.league,
      },
    });
    return { bet, games: [game], duplicate, oddsReading: priced.reading };
  });
}

/**
 * The price a straight bet is recorded at, and whether it counts in records. A game line without typed odds takes
 * the market's current price (verified); typed odds are read in the server's format and checked against the
 * market (price-check.ts). A prop has no market: its price is the member's, and it counts only once someone other
 * than the bettor confirms its grade.
 */
async function priceOfRecord(
  ctx: BettingContext,
  input: PlaceStraightInput,
  type: Exclude<BetType, 'parlay'>,
  market: number | null,
): Promise<{ decimal: number; american: number; verified: boolean; reading?: string }> {
  if (input.odds === undefined) {
    if (market === null) throw new Refusal('BAD_ODDS', 'There is no current price for that pick yet, so it cannot be bet on now. Pick a selection the feed has priced.');
    return { decimal: market, american: decimalToAmerican(market), verified: type !== 'player_prop' };
  }
  const settings = await ctx.settings.get(input.guildId);
  const odds = readOdds(input.odds, input.oddsFormat ?? settings.oddsFormat);
  if (!odds.ok) throw new Refusal('BAD_ODDS', odds.message);
  if (type === 'player_prop') return { decimal: odds.decimal, american: odds.american, verified: false, reading: odds.reading };
  const { verified } = checkStatedPrice(odds, market, settings);
  return { decimal: odds.decimal, american: odds.american, verified, reading: odds.reading };
}

/** Places a parlay of 2 to 10 legs on different games, each priced at the game's latest feed price. */
export async function placeParlay(ctx: BettingContext, input: PlaceParlayInput): Promise<Placed> {
  const now = input.now ?? Date.now();
  if (input.legs.length < 2 || input.legs.length > 10) throw new Refusal('TOO_FEW_LEGS', 'A parlay has 2 to 10 legs.');
  const gameIds = input.legs.map((l) => l.gameId);
  if (new Set(gameIds).size !== gameIds.length) throw new Refusal('DUPLICATE_LEG', 'Each leg of a parlay must be a different game.');
  const cap = await checkStake(ctx, input.guildId, input.units);
  return withBooks(ctx, gameIds, async (fresh) => {
    const books: GameBook[] = [];
    const legs: Omit<BetLeg, 'id' | 'betId'>[] = [];
    for (const pick of input.legs) {
      const book = await openBook(ctx, pick, now, fresh);
      const { game } = book;
      const line = pick.market === 'h2h' ? 0 : (pick.line ?? 0);
      const price = book.prices.find((p) => p.market === pick.market && p.selection === pick.selection && p.line === line);
      if (!price) throw new Refusal('BAD_SELECTION', `There is no price yet for that pick on ${gameLabel(game)}. Pick a selection the feed has priced.`);
      books.push(book);
      legs.push({ gameId: game.id, market: pick.market, selection: pick.selection, line: pick.market === 'h2h' ? null : line, decimal: price.price, result: 'pending' });
    }
    const games = books.map((b) => b.game);
    const decimal = round(parlayDecimal(legs.map((l) => l.decimal)));
    const { bet, duplicate } = await writeBet(ctx, { ...input, now }, cap, books, {
      bet: {
        type: 'parlay',
        gameId: null,
        market: null,
        selection: null,
        line: null,
        description: null,
        decimal,
        american: decimalToAmerican(decimal),
        sourceBetId: null,
        sourceKind: null,
        fairDecimalAtBet: null,
        // Every leg is at the market's price.
        verified: true,
        sport: games.every((g) => g.sport === games[0]!.sport) ? games[0]!.sport : 'mixed',
        league: games.every((g) => g.league === games[0]!.league) ? games[0]!.league : 'mixed',
      },
      legs,
    });
    return { bet, games, duplicate };
  });
}
