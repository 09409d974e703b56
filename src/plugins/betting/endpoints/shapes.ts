import { z } from 'zod';
import { BET_STATUSES } from '../entities/bet.ts';
import { GAME_STATUSES } from '../entities/game.ts';
import { LEADERBOARD_METRICS, PERIODS } from '../services/stats.ts';

// Response shapes of betting's public API: plain JSON (timestamps as ISO strings), named for the OpenAPI document,
// the SDK and GraphQL.

const BET_TYPES = ['game_line', 'player_prop', 'parlay'] as const;
const LEG_RESULTS = ['pending', 'won', 'lost', 'push', 'void', 'half-won', 'half-lost'] as const;
const MARKETS = ['h2h', 'totals', 'spreads'] as const;
const SELECTIONS = ['home', 'draw', 'away', 'over', 'under'] as const;

export const betTypeShape = z.enum(BET_TYPES);
export const marketShape = z.enum(MARKETS).describe('h2h (1X2 or moneyline), totals (over/under a line) or spreads (handicap).');
export const selectionShape = z.enum(SELECTIONS).describe('h2h: home, draw or away; totals: over or under; spreads: home or away.');
export const periodShape = z.enum(PERIODS).describe('Calendar period in UTC containing now (weeks start on Monday); `all` for all time.');

const iso = z.string().describe('ISO 8601 date-time, UTC.');

export const gameShape = z
  .object({
    id: z.number().int(),
    sport: z.string(),
    league: z.string(),
    homeTeam: z.string(),
    awayTeam: z.string(),
    label: z.string().describe('"Home v Away", as betting shows the game.'),
    kickoff: iso,
    status: z.enum(GAME_STATUSES),
    homeScore: z.number().int().nullable(),
    awayScore: z.number().int().nullable(),
  })
  .meta({ id: 'Game' });

export const priceShape = z
  .object({
    selection: selectionShape,
    label: z.string().describe('The selection in the game\'s terms: "Arsenal", "Draw", "Over 2.5".'),
    decimal: z.number().describe('Latest price, decimal.'),
    american: z.number().int(),
    odds: z.string().describe("The price in the server's odds format, as Discord shows it."),
    updatedAt: iso,
  })
  .meta({ id: 'Price' });

export const marketPricesShape = z
  .object({
    market: marketShape,
    line: z.number().nullable().describe('The line of a totals or spreads market; null for h2h.'),
    prices: z.array(priceShape),
  })
  .meta({ id: 'MarketPrices' });

export const gameDetailShape = gameShape
  .extend({ markets: z.array(marketPricesShape).describe('The current price of every priced selection, by market and line.') })
  .meta({ id: 'GameDetail' });

export const betLegShape = z
  .object({
    gameId: z.number().int(),
    market: marketShape,
    selection: selectionShape,
    line: z.number().nullable(),
    decimal: z.number().describe("The leg's price when the parlay was placed, decimal."),
    result: z.enum(LEG_RESULTS),
  })
  .meta({ id: 'BetLeg' });

export const betShape = z
  .object({
    id: z.number().int(),
    userId: z.string().describe('The Discord member who placed it.'),
    type: betTypeShape,
    status: z.enum(BET_STATUSES),
    verified: z.boolean().describe('Whether it counts in records (stats, leaderboards): priced at the market (or within tolerance) and, for a prop, confirmed by someone other than its bettor.'),
    units: z.number().describe('Stake, in units.'),
    decimal: z.number().describe('Price of record, decimal (a parlay: the product of its legs).'),
    american: z.number().int(),
    odds: z.string().describe("The price of record in the server's odds format."),
    toWin: z.number().describe('Net units if it wins, as the slip shows.'),
    net: z.number().nullable().describe('Net units once settled; null while open.'),
    placedAt: iso,
    settledAt: iso.nullable(),
    gameId: z.number().int().nullable().describe('Null for a parlay (see `legs`).'),
    market: z.string().nullable(),
    selection: z.string().nullable(),
    line: z.number().nullable(),
    description: z.string().nullable().describe('What a player prop is about.'),
    sport: z.string().nullable().describe('`mixed` for a parlay across sports.'),
    league: z.string().nullable(),
    source: z
      .object({ betId: z.number().int(), kind: z.enum(['tail', 'fade']) })
      .nullable()
      .describe('The bet this one tails or fades, if it does.'),
    legs: z.array(betLegShape).describe('A parlay\'s legs; empty for a straight bet.'),
  })
  .meta({ id: 'Bet' });

const streakShape = z
  .object({ kind: z.enum(['W', 'L']).nullable().describe('W for wins, L for losses; null before any.'), length: z.number().int() })
  .meta({ id: 'Streak' });

export const statsShape = z
  .object({
    userId: z.string().nullable().describe('The member; null for the whole server.'),
    period: periodShape,
    bets: z.number().int().describe('Settled bets counted (verified bets only).'),
    wins: z.number().int(),
    losses: z.number().int(),
    pushes: z.number().int(),
    voids: z.number().int(),
    winRate: z.number().nullable().describe('wins / (wins + losses); null without wins or losses.'),
    risked: z.number().describe('Units staked on bets that were not void.'),
    net: z.number(),
    roi: z.number().nullable().describe('net / risked; null when nothing was risked.'),
    currentStreak: streakShape,
    longestWinStreak: z.number().int(),
    longestLossStreak: z.number().int(),
    clv: z.number().nullable().describe('Average closing line value (fair price taken / fair closing price − 1); null when none is known.'),
    tailed: z.number().int().describe("Bets others placed tailing the member's bets; 0 for the whole server."),
    faded: z.number().int().describe("Bets others placed fading the member's bets; 0 for the whole server."),
  })
  .meta({ id: 'BettingStats' });

export const leaderboardShape = z
  .object({
    metric: z.enum(LEADERBOARD_METRICS).describe('What members are ranked by: net units, ROI, win rate or settled bets.'),
    period: periodShape,
    minBets: z.number().int().describe('Settled bets a member needs in the period to be ranked (the server setting leaderboardMinBets).'),
    entries: z.array(
      z
        .object({
          rank: z.number().int(),
          userId: z.string(),
          bets: z.number().int(),
          wins: z.number().int(),
          losses: z.number().int(),
          net: z.number(),
          risked: z.number(),
          roi: z.number().nullable(),
          winRate: z.number().nullable(),
        })
        .meta({ id: 'BettingLeaderboardEntry' }),
    ),
  })
  .meta({ id: 'BettingLeaderboard' });

export const capperShape = z
  .object({
    userId: z.string(),
    displayName: z.string().describe('How their bet slips are signed.'),
    imageUrl: z.string().nullable(),
    createdAt: iso,
  })
  .meta({ id: 'Capper' });

/** One pick of a bet or a parlay leg, as a request names it. */
export const pickShape = {
  gameId: z.number().int().positive().describe('A game from GET /games.'),
  market: marketShape,
  selection: selectionShape,
  line: z.number().nullable().optional().describe('The line of a totals or spreads pick (e.g. 2.5); leave out for h2h.'),
};
