/**
 * The members and the bet-result notification of `bench/notifications.ts`, shared by DBSBM and its baselines so both
 * send the same words to the same people.
 */
import { performance } from 'node:perf_hooks';
import type { OutgoingNotification } from '../../src/plugins/notifications/channels/types.ts';
import { DEMO } from '../../src/core/local/demo-world.ts';

export const BENCH_GUILD = DEMO.guildId;
export const LINK_SECRET = 'bench-notifications-secret-0123456789-abcdef';
export const PUBLIC_URL = 'http://bot.example';
export const MAIL_FROM = 'DBSBM <bot@example.com>';

/** Epoch ms with sub-millisecond resolution: the clock the bench and its peers' process both read. */
export const now = (): number => performance.timeOrigin + performance.now();

/** The Discord id of member `i` (0-based); far from the demo world's ids. */
export const memberId = (i: number): string => String(1_200_000_000_000_000_000n + BigInt(i));

export const memberEmail = (i: number): string => `member${i}@bench.example`;

/** The words of member `i`'s bet result, as the betting source writes them (sources/bet-results.ts). */
export function betResult(i: number): { key: string; title: string; body: string; fields: { name: string; value: string }[] } {
  const betId = 100_000 + i;
  return {
    key: `bet:${betId}:won:1.5`,
    title: `Your bet #${betId} won (+1.50 u)`,
    body: 'Nice one. Your record and the leaderboard are updated.',
    fields: [
      { name: 'Result', value: 'won' },
      { name: 'Net', value: '+1.50 u' },
    ],
  };
}

/** Member `i`'s bet result as a channel adapter is handed it (for the baselines, which render it themselves). */
export function outgoing(i: number, id: number): OutgoingNotification {
  const { title, body, fields } = betResult(i);
  return { id, guildId: BENCH_GUILD, userId: memberId(i), type: 'bet_result', title, body, fields, url: null, critical: false, createdAt: Date.now() };
}
