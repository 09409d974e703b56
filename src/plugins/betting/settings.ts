import { z } from 'zod';

/** Per-server settings of the betting plugin (`/settings set plugin:betting key:… value:…`). */
export const bettingSettings = z.object({
  minUnits: z.number().positive().max(1000).default(0.1).describe('Smallest stake, in units'),
  maxUnits: z.number().positive().max(1000).default(10).describe('Largest stake, in units'),
  oddsFormat: z.enum(['american', 'decimal', 'fractional']).default('american').describe('How prices are shown'),
  leaderboardMinBets: z.number().int().min(1).max(10_000).default(20).describe('Settled bets needed to be ranked'),
  maxOpenBets: z.number().int().min(1).max(10_000).nullable().default(null).describe("Open bets per member (null: the tier's cap)"),
  priceTolerance: z.number().min(0).max(50).default(3).describe("How far a member's stated price may be from the market, in implied-probability points"),
  resultsChannel: z.string().regex(/^\d{5,25}$/, 'must be a channel id').nullable().default(null).describe('Channel where final scores and graded bets are posted (null: none)'),
  slipsChannel: z.string().regex(/^\d{5,25}$/, 'must be a channel id').nullable().default(null).describe('Channel whose bet slips are edited with the result when they settle (null: slips placed anywhere)'),
  allowUnverifiedPrices: z.boolean().default(false).describe('Store bets priced outside the tolerance as unverified (they never count in records) instead of refusing them'),
})
  // A rule across settings: the core checks it against the settings as they would be after a change.
  .refine((s) => s.minUnits <= s.maxUnits, { message: 'minUnits must not be more than maxUnits', path: ['minUnits'] });
export type BettingSettings = z.output<typeof bettingSettings>;

/** Options of the plugin in plugins.config.ts. */
export const bettingOptions = z.object({
  /** Open bets a member may have at once, by tier; a server can only lower it. */
  openBetCaps: z
    .object({ free: z.number().int().min(1), premium: z.number().int().min(1), platinum: z.number().int().min(1) })
    .default({ free: 10, premium: 50, platinum: 200 }),
  /** Where games and prices come from. */
  feed: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('none') }),
      z.object({
        kind: z.literal('replay'),
        file: z.string().optional(),
        speed: z.number().positive().default(600),
        limit: z.number().int().positive().optional(),
        leadMinutes: z.number().positive().default(60),
        /** Keep at least this many games open to bet on at every moment (see ReplayFeedOptions.minUpcoming). */
        minUpcoming: z.number().int().min(1).max(50).optional(),
        /** Replay the season again after it ends, forever. */
        loop: z.boolean().default(false),
      }),
      z.object({ kind: z.literal('odds-api'), apiKey: z.string().min(10), sports: z.array(z.string()).min(1), baseUrl: z.url().optional() }),
    ])
    .default({ kind: 'none' }),
});
export type BettingOptions = z.output<typeof bettingOptions>;
