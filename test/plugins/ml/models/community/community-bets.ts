import type { CommunityBet } from '../../../../../src/plugins/ml/models/community/community-bet.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const ORIGIN = Date.UTC(2024, 0, 1);

/**
 * A constructed history for tests: one bet a day from ORIGIN at 18:00, kick-off two hours later, 1 u at 1.9,
 * alternating won/lost, unless `overrides` says otherwise for bet i.
 */
export function history(memberId: string, count: number, overrides: (i: number) => Partial<CommunityBet> = () => ({}), firstId = 1): CommunityBet[] {
  return Array.from({ length: count }, (_, i) => {
    const placedAt = ORIGIN + i * DAY + 18 * HOUR;
    const base: CommunityBet = {
      id: firstId + i, memberId, placedAt, startTime: placedAt + 2 * HOUR, units: 1, decimal: 1.9,
      result: i % 2 === 0 ? 'won' : 'lost', net: i % 2 === 0 ? 0.9 : -1, sport: 'soccer', team: 'Arsenal', type: 'game_line',
    };
    return { ...base, ...overrides(i) };
  });
}
