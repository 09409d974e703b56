import { infoEmbed, type SafeEmbedBuilder } from 'dbsbm';
import type { BettingApi, LeaderboardMetric, LeaderboardRow, Period } from '../services/betting-api.ts';

export const METRIC_LABEL: Record<LeaderboardMetric, string> = { net: 'net units', roi: 'ROI', winrate: 'win rate', bets: 'bets settled' };

/** The live leaderboard message: the server's best, as `/leaderboard` ranks them, with when it was last updated. */
export function leaderboardEmbed(format: BettingApi['format'], metric: LeaderboardMetric, period: Period, rows: readonly LeaderboardRow[], at: number): SafeEmbedBuilder {
  const lines = rows.map((r) => `**${r.rank}.** <@${r.userId}> · ${format.signedUnits(r.net)} · ROI ${format.percent(r.roi)} · ${r.wins}-${r.losses} · ${r.bets} bets`);
  return infoEmbed(`Live leaderboard · ${METRIC_LABEL[metric]} · ${period === 'all' ? 'all time' : `this ${period}`}`, lines.join('\n') || 'Nobody is ranked in this period yet.')
    .setFooter({ text: 'Updated as bets settle' })
    .setTimestamp(at);
}
