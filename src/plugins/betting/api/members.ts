import type { BettingContext } from '../services/context.ts';

/** A member's open bets and the limits in force, exactly as placement enforces them. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- methods are added as consumers move here
export interface BettingMembersApi {}

export function membersApi(_ctx: BettingContext): BettingMembersApi {
  return {};
}
