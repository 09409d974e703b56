/**
 * Where a member's open bets are concentrated, by team and by sport, and gentle suggestions when too much rides
 * on one of them.
 */

import { z } from 'zod';
import { share, units } from './wording.ts';

/**
 * An open bet and what it depends on. A parlay lists one leg per selection: the whole stake is lost if any leg
 * loses, so the full stake counts as exposure to every team and sport in it.
 */
export const OpenBetSchema = z.object({
  betId: z.union([z.string().min(1), z.number().int()]),
  /** Stake in units. */
  units: z.number().gt(0),
  legs: z.array(z.object({ team: z.string().nullable(), sport: z.string().nullable() })).min(1),
});
export type OpenBet = z.input<typeof OpenBetSchema>;

/** Options of {@link rebalanceSuggestions}. */
export const RebalanceOptionsSchema = z.object({
  /** Share of open exposure above which a team or sport gets a suggestion. @default 0.4 */
  maxShare: z.number().gt(0).max(1).default(0.4),
  /** Exposure below this many units is too small to comment on. @default 3 */
  minTotalUnits: z.number().min(0).default(3),
  /** With fewer open bets than this, one bet is trivially a large share; say nothing. @default 3 */
  minOpenBets: z.number().int().min(1).default(3),
});
export type RebalanceOptions = z.input<typeof RebalanceOptionsSchema>;

/** Units at risk on one team or sport. */
export interface ExposureEntry {
  name: string;
  units: number;
  /** units / total open units. Shares of different teams can add up to more than 1 because of parlays. */
  share: number;
  bets: number;
}

/** Open exposure, largest first in each list. */
export interface Exposure {
  totalUnits: number;
  openBets: number;
  byTeam: ExposureEntry[];
  bySport: ExposureEntry[];
}

/** A concentration worth mentioning, with the member-facing wording. */
export interface RebalanceSuggestion {
  kind: 'team' | 'sport';
  name: string;
  units: number;
  share: number;
  message: string;
}

/**
 * Units at risk by team and by sport over open bets. Names are grouped ignoring case and surrounding spaces
 * (the first spelling seen is kept); legs without a team or sport are left out of that list but still count in
 * the total.
 * @throws ZodError when a bet is malformed.
 */
export function exposure(openBets: readonly OpenBet[]): Exposure {
  const bets = z.array(OpenBetSchema).parse(openBets);
  const totalUnits = bets.reduce((sum, bet) => sum + bet.units, 0);
  const group = (pick: (leg: { team: string | null; sport: string | null }) => string | null): ExposureEntry[] => {
    const entries = new Map<string, ExposureEntry>();
    for (const bet of bets) {
      // A parlay with two legs on the same team risks its stake once on that team, not twice.
      const keys = new Map<string, string>();
      for (const leg of bet.legs) {
        const name = pick(leg)?.trim();
        if (name) keys.set(name.toLowerCase(), keys.get(name.toLowerCase()) ?? name);
      }
      for (const [key, name] of keys) {
        const entry = entries.get(key) ?? { name, units: 0, share: 0, bets: 0 };
        entry.units += bet.units;
        entry.bets += 1;
        entries.set(key, entry);
      }
    }
    return [...entries.values()]
      .map((entry) => ({ ...entry, share: totalUnits > 0 ? entry.units / totalUnits : 0 }))
      .sort((a, b) => b.units - a.units || a.name.localeCompare(b.name));
  };
  return { totalUnits, openBets: bets.length, byTeam: group((leg) => leg.team), bySport: group((leg) => leg.sport) };
}

/**
 * Suggestions for every team or sport holding more than `maxShare` of open exposure, once there are at least
 * `minOpenBets` open bets worth at least `minTotalUnits` together. The advice is only ever to hold back new bets
 * there; it never suggests staking more elsewhere to even things out, which would raise total risk.
 * @throws ZodError when a bet or the options are malformed.
 * @example
 * rebalanceSuggestions(openBets).suggestions[0]?.message
 * // "45% of your open exposure (4.50 of 10.00 units) rides on Arsenal. Consider holding off on new bets involving Arsenal until some of these settle."
 */
export function rebalanceSuggestions(openBets: readonly OpenBet[], options: RebalanceOptions = {}): { exposure: Exposure; suggestions: RebalanceSuggestion[] } {
  const { maxShare, minTotalUnits, minOpenBets } = RebalanceOptionsSchema.parse(options);
  const open = exposure(openBets);
  if (open.openBets < minOpenBets || open.totalUnits < minTotalUnits) return { exposure: open, suggestions: [] };

  const suggestions: RebalanceSuggestion[] = [];
  for (const [kind, entries] of [['team', open.byTeam], ['sport', open.bySport]] as const) {
    for (const entry of entries) {
      // A hair of slack so a share that is exactly the threshold, give or take float error, is not flagged.
      if (!(entry.share > maxShare + 1e-9)) continue;
      const what = kind === 'team' ? `bets involving ${entry.name}` : `${entry.name} bets`;
      suggestions.push({
        kind,
        name: entry.name,
        units: entry.units,
        share: entry.share,
        message: `${share(entry.share)} of your open exposure (${entry.units.toFixed(2)} of ${units(open.totalUnits)}) rides on ${entry.name}. Consider holding off on new ${what} until some of these settle.`,
      });
    }
  }
  return { exposure: open, suggestions };
}
