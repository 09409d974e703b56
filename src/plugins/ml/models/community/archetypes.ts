/**
 * The member archetypes of the SIMULATED community and every parameter that drives them. These are invented
 * for the simulation (plausible, not fitted to any real guild); docs/ml.md (Community models) repeats them in a table.
 */

export const ARCHETYPES = ['casual', 'grinder', 'high-roller', 'parlay-lover', 'tout'] as const;
export type Archetype = (typeof ARCHETYPES)[number];

/** How one archetype bets. Each member draws its own rate and stake level around these. */
export interface ArchetypeParams {
  /** Share of the community with this archetype (the shares sum to 1). */
  share: number;
  /** Mean bets per day before weekly seasonality; a member's own mean is this × LogNormal(1, rateSigma). */
  betsPerDay: number;
  rateSigma: number;
  /** Exponent on the weekly profile: 0 = flat week, 1 = the profile as is, above 1 = more weekend-heavy. */
  seasonality: number;
  /** Median stake in units; a member's own median is this × LogNormal(1, 0.4), each bet LogNormal(that, stakeSigma). */
  stakeMedian: number;
  stakeSigma: number;
  /**
   * Straight-bet decimal odds: LogNormal(member median, oddsSigma), clipped to [1.15, 8], rounded to 2 dp; the
   * member median is oddsMedian × LogNormal(1, 0.1).
   */
  oddsMedian: number;
  oddsSigma: number;
  /**
   * Probability a bet is a parlay (a member's own: logistic(logit(this) + 0.5·N(0, 1))), and its number of legs
   * (uniform, inclusive).
   */
  parlayShare: number;
  parlayLegs: readonly [number, number];
  /**
   * Win probability of a straight selection is edge / decimal (a parlay: the product over legs). Below 1 is a
   * bookmaker's margin the bettor pays; above 1 is a real edge (only touts have one).
   */
  edge: number;
  /** How many sports the member follows (uniform, inclusive). */
  sports: readonly [number, number];
  /** Probability a member of this archetype churns during the simulated window. */
  churnProbability: number;
}

export const ARCHETYPE_PARAMS: Readonly<Record<Archetype, ArchetypeParams>> = {
  casual: {
    share: 0.4, betsPerDay: 0.6, rateSigma: 0.5, seasonality: 1.3, stakeMedian: 1, stakeSigma: 0.35,
    oddsMedian: 2.0, oddsSigma: 0.35, parlayShare: 0.12, parlayLegs: [2, 3], edge: 0.95, sports: [1, 2],
    churnProbability: 0.35,
  },
  grinder: {
    share: 0.15, betsPerDay: 4, rateSigma: 0.3, seasonality: 0.5, stakeMedian: 1, stakeSigma: 0.15,
    oddsMedian: 1.91, oddsSigma: 0.08, parlayShare: 0.02, parlayLegs: [2, 2], edge: 0.97, sports: [3, 4],
    churnProbability: 0.12,
  },
  'high-roller': {
    share: 0.12, betsPerDay: 1, rateSigma: 0.4, seasonality: 1, stakeMedian: 5, stakeSigma: 0.4,
    oddsMedian: 1.55, oddsSigma: 0.15, parlayShare: 0.05, parlayLegs: [2, 3], edge: 0.95, sports: [1, 2],
    churnProbability: 0.2,
  },
  'parlay-lover': {
    share: 0.18, betsPerDay: 1.5, rateSigma: 0.4, seasonality: 1.3, stakeMedian: 0.5, stakeSigma: 0.35,
    oddsMedian: 2.1, oddsSigma: 0.3, parlayShare: 0.8, parlayLegs: [3, 6], edge: 0.93, sports: [2, 3],
    churnProbability: 0.3,
  },
  tout: {
    share: 0.15, betsPerDay: 2.5, rateSigma: 0.25, seasonality: 0.8, stakeMedian: 2, stakeSigma: 0.2,
    oddsMedian: 2.3, oddsSigma: 0.2, parlayShare: 0.1, parlayLegs: [2, 3], edge: 1.03, sports: [1, 2],
    churnProbability: 0.1,
  },
};

/**
 * Relative betting volume Monday..Sunday (mean 1): weekends carry the big slates. A member's profile is this
 * raised to its archetype's `seasonality` and renormalised to mean 1.
 */
export const WEEKLY_PROFILE: readonly number[] = [0.75, 0.7, 0.85, 0.9, 1.0, 1.55, 1.25];

/** Sports and the teams the simulation bets on (invented short lists; any real-looking names are incidental). */
export const SPORT_TEAMS: Readonly<Record<string, readonly string[]>> = {
  soccer: ['Arsenal', 'Chelsea', 'Liverpool', 'Man City', 'Spurs', 'Newcastle'],
  basketball: ['Celtics', 'Lakers', 'Nuggets', 'Bucks', 'Knicks', 'Suns'],
  american_football: ['Chiefs', 'Eagles', 'Bills', '49ers', 'Cowboys', 'Ravens'],
  ice_hockey: ['Bruins', 'Oilers', 'Rangers', 'Avalanche', 'Panthers', 'Stars'],
  tennis: ['Player A', 'Player B', 'Player C', 'Player D', 'Player E', 'Player F'],
};

/** A member's weekly multiplier for each day (Monday first), mean 1. */
export function weeklyMultipliers(seasonality: number): number[] {
  const raised = WEEKLY_PROFILE.map((v) => v ** seasonality);
  const mean = raised.reduce((a, b) => a + b, 0) / raised.length;
  return raised.map((v) => v / mean);
}
