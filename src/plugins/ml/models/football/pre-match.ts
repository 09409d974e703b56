import type { FootballMatch } from 'dbsbm/datasets';
import { DEFAULT_ELO_PARAMS, type EloParams } from './elo.ts';
import { RatingState, type PreMatchInfo } from './rating-state.ts';

/** A match with what was known about it before kick-off. */
export interface MatchWithPreMatch {
  match: FootballMatch;
  info: PreMatchInfo;
}

/** What {@link extractPreMatch} returns: one entry per match in kick-off order, and the state after all. */
export interface PreMatchExtraction {
  rows: MatchWithPreMatch[];
  /** Ratings after recording every match: the end-of-data ratings an artefact ships. */
  state: RatingState;
}

/**
 * Walks matches in kick-off order and attaches to each the ratings, form and rest known before it.
 *
 * The leakage rule: matches are taken in groups sharing one kick-off instant; every match of a group is
 * described first, and only then are the group's results recorded. So a match never sees its own result,
 * nor that of a match played at the same time, nor anything later. Matches with an impossible book are
 * described and recorded too (their results are real; only their prices are not), callers skip them.
 *
 * Pure: the input is not modified and the starting state (if given) is copied, not mutated.
 *
 * @param matches - any order; sorted here by kick-off, stable for equal times
 * @param start - ratings known before the first match (default: none)
 * @param params - Elo parameters when no start state is given
 */
export function extractPreMatch(
  matches: readonly FootballMatch[],
  start?: RatingState,
  params: EloParams = DEFAULT_ELO_PARAMS,
): PreMatchExtraction {
  const state = start ? start.clone() : RatingState.empty(params);
  const sorted = matches
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.date.getTime() - b.m.date.getTime() || a.i - b.i)
    .map(({ m }) => m);
  const rows: MatchWithPreMatch[] = [];
  for (let i = 0; i < sorted.length; ) {
    const at = sorted[i].date.getTime();
    let j = i;
    while (j < sorted.length && sorted[j].date.getTime() === at) j += 1;
    const group = sorted.slice(i, j);
    for (const match of group) rows.push({ match, info: state.preMatch(match) });
    for (const match of group) state.record(match);
    i = j;
  }
  return { rows, state };
}
