/**
 * The words trackers use for a bet's result and type, mapped to the betting plugin's.
 */

import type { BetType } from '../entities/bet.ts';
import { IMPORT_RESULTS, type ImportResult } from '../services/import.ts';

const RESULT_WORDS: Readonly<Record<ImportResult | 'pending', readonly string[]>> = {
  won: ['won', 'win', 'w', 'winner', 'settled win', 'settled won'],
  lost: ['lost', 'loss', 'l', 'lose', 'loser', 'settled loss', 'settled lost'],
  push: ['push', 'p', 'pushed', 'tie', 'draw no bet', 'dnb', 'settled push'],
  void: ['void', 'voided', 'cancelled', 'canceled', 'refund', 'refunded', 'no action', 'settled void'],
  'half-won': ['half-won', 'half won', 'half win', 'half-win', 'hw'],
  'half-lost': ['half-lost', 'half lost', 'half loss', 'half-loss', 'hl'],
  pending: ['pending', 'open', 'live', 'unsettled', 'ungraded', 'active', 'in progress'],
};

const TYPE_WORDS: Readonly<Record<BetType, readonly string[]>> = {
  game_line: ['straight', 'single', 'game line', 'moneyline', 'spread', 'total', 'straight bet'],
  player_prop: ['prop', 'player prop', 'props'],
  parlay: ['parlay', 'accumulator', 'acca', 'multi', 'multiple', 'combo', 'same game parlay', 'sgp'],
};

const lookup = <K extends string>(words: Readonly<Record<K, readonly string[]>>): Map<string, K> =>
  new Map(Object.entries<readonly string[]>(words).flatMap(([key, list]) => list.map((w) => [w, key as K] as const)));

const RESULTS = lookup(RESULT_WORDS);
const TYPES = lookup(TYPE_WORDS);

/** The list shown when a result is not understood. */
export const RESULT_CHOICES = IMPORT_RESULTS.join(', ');
export const TYPE_CHOICES = 'straight, prop, parlay';

// `SETTLED_WIN` and `Half_Won` read like the plain words.
const normalise = (text: string): string => text.trim().toLowerCase().replace(/_/g, ' ').replace(/\s+/g, ' ');

/** The result a cell names, `pending` for an unsettled bet, or undefined when the word is not known. */
export function readResult(text: string): ImportResult | 'pending' | undefined {
  return RESULTS.get(normalise(text));
}

/** The bet type a cell names, or undefined when the word is not known. */
export function readBetType(text: string): BetType | undefined {
  return TYPES.get(normalise(text));
}
