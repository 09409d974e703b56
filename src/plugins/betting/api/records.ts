import type { BettingContext } from '../services/context.ts';

/** Settled records and bets of a server, a member or a period (analytics reads these). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- methods are added as consumers move here
export interface BettingRecordsApi {}

export function recordsApi(_ctx: BettingContext): BettingRecordsApi {
  return {};
}
