import { z } from 'zod';
import { demargin, demarginTwoWay, overround } from './demargin.ts';
import type { PreMatchInfo } from './rating-state.ts';

/** Opening prices of a fixture, as the CSV and the bot's odds snapshots give them. */
export interface OpeningPrices {
  home: number;
  draw: number;
  away: number;
  over25?: number;
  under25?: number;
}

/** Rest is capped: beyond two weeks more days say nothing new (and off-season breaks would dominate). */
export const REST_CAP_DAYS = 14;
/** Matches after which a rating counts as fully "experienced" (one long season). */
export const EXPERIENCE_GAMES = 38;
/** Neutral form for a team with no results yet: about the average points per match in these leagues. */
const NEUTRAL_FORM_POINTS = 1.4;

/** Names of the numeric features, in vector order, before the league one-hot columns. */
export const BASE_FEATURE_NAMES = [
  'market_home',
  'market_draw',
  'market_away',
  'market_log_home_over_away',
  'market_overround',
  'market_over25',
  'elo_diff',
  'elo_expected_home',
  'elo_minus_market',
  'home_form_points',
  'away_form_points',
  'home_form_goal_diff',
  'away_form_goal_diff',
  'home_rest_days',
  'away_rest_days',
  'home_experience',
  'away_experience',
] as const;

/** Full feature names: the base features, then `league=<key>` for each league of the one-hot encoding. */
export function featureNames(leagues: readonly string[]): string[] {
  return [...BASE_FEATURE_NAMES, ...leagues.map((l) => `league=${l}`)];
}

/**
 * The model input for one fixture, from pre-match information and opening prices only.
 * Missing values (no form yet, first match, no over/under book) become neutral values; the experience
 * features tell the network how much to trust the ratings and form.
 *
 * @param info - from {@link RatingState.preMatch}
 * @param open - opening prices
 * @param leagues - league keys of the one-hot encoding (an unknown league gets all zeros)
 */
export function featureVector(info: PreMatchInfo, open: OpeningPrices, leagues: readonly string[]): number[] {
  const market = demargin(open);
  const over25 = demarginTwoWay(open.over25, open.under25) ?? 0.5;
  // The rating gap (home advantage included) in 400-point units, recovered from the expected score.
  const eloDiff = Math.log10(info.eloExpectedHome / (1 - info.eloExpectedHome));
  const marketExpectedHome = market.home + 0.5 * market.draw;
  const rest = (d: number | null): number => Math.min(d ?? REST_CAP_DAYS, REST_CAP_DAYS);
  const experience = (g: number): number => Math.min(g, EXPERIENCE_GAMES) / EXPERIENCE_GAMES;
  const base = [
    market.home,
    market.draw,
    market.away,
    Math.log(market.home / market.away),
    overround(open),
    over25,
    eloDiff,
    info.eloExpectedHome,
    info.eloExpectedHome - marketExpectedHome,
    info.home.formPoints ?? NEUTRAL_FORM_POINTS,
    info.away.formPoints ?? NEUTRAL_FORM_POINTS,
    info.home.formGoalDiff ?? 0,
    info.away.formGoalDiff ?? 0,
    rest(info.home.restDays),
    rest(info.away.restDays),
    experience(info.home.games),
    experience(info.away.games),
  ];
  return [...base, ...leagues.map((l) => (l === info.league ? 1 : 0))];
}

/** Per-feature centring and scaling, fitted on the training rows and stored in the artefact. */
export const scalingSchema = z.object({ mean: z.array(z.number()), std: z.array(z.number()) });
export type Scaling = z.infer<typeof scalingSchema>;

/**
 * Mean and standard deviation of each column over `rows`. One-hot columns (from `firstIdentity` on) are
 * left as they are (mean 0, std 1) so a league's indicator stays 0/1.
 */
export function fitScaling(rows: readonly number[][], firstIdentity: number): Scaling {
  const width = rows[0]?.length ?? 0;
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(1);
  for (let c = 0; c < Math.min(width, firstIdentity); c++) {
    let sum = 0;
    for (const r of rows) sum += r[c];
    const m = sum / rows.length;
    let sq = 0;
    for (const r of rows) sq += (r[c] - m) ** 2;
    const s = Math.sqrt(sq / rows.length);
    mean[c] = m;
    std[c] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

/** Applies a {@link Scaling}: (x − mean) / std, column by column. */
export function applyScaling(row: readonly number[], scaling: Scaling): number[] {
  return row.map((x, c) => (x - scaling.mean[c]) / scaling.std[c]);
}
