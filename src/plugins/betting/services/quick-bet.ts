import { Refusal } from 'dbsbm';
import { BetSchema, OPEN_STATUSES } from '../entities/bet.ts';
import { GameSchema } from '../entities/game.ts';
import type { BettingContext } from './context.ts';
import { latestPrices, MARKET_SELECTIONS, selectionLabel } from './games.ts';
import { formatOdds } from './odds.ts';
import { placeStraight, type Placed } from './placement.ts';
import { tailOrFade } from './tail-fade.ts';

/** One selection of a game's main market as a Bet button offers it. */
export interface QuickBetSelection {
  selection: string;
  /** 0 for h2h. */
  line: number;
  /** "Arsenal", "Draw", "Over 2.5". */
  label: string;
  /** The price one press bets at (decimal): the latest feed price when the offer was made. */
  decimal: number;
  /** The price in the server's odds format ("+110"). */
  shown: string;
}

/** What Bet/Tail buttons offer on one game in one server. */
export interface QuickBetOffer {
  gameId: number;
  /** The main market: 1X2 (`h2h`) when priced, else the first priced of totals and spreads. */
  market: string;
  /** The stake one press places, in units (1, within the server's stake range). */
  units: number;
  /** Whether the game still takes bets (not kicked off): buttons are offered only then. */
  open: boolean;
  selections: QuickBetSelection[];
  /** Whether another bet of this server is open on the game, so a Tail button has something to copy. */
  tailable: boolean;
}

const MAIN_MARKETS = ['h2h', 'totals', 'spreads'] as const;

/**
 * The Bet buttons' offer for a game in a server: its main market's latest prices in the server's format, the stake of
 * one press, and whether there is an open bet to tail. Null when the game is unknown or has no price yet.
 */
export async function quickBetOffer(ctx: BettingContext, guildId: string, gameId: number, options: { units?: number; now?: number } = {}): Promise<QuickBetOffer | null> {
  const em = ctx.em();
  const game = await em.findOne(GameSchema, { id: gameId });
  if (!game) return null;
  const prices = await latestPrices(em, gameId, options.now);
  const market = MAIN_MARKETS.find((m) => prices.some((p) => p.market === m));
  if (!market) return null;
  // Totals and spreads have lines: the offer is on the line priced most recently (the one the feed is quoting now).
  const latest = prices.filter((p) => p.market === market).sort((a, b) => b.at - a.at)[0]!;
  const line = market === 'h2h' ? 0 : latest.line;
  const order = MARKET_SELECTIONS[market] ?? [];
  const inMarket = prices.filter((p) => p.market === market && p.line === line).sort((a, b) => order.indexOf(a.selection) - order.indexOf(b.selection));
  const settings = await ctx.settings.get(guildId);
  const units = Math.min(settings.maxUnits, Math.max(settings.minUnits, options.units ?? 1));
  const now = options.now ?? Date.now();
  const tailable = (await em.count(BetSchema, { guildId, gameId, type: 'game_line', status: { $in: [...OPEN_STATUSES] } })) > 0;
  return {
    gameId,
    market,
    units,
    open: game.status === 'scheduled' && game.startTime > now,
    selections: inMarket.map((p) => ({
      selection: p.selection,
      line: p.line,
      label: selectionLabel(game, market, p.selection, market === 'h2h' ? null : p.line),
      decimal: p.price,
      shown: formatOdds(p.price, settings.oddsFormat),
    })),
    tailable,
  };
}

/** A Bet button's pick and price, as its custom id carries them. */
export interface QuickBetPress {
  guildId: string;
  userId: string;
  interactionId: string;
  gameId: number;
  market: string;
  selection: string;
  line: number;
  /** The price the button showed (decimal). */
  decimal: number;
  units: number;
}

/**
 * Places the bet of one Bet-button press through the same placement as `/bet place`: the stake range, the open-bet
 * cap, the member's limits, cooling-off and self-exclusion, and the shown price checked against the market like a
 * typed one (PRICE_OFF_MARKET when it has moved too far). The same press twice places one bet.
 */
export function placeQuickBet(ctx: BettingContext, press: QuickBetPress): Promise<Placed> {
  return placeStraight(ctx, {
    guildId: press.guildId,
    userId: press.userId,
    interactionId: press.interactionId,
    gameId: press.gameId,
    market: press.market,
    selection: press.selection,
    line: press.market === 'h2h' ? null : press.line,
    odds: String(press.decimal),
    oddsFormat: 'decimal',
    units: press.units,
  });
}

/**
 * Tails the most recent open game-line bet another member of the server placed on a game (the Tail button beside
 * the Bet buttons), with {@link tailOrFade}'s rules. Refuses with BET_NOT_FOUND when there is none.
 */
export async function tailLatestOnGame(ctx: BettingContext, input: { guildId: string; userId: string; gameId: number; interactionId: string }): Promise<{ placed: Placed; sourceBetId: number }> {
  const source = await ctx.em().findOne(
    BetSchema,
    { guildId: input.guildId, gameId: input.gameId, type: 'game_line', status: { $in: [...OPEN_STATUSES] }, userId: { $ne: input.userId } },
    { orderBy: { placedAt: 'desc', id: 'desc' } },
  );
  if (!source) throw new Refusal('BET_NOT_FOUND', 'Nobody else in this server has an open bet on this game to tail yet.', { next: 'Press a Bet button to place your own.' });
  const placed = await tailOrFade(ctx, { guildId: input.guildId, userId: input.userId, sourceBetId: source.id, kind: 'tail', interactionId: input.interactionId });
  return { placed, sourceBetId: source.id };
}
