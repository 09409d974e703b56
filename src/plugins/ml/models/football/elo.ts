import { z } from 'zod';

/** Parameters of the per-league Elo ratings. Stored in the artefact so predictions use the fitted values. */
export const eloParamsSchema = z.object({
  /** Rating of a team in a league's first season (and the centre ratings regress towards). */
  initial: z.number(),
  /** Step size of an update for a one-goal result. */
  k: z.number().positive(),
  /** Rating points added to the home side when computing its expected score. */
  homeAdvantage: z.number(),
  /** Share of the distance from `initial` a rating keeps across an off-season break (1 = no regression). */
  offSeasonCarry: z.number().min(0).max(1),
  /** A break longer than this many days between a team's matches counts as an off-season. */
  offSeasonGapDays: z.number().positive(),
  /**
   * Rating given to a team first seen in an established league (relative to `initial`): newcomers are then
   * mostly promoted sides, weaker than the league's average.
   */
  newcomerOffset: z.number(),
  /**
   * A league counts as established this many days after its first recorded match; before that (the data's
   * first season, or a cold start on a single file) every team is new and starts at `initial`.
   */
  establishedAfterDays: z.number().nonnegative(),
});
export type EloParams = z.infer<typeof eloParamsSchema>;

/**
 * Chosen on the fit seasons only (2010-11 .. 2021-22 scored, 2009-10 as warm-up) by a small grid over k,
 * home advantage, carry and newcomer offset, minimising the log-loss of the Elo expected home score against
 * the actual score (1 / 0.5 / 0). The optimum is flat: k 10-15 and home advantage 55-65 are within 0.0005.
 */
export const DEFAULT_ELO_PARAMS: EloParams = {
  initial: 1500,
  k: 12,
  homeAdvantage: 55,
  offSeasonCarry: 0.85,
  offSeasonGapDays: 60,
  newcomerOffset: -80,
  establishedAfterDays: 180,
};

/**
 * Expected score of the home side (win = 1, draw = 0.5), the standard logistic Elo curve on a 400-point scale.
 *
 * @param home - home rating
 * @param away - away rating
 * @param homeAdvantage - points added to the home rating
 */
export function eloExpectedHome(home: number, away: number, homeAdvantage: number): number {
  return 1 / (1 + 10 ** (-(home + homeAdvantage - away) / 400));
}

/**
 * Multiplier for the margin of victory (as in the World Football Elo ratings, log form): a 3-0 moves ratings
 * more than a 1-0, but with diminishing returns.
 */
export function goalDiffMultiplier(goalDiff: number): number {
  return goalDiff === 0 ? 1 : 1 + Math.log(Math.abs(goalDiff));
}

/**
 * Rating change of the home side after a result; the away side changes by the opposite amount (zero-sum).
 *
 * @param expectedHome - the home side's expected score before the match
 * @param ftHome - home goals
 * @param ftAway - away goals
 * @param k - step size
 */
export function eloDelta(expectedHome: number, ftHome: number, ftAway: number, k: number): number {
  const score = ftHome > ftAway ? 1 : ftHome === ftAway ? 0.5 : 0;
  return k * goalDiffMultiplier(ftHome - ftAway) * (score - expectedHome);
}
