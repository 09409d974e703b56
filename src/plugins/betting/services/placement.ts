import type { EntityManager } from '@mikro-orm/knex';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { BetAuditSchema } from '../entities/bet-audit.ts';
import { BetLegSchema, type BetLeg } from '../entities/bet-leg.ts';
import { BetSchema, type Bet, type BetType } from '../entities/bet.ts';
import { GameSchema, type Game } from '../entities/game.ts';
import type { BettingContext } from './context.ts';
import { fairDecimal, gameLabel, latestPrices, MARKET_SELECTIONS } from './games.ts';
import { assertWithinLimits, countOpenBets } from './limits.ts';
import { decimalToAmerican, parlayDecimal, type OddsFormat } from './odds.ts';
import { readOdds } from './odds-input.ts';
import { checkStatedPrice } from './price-check.ts';
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

async function openGame(em: EntityManager, pick: Pick, now: number): Promise<Game> {
  const game = await em.findOne(GameSchema, { id: pick.gameId });
  if (!game) throw new Refusal('GAME_NOT_FOUND', 'That game was not found. Pick one from the list that appears as you type.');
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
  return game;
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
 * Writes a bet, its audit row and its `bet.placed` event in one transaction, holding a per-member lock (a row lock on MySQL/MariaDB; SQLite
 * runs one writer at a time) so that concurrent placements by one member cannot pass the open-bet cap.
 */
async function writeBet(
  ctx: BettingContext,
  input: WriteInput,
  cap: number,
  build: BuildBet,
): Promise<{ bet: Bet; duplicate: boolean }> {
  return insertBet(ctx, input, cap, build);
}

async function insertBet(
  ctx: BettingContext,
  input: WriteInput,
  cap: number,
  build: BuildBet,
): Promise<{ bet: Bet; duplicate: boolean }> {
  const em = ctx.em();
  try {
    return await em.transactional(async (tem) => {
      await lockMember(tem, ctx.dialect, input.guildId, input.userId, input.now);
      const existing = await tem.findOne(BetSchema, { interactionId: input.interactionId });
      if (existing) return { bet: existing, duplicate: true };
      const open = await countOpenBets(tem, input.guildId, input.userId);
      if (open >= cap) {
        throw new Refusal('OPEN_BET_CAP', `You already have ${open} open bets, the most this server allows (${cap}). Wait for some to settle, or cancel one with /bet cancel.`);
      }
      await assertWithinLimits(tem, input.guildId, input.userId, input.units, input.now);
      const { bet: data, legs } = await build(tem);
      const bet = tem.create(BetSchema, {
        ...data,
        guildId: input.guildId,
        userId: input.userId,
        units: round(input.units, 2),
        status: 'pending',
        net: null,
        placedAt: input.now,
        settledAt: null,
        interactionId: input.interactionId,
        closingFairDecimal: null,
      });
      await tem.flush();
      for (const leg of legs ?? []) tem.create(BetLegSchema, { ...leg, betId: bet.id });
      tem.create(BetAuditSchema, { guildId: bet.guildId, betId: bet.id, actorId: input.userId, action: 'placed', fromStatus: null, toStatus: 'pending', details: { decimal: bet.decimal, units: bet.units, verified: bet.verified }, at: input.now });
      // Written with the bet: webhooks and other subscribers get it after the commit, even across a crash.
      await ctx.events.publishInTransaction(tem, 'bet.placed', { guildId: bet.guildId, betId: bet.id, userId: bet.userId, type: bet.type, units: bet.units, decimal: bet.decimal });
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

/** Builds what is particular to a bet (and its legs), inside the placing transaction. */
type BuildBet = (em: EntityManager) => Promise<{ bet: Omit<Bet, 'id' | CommonField>; legs?: Omit<BetLeg, 'id' | 'betId'>[] }>;

/** Fields every new bet gets the same way, filled in by {@link writeBet}. */
type CommonField = 'guildId' | 'userId' | 'units' | 'status' | 'net' | 'placedAt' | 'settledAt' | 'interactionId' | 'closingFairDecimal';

/** Takes the member's row lock (creating the row once) for the rest of the transaction. */
async function lockMember(em: EntityManager, dialect: string, guildId: string, userId: string, now: number): Promise<void> {
  const conn = em.getConnection();
  const trx = em.getTransactionContext();
  const insert =
    dialect === 'sqlite'
      ? 'insert into betting_member_limits (guild_id, user_id, self_excluded, updated_at) values (?, ?, 0, ?) on conflict do nothing'
      : 'insert into betting_member_limits (guild_id, user_id, self_excluded, updated_at) values (?, ?, 0, ?) on duplicate key update guild_id = guild_id';
  await conn.execute(insert, [guildId, userId, now], 'run', trx);
  if (dialect !== 'sqlite') {
    await conn.execute('select guild_id from betting_member_limits where guild_id = ? and user_id = ? for update', [guildId, userId], 'all', trx);
  }
}

/** Places a straight bet (a game line or a player prop). Refusals throw {@link Refusal} and change nothing. */
export async function placeStraight(ctx: BettingContext, input: PlaceStraightInput): Promise<Placed> {
  const now = input.now ?? Date.now();
  const cap = await checkStake(ctx, input.guildId, input.units);
  const type = input.type ?? 'game_line';
  const description = input.description === undefined || input.description === null ? null : assertSafeLabel(input.description.trim(), 'The prop description');
  const em = ctx.em();
  const game = await openGame(em, input, now);
  const line = input.market === 'h2h' ? 0 : (input.line ?? 0);
  const prices = await latestPrices(em, game.id);
  const current = prices.find((p) => p.market === input.market && p.selection === input.selection && p.line === line);
  const priced = await priceOfRecord(ctx, input, type, current?.price ?? null);
  const fair = fairDecimal(prices, input.market, input.selection, line);
  const { bet, duplicate } = await writeBet(ctx, { ...input, now }, cap, async () => ({
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
  }));
  return { bet, games: [game], duplicate, oddsReading: priced.reading };
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
  const em = ctx.em();
  const games: Game[] = [];
  const legs: Omit<BetLeg, 'id' | 'betId'>[] = [];
  for (const pick of input.legs) {
    const game = await openGame(em, pick, now);
    const line = pick.market === 'h2h' ? 0 : (pick.line ?? 0);
    const price = (await latestPrices(em, game.id)).find((p) => p.market === pick.market && p.selection === pick.selection && p.line === line);
    if (!price) throw new Refusal('BAD_SELECTION', `There is no price yet for that pick on ${gameLabel(game)}. Pick a selection the feed has priced.`);
    games.push(game);
    legs.push({ gameId: game.id, market: pick.market, selection: pick.selection, line: pick.market === 'h2h' ? null : line, decimal: price.price, result: 'pending' });
  }
  const decimal = round(parlayDecimal(legs.map((l) => l.decimal)));
  const { bet, duplicate } = await writeBet(ctx, { ...input, now }, cap, async () => ({
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
  }));
  return { bet, games, duplicate };
}
