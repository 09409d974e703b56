import { z } from 'zod';

/** Milliseconds in a day; community models count activity in whole days since an origin. */
export const DAY_MS = 86_400_000;

/**
 * One bet as the community models read it: a flattened view of a bet as the betting plugin's API gives it, plus the
 * kick-off of its game (for a parlay, the earliest leg's) and the team picked. The simulation produces exactly
 * this shape, so the code that trains on simulated members runs unchanged on a real guild's bets.
 */
export const communityBetSchema = z.object({
  id: z.number().int(),
  /** The member's Discord user id (the bot's `userId`). */
  memberId: z.string().min(1),
  /** When the bet was placed, epoch ms. */
  placedAt: z.number(),
  /** Kick-off of the game, epoch ms; null when unknown (player props without a game, imported bets). */
  startTime: z.number().nullable(),
  /** Stake in units. */
  units: z.number().nonnegative(),
  decimal: z.number().gt(1),
  /** 'pending' covers the bot's open statuses (pending, live); cancelled bets should not be passed at all. */
  result: z.enum(['won', 'lost', 'push', 'void', 'pending']),
  /** Net units once settled, null while open. */
  net: z.number().nullable(),
  sport: z.string().nullable(),
  /** The team picked; null for a parlay, a total or a prop. */
  team: z.string().nullable(),
  type: z.enum(['game_line', 'player_prop', 'parlay']),
});
export type CommunityBet = z.infer<typeof communityBetSchema>;

/** Validates bets coming from outside (the plugin's queries), so a bad row fails loudly with its index. */
export function parseCommunityBets(input: unknown): CommunityBet[] {
  return z.array(communityBetSchema).parse(input);
}

/** Groups bets by member, each member's bets sorted oldest first (ties by id, so the order is stable). */
export function betsByMember(bets: readonly CommunityBet[]): Map<string, CommunityBet[]> {
  const out = new Map<string, CommunityBet[]>();
  for (const bet of bets) {
    const list = out.get(bet.memberId);
    if (list) list.push(bet);
    else out.set(bet.memberId, [bet]);
  }
  for (const list of out.values()) list.sort((a, b) => a.placedAt - b.placedAt || a.id - b.id);
  return out;
}
