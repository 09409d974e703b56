import test from 'ava';
import { detectPatterns, type HistoryBet } from '../../../../../src/plugins/analytics/services/patterns/index.ts';
import { longestRun } from '../../../../../src/plugins/analytics/services/patterns/late-night-streak.ts';
import { DAY, HOUR, NOW, makeBet, variedHistory } from './history-fixtures.ts';

/**
 * The 30 days before {@link NOW} (February 2025): two bets a day at 13:00 and 17:00 UTC, and a bet at 02:00 UTC on the
 * `nights` nights ending `endingDaysAgo` days ago. 02:00 UTC is the small hours in London but 21:00 the evening
 * before in New York.
 */
function nightOwl(nights: number, endingDaysAgo = 2, days = 30): HistoryBet[] {
  const today = Math.floor(NOW / DAY) * DAY;
  const bets: HistoryBet[] = [];
  for (let d = days - 1; d >= 1; d--) {
    const midnight = today - d * DAY;
    if (d >= endingDaysAgo && d < endingDaysAgo + nights) bets.push(makeBet(midnight + 2 * HOUR));
    bets.push(makeBet(midnight + 13 * HOUR), makeBet(midnight + 17 * HOUR));
  }
  return bets;
}

const find = (bets: HistoryBet[], timeZone = 'Europe/London') =>
  detectPatterns(bets, { timeZone, now: NOW }).find((p) => p.type === 'late_night_streak');

test('six small-hours nights in a row is a streak with high confidence', (t) => {
  const pattern = find(nightOwl(6));
  if (!pattern) return t.fail('no late-night streak');
  t.true(pattern.confidence > 0.8);
  t.true(pattern.harmful);
  t.like(pattern.data, { longestStreak: 6, streakEnd: '2025-02-27', lateNights: 6, timeZone: 'Europe/London' });
  t.is(pattern.summary, 'You placed bets between midnight and 5am on 6 nights in a row, most recently in the early hours of 2025-02-27.');
});

test('the same instants are evenings in New York, so no streak there', (t) => {
  t.truthy(find(nightOwl(6), 'Europe/London'));
  t.is(find(nightOwl(6), 'America/New_York'), undefined);
});

test('an unknown zone reads the nights in UTC', (t) => {
  const utc = detectPatterns(nightOwl(6), { timeZone: 'UTC', now: NOW });
  t.deepEqual(detectPatterns(nightOwl(6), { timeZone: 'Mars/Olympus_Mons', now: NOW }), utc);
  t.truthy(utc.find((p) => p.type === 'late_night_streak'));
});

test('two nights in a row is not a streak, and a longer run is surer than a short one', (t) => {
  t.is(find(nightOwl(2)), undefined);
  const three = find(nightOwl(3));
  const six = find(nightOwl(6));
  if (!three || !six) return t.fail('expected both streaks');
  t.true(three.confidence < six.confidence);
});

test('a streak from months ago is not reported', (t) => {
  const old = nightOwl(6, 2, 30).map((bet) => ({ ...bet, placedAt: bet.placedAt - 90 * DAY, settledAt: null }));
  t.is(find(old), undefined);
});

test('daytime betting has no late nights', (t) => {
  for (let seed = 1; seed <= 20; seed++) t.is(find(variedHistory(seed)), undefined, `seed ${seed}`);
});

test('a run of nights is counted on consecutive local dates', (t) => {
  t.deepEqual(longestRun([10, 11, 12, 20, 21, 12]), { length: 3, endDay: 12 });
  t.deepEqual(longestRun([]), { length: 0, endDay: null });
  t.deepEqual(longestRun([5, 7, 8]), { length: 2, endDay: 8 });
});

test('a streak with only a few bets gives low confidence', (t) => {
  const onlyNights = nightOwl(6).filter((bet) => new Date(bet.placedAt).getUTCHours() === 2);
  t.is(onlyNights.length, 6);
  const pattern = find(onlyNights);
  if (!pattern) return t.fail('the shape is there, so the pattern is reported');
  t.true(pattern.confidence < 0.5);
});
