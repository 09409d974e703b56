import type { RefusalSpec } from 'dbsbm';

/**
 * Betting's own refusal codes (beside the core's INVALID_INPUT, NOT_ALLOWED and LIMIT_REACHED, which betting also throws). API
 * clients see these codes, so they keep the names they had before refusals were unified. Listed in
 * docs/refusals.md.
 */
export const BETTING_REFUSALS = {
  UNITS_OUT_OF_RANGE: { title: 'Stake out of range', status: 400, description: "The stake is outside the server's minimum and maximum units." },
  BAD_ODDS: { title: 'Those odds do not look right', status: 400, description: 'The odds given cannot be read (or are not a real price), or there is no current price to take.' },
  GAME_NOT_FOUND: { title: 'Game not found', status: 404, description: 'The game does not exist, or was not picked from the list.' },
  GAME_STARTED: { title: 'Betting is closed for that game', status: 409, description: 'The game has kicked off (or is over, postponed or cancelled): bets on it are closed and its bets can no longer be cancelled.' },
  BAD_SELECTION: { title: 'That pick is not available', status: 400, description: 'The selection is not one of the market, needs a line, has no price yet, or cannot be tailed or faded.' },
  OPEN_BET_CAP: { title: 'Too many open bets', status: 429, description: "The member already has the most open bets the server (or its tier) allows." },
  COOLING_OFF: { title: 'You are taking a break', status: 403, description: 'The member chose a cooling-off period with /limits; no bets until it ends.' },
  SELF_EXCLUDED: { title: 'You are self-excluded', status: 403, description: 'The member excluded themselves from betting in this server with /limits.' },
  BET_NOT_FOUND: { title: 'Bet not found', status: 404, description: 'There is no bet with that number in this server.' },
  NOT_YOUR_BET: { title: 'Not your bet', status: 403, description: 'Only the member who placed a bet can cancel it.' },
  ALREADY_SETTLED: { title: 'That bet is already settled', status: 409, description: 'The bet is graded (or cancelled) and locked, so records can be trusted; a server manager can regrade it with /bet regrade and a reason.' },
  NOT_SETTLED: { title: 'That bet is not settled yet', status: 409, description: 'Only a settled bet can be regraded; grade an open one with /bet grade.' },
  PRICE_OFF_MARKET: { title: 'That price is far from the market', status: 409, description: "The stated price is further from the market's current price than the server's tolerance allows (or there is no market price to check it against); nothing was stored." },
  GRADE_TOO_EARLY: { title: 'Too early to grade', status: 409, description: "The bet's game has not started yet, so its result cannot be known." },
  UNSAFE_TEXT: { title: 'That text has hidden characters', status: 400, description: 'A name or label contains a control, invisible or text-direction character that could disguise what it says.' },
  TOO_FEW_LEGS: { title: 'A parlay has 2 to 10 legs', status: 400, description: 'A parlay was given fewer than 2 or more than 10 legs.' },
  DUPLICATE_LEG: { title: 'One leg per game', status: 400, description: 'Two legs of a parlay are on the same game.' },
  BAD_LIMIT: { title: 'That limit does not look right', status: 400, description: 'A unit limit or cooling-off period given to /limits is out of range.' },
  PARLAY_BUILDER_EXPIRED: { title: 'Parlay builder expired', status: 410, description: 'The parlay builder was left for more than 15 minutes; start again with /bet parlay.' },
  IMPORT_BAD_OPTIONS: { title: 'Import options not valid', status: 400, description: 'An option of /bet import (time zone, odds format) is not valid.' },
  IMPORT_FILE_TOO_LARGE: { title: 'File too large', status: 413, description: 'The file to import is over 5 MB.' },
  IMPORT_TOO_MANY_ROWS: { title: 'Too many rows', status: 413, description: 'The file to import has more than 20,000 rows.' },
  IMPORT_EMPTY_FILE: { title: 'The file is empty', status: 400, description: 'The file to import has no header row, or no bets under it.' },
  IMPORT_UNREADABLE_CSV: { title: 'Not a readable CSV file', status: 400, description: 'The file to import cannot be read as CSV.' },
  IMPORT_MISSING_COLUMNS: { title: 'Columns missing', status: 400, description: 'The file to import has no column for something every bet needs (date, odds, stake, result).' },
  IMPORT_FILE_UNREACHABLE: { title: 'Could not read the file', status: 502, description: 'Discord did not hand over the attached file; attach it again.' },
} as const satisfies Record<string, RefusalSpec>;

/** A code betting throws: its own, or the core's that fit (a code is declared once in the app). */
export type BettingRefusalCode = keyof typeof BETTING_REFUSALS | 'INVALID_INPUT' | 'NOT_ALLOWED' | 'LIMIT_REACHED';
