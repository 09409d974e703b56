import test from 'ava';
import { detectPatterns, type HistoryBet } from '../../../../../src/plugins/analytics/services/patterns/index.ts';
import { DAY, NOW, makeBet, variedHistory } from './history-fixtures.ts';

/** `count` bets one a day; every bet whose index passes `isParlay` is a parlay with `legsOf(i)` legs. */
function history(count: number, isParlay: (i: number) => boolean, legsOf: (i: number) => number): HistoryBet[] {
  return Array.from({ length: count }, (_, i) => {
    const legs = isParlay(i) ? legsOf(i) : 1;
    return makeBet(NOW - (count - i) * DAY, {
      type: legs > 1 ? 'parlay' : 'game_line',
      legs,
      decimal: 1.9 ** legs,
      sport: legs > 1 ? null : 'soccer',
    });
  });
}

const find = (bets: HistoryBet[]) => detectPatterns(bets, { timeZone: 'UTC', now: NOW }).find((p) => p.type === 'parlay_heavy');

test('three bets in four being long parlays is heavy parlay betting with high confidence', (t) => {
  const pattern = find(history(80, (i) => i % 4 !== 0, (i) => 4 + (i % 3)));
  if (!pattern) return t.fail('no parlay pattern');
  t.true(pattern.confidence > 0.8);
  t.true(pattern.harmful);
  t.like(pattern.data, { bets: 80, parlays: 60, longParlays: 60, averageLegs: 5, maxLegs: 6 });
  t.is(pattern.summary, '60 of your 80 bets (75%) were parlays, averaging 5.0 legs; 60 had 4 legs or more.');
});

test('long parlays alone can make the pattern', (t) => {
  // 40% long parlays, no other parlays: under the 60% parlay bar, over the 30% long-parlay bar.
  const pattern = find(history(80, (i) => i % 5 < 2, () => 6));
  if (!pattern) return t.fail('no parlay pattern');
  t.true(pattern.confidence > 0.8);
  t.is(pattern.data.parlayShare, 0.4);
});

test('a parlay now and then is not heavy parlay betting', (t) => {
  for (let seed = 1; seed <= 20; seed++) t.is(find(variedHistory(seed)), undefined, `seed ${seed}`);
  // Half the bets as two-leg parlays: common, short, under both bars.
  t.is(find(history(80, (i) => i % 2 === 0, () => 2)), undefined);
});

test('a few parlays give low confidence', (t) => {
  const pattern = find(history(8, () => true, () => 5));
  if (!pattern) return t.fail('the shape is there, so the pattern is reported');
  t.true(pattern.confidence < 0.5);
});
