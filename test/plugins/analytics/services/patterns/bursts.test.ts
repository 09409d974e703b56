import test from 'ava';
import { findBursts } from '../../../../../src/plugins/analytics/services/patterns/bursts.ts';
import { detectPatterns, type HistoryBet } from '../../../../../src/plugins/analytics/services/patterns/index.ts';
import { DAY, HOUR, MINUTE, NOW, makeBet, variedHistory } from './history-fixtures.ts';

/** Twenty betting days at 14:00 UTC; on the first `burstDays`, six bets `gapMinutes` apart, otherwise one bet. */
function rapidFire(burstDays: number, gapMinutes: number, days = 20): HistoryBet[] {
  const bets: HistoryBet[] = [];
  for (let d = 0; d < days; d++) {
    const start = Math.floor((NOW - (days - d) * DAY) / DAY) * DAY + 14 * HOUR;
    const count = d < burstDays ? 6 : 1;
    for (let k = 0; k < count; k++) bets.push(makeBet(start + k * gapMinutes * MINUTE, { team: `Team ${k}` }));
  }
  return bets;
}

const find = (bets: HistoryBet[]) => detectPatterns(bets, { timeZone: 'UTC', now: NOW }).find((p) => p.type === 'burst');

test('six bets in minutes on most betting days is a burst pattern with high confidence', (t) => {
  const pattern = find(rapidFire(15, 1));
  if (!pattern) return t.fail('no burst pattern');
  t.true(pattern.confidence > 0.8);
  t.true(pattern.harmful);
  t.like(pattern.data, { bursts: 15, burstDays: 15, activeDays: 20, largestBurst: 6 });
  t.is(pattern.summary, 'On 15 of your 20 betting days you placed 5 or more bets within 10 minutes (15 times in all, up to 6 bets at once).');
});

test('the same bets spread a quarter of an hour apart are no burst', (t) => {
  t.is(find(rapidFire(15, 15)), undefined);
});

test('a member who bets a few times a day is no burst', (t) => {
  for (let seed = 1; seed <= 20; seed++) t.is(find(variedHistory(seed)), undefined, `seed ${seed}`);
});

test('a single burst is not a pattern', (t) => {
  t.is(find(rapidFire(1, 1)), undefined);
});

test('a long spree counts as consecutive bursts', (t) => {
  // Twelve bets two minutes apart: 0–10 min is one burst of six, 12–22 min another.
  const times = Array.from({ length: 12 }, (_, i) => i * 2 * MINUTE);
  t.deepEqual(findBursts(times), [
    { startedAt: 0, bets: 6 },
    { startedAt: 12 * MINUTE, bets: 6 },
  ]);
  t.deepEqual(findBursts(times.slice(0, 4)), []);
});

test('bursts in a short history give low confidence', (t) => {
  // The fewest bets two bursts can have: five on each of two days.
  const bets = [0, 1].flatMap((d) => Array.from({ length: 5 }, (_, k) => makeBet(NOW - (2 - d) * DAY + k * MINUTE)));
  const pattern = find(bets);
  if (!pattern) return t.fail('the shape is there, so the pattern is reported');
  t.true(pattern.confidence < 0.5);
});
