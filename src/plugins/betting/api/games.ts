import type { BettingContext } from '../services/context.ts';

/** Games and prices the feed knows (ML reads these). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- methods are added as consumers move here
export interface BettingGamesApi {}

export function gamesApi(_ctx: BettingContext): BettingGamesApi {
  return {};
}
