import test from 'ava';
import { detectPatterns, type HistoryBet } from '../../../../../src/plugins/analytics/services/patterns/index.ts';
import { busiestWindow } from '../../../../../src/plugins/analytics/services/patterns/time-of-day.ts';
import { DAY, MINUTE, NOW, makeBet, random, variedHistory } from './history-fixtures.ts';

/**
 * 80 bets one a day in January–February 2025 (New York on EST, UTC−5): 72 placed 00:00–02:59 UTC, which is
 * 19:00–21:59 in New York, the rest around noon UTC.
 */
function eveningBettor(count = 80): HistoryBet[] {
  const rand = random(3);
  return Array.from({ length: count }, (_, i) => {
    const midnight = Math.floor((NOW - (count - i) * DAY) / DAY) * DAY;
    const minute = i % 10 === 9 ? 12 * 60 + Math.floor(rand() * 60) : Math.floor(rand() * 180);
    return makeBet(midnight + minute * MINUTE);
  });
}

const find = (history: HistoryBet[], timeZone: string) =>
  detectPatterns(history, { timeZone, now: NOW }).find((p) => p.type === 'time_of_day');

test('most bets in one 3-hour window is a habit with high confidence, read in the guild zone', (t) => {
  const pattern = find(eveningBettor(), 'America/New_York');
  if (!pattern) return t.fail('no time-of-day habit');
  t.true(pattern.confidence > 0.8);
  t.false(pattern.harmful);
  t.like(pattern.data, { windowStartHour: 19, windowEndHour: 22, inWindow: 72, bets: 80, timeZone: 'America/New_York' });
  t.is(pattern.summary, '72 of your 80 bets (90%) were placed between 19:00 and 22:00 (America/New_York time).');
});

test('the same instants fall in a different local window in another zone', (t) => {
  const utc = find(eveningBettor(), 'UTC');
  const tokyo = find(eveningBettor(), 'Asia/Tokyo');
  t.is(utc?.data.windowStartHour, 0);
  t.is(tokyo?.data.windowStartHour, 9);
});

test('bets spread across the day are no habit', (t) => {
  for (let seed = 1; seed <= 20; seed++) t.is(find(variedHistory(seed), 'UTC'), undefined, `seed ${seed}`);
});

test('the busiest window wraps past midnight', (t) => {
  const counts = new Array<number>(24).fill(0);
  counts[23] = 4;
  counts[0] = 4;
  counts[1] = 4;
  counts[12] = 5;
  t.deepEqual(busiestWindow(counts), { start: 23, count: 12 });
});

test('a few evening bets give low confidence', (t) => {
  const pattern = find(eveningBettor(8), 'America/New_York');
  if (!pattern) return t.fail('the shape is there, so the pattern is reported');
  t.true(pattern.confidence < 0.5);
});
