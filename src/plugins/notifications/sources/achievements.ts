/** Settled-bet counts worth a note. */
export const MILESTONES = [10, 25, 50, 100, 250, 500, 1000] as const;
/** Winning runs worth a note. */
export const STREAKS = [3, 5, 10, 15, 20] as const;

/** What a member's settled records (in settling order) earned with the latest one. */
export function achievementsOf(records: readonly { betId: number; net: number }[]): { kind: 'milestone' | 'streak'; count: number }[] {
  const found: { kind: 'milestone' | 'streak'; count: number }[] = [];
  if ((MILESTONES as readonly number[]).includes(records.length)) found.push({ kind: 'milestone', count: records.length });
  let streak = 0;
  for (let i = records.length - 1; i >= 0 && records[i]!.net > 0; i--) streak++;
  if ((STREAKS as readonly number[]).includes(streak)) found.push({ kind: 'streak', count: streak });
  return found;
}
