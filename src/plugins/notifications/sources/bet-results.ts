import type { EventPayload } from 'dbsbm';
import type { NotificationsContext } from '../services/context.ts';
import { raiseNow } from '../services/raise-now.ts';
import { achievementsOf } from './achievements.ts';

const VERB = { won: 'won', lost: 'lost', push: 'was a push', void: 'was void' } as const;

const units = (n: number): string => `${n > 0 ? '+' : ''}${n.toFixed(2)} u`;

/** A settled bet: its result to the member, then any milestone, winning run or top-3 place it brought. */
export async function onBetSettled(ctx: NotificationsContext, e: EventPayload<'bet.settled'>, now = Date.now()): Promise<void> {
  const betting = ctx.use('betting');
  await raiseNow(ctx, {
    guildId: e.guildId,
    to: { userIds: [e.userId] },
    type: 'bet_result',
    key: `bet:${e.betId}:${e.result}:${e.net}`,
    title: `Your bet #${e.betId} ${VERB[e.result]} (${units(e.net)})`,
    body: e.result === 'won' ? 'Nice one. Your record and the leaderboard are updated.' : 'Your record and the leaderboard are updated.',
    fields: [
      { name: 'Result', value: e.result },
      { name: 'Net', value: units(e.net) },
    ],
  });
  if (e.result !== 'won') return;
  const records = await betting.settledRecords(e.guildId, e.userId);
  for (const a of achievementsOf(records)) {
    await raiseNow(ctx, {
      guildId: e.guildId,
      to: { userIds: [e.userId] },
      type: 'achievement',
      key: `${a.kind}:${a.count}:${e.betId}`,
      title: a.kind === 'streak' ? `${a.count} wins in a row!` : `${a.count} settled bets`,
      body: a.kind === 'streak' ? `Bet #${e.betId} made it ${a.count} straight wins.` : `You have now settled ${a.count} bets in this server.`,
    });
  }
  const top = await betting.leaderboard(e.guildId, 'net', 'month', now, 3);
  const place = top.find((r) => r.userId === e.userId);
  if (place) {
    const month = new Date(now).toISOString().slice(0, 7);
    await raiseNow(ctx, {
      guildId: e.guildId,
      to: { userIds: [e.userId] },
      type: 'achievement',
      key: `leaderboard:${month}:${place.rank}`,
      title: `You are #${place.rank} on this month's leaderboard`,
      body: `${units(place.net)} from ${place.bets} bets this month.`,
    });
  }
}
