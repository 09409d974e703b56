import { z } from 'zod';

/** Per-server settings of the betting plugin (`/settings set plugin:betting key:… value:…`). */
export const bettingSettings = z.object({
  minUnits: z.number().positive().max(1000).default(0.1).describe('Smallest stake, in units'),
  maxUnits: z.number().positive().max(1000).default(10).describe('Largest stake, in units'),
  oddsFormat: z.enum(['american', 'decimal', 'fractional']).default('american').describe('How prices are shown'),
  leaderboardMinBets: z.number().int().min(1).max(10_000).default(20).describe('Settled bets needed to be ranked'),
  maxOpenBets: z.number().int().min(1).max(10_000).nullable().default(null).describe("Open bets per member (null: the tier's cap)"),
});
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
      }),
      z.object({ kind: z.literal('odds-api'), apiKey: z.string().min(10), sports: z.array(z.string()).min(1), baseUrl: z.url().optional() }),
    ])
    .default({ kind: 'none' }),
});
export type BettingOptions = z.output<typeof bettingOptions>;
