import test from 'ava';
import { detectPatterns, type HistoryBet } from '../../../../../src/plugins/analytics/services/patterns/index.ts';
import { DAY, NOW, makeBet, random, variedHistory } from './history-fixtures.ts';

/** `count` straight bets, one a day; `share` of them at a price drawn from `onSide`, the rest at 2.00–2.90. */
function priced(count: number, share: number, onSide: (r: number) => number, overrides: Partial<HistoryBet> = {}): HistoryBet[] {
  const rand = random(11);
  return Array.from({ length: count }, (_, i) =>
    makeBet(NOW - (count - i) * DAY, { decimal: i < count * share ? onSide(rand()) : 2 + rand() * 0.9, ...overrides }),
  );
}

const find = (history: HistoryBet[], type: string) =>
  detectPatterns(history, { timeZone: 'UTC', now: NOW }).find((p) => p.type === type);

test('nine favourites in ten is a favourite bias with high confidence', (t) => {
  const pattern = find(priced(80, 0.9, (r) => 1.3 + r * 0.45), 'favourite_bias');
  if (!pattern) return t.fail('no favourite bias');
  t.true(pattern.confidence > 0.8);
  t.false(pattern.harmful);
  t.is(pattern.data.matching, 72);
  t.is(pattern.summary, '72 of your 80 straight bets (90%) were on favourites (price under 1.80).');
  t.is(find(priced(80, 0.9, (r) => 1.3 + r * 0.45), 'underdog_bias'), undefined);
});

test('mostly long prices is an underdog bias with high confidence', (t) => {
  const pattern = find(priced(80, 0.85, (r) => 3.5 + r * 3), 'underdog_bias');
  if (!pattern) return t.fail('no underdog bias');
  t.true(pattern.confidence > 0.8);
  t.true((pattern.data.wilsonLower95 as number) > 0.75);
});

test('a parlay price is not an underdog pick', (t) => {
  const parlays = priced(80, 1, () => 12, { type: 'parlay', legs: 3 });
  t.is(find(parlays, 'underdog_bias'), undefined);
});

test('a varied spread of prices shows no bias', (t) => {
  for (let seed = 1; seed <= 20; seed++) {
    t.is(find(variedHistory(seed), 'favourite_bias'), undefined);
    t.is(find(variedHistory(seed), 'underdog_bias'), undefined);
  }
});

test('a share just over the bar is less certain than a clear one', (t) => {
  const justOver = find(priced(80, 0.65, (r) => 1.3 + r * 0.45), 'favourite_bias');
  const clear = find(priced(80, 0.9, (r) => 1.3 + r * 0.45), 'favourite_bias');
  if (!justOver || !clear) return t.fail('expected both patterns');
  t.true(justOver.confidence < 0.8);
  t.true(justOver.confidence < clear.confidence);
});

test('eight favourites in a row is not yet a bias', (t) => {
  const pattern = find(priced(8, 1, () => 1.4), 'favourite_bias');
  if (!pattern) return t.fail('the shape is there, so the pattern is reported');
  t.true(pattern.confidence < 0.5);
});
