import test from 'ava';
import { findValueBets } from '../../../../../src/plugins/ml/services/insights/value.ts';
import { near } from './near.ts';

const sel = (id: string, probability: number, decimal: number) => ({ id, gameId: `g-${id}`, label: id, probability, decimal });

test('p=0.55 at 2.0 is a value bet with edge and EV 0.10 and fair price 1/0.55', (t) => {
  const { valueBets, skipped } = findValueBets([sel('a', 0.55, 2)]);
  t.is(valueBets.length, 1);
  t.deepEqual(skipped, []);
  near(t, valueBets[0].edge, 0.1);
  near(t, valueBets[0].expectedValuePerUnit, 0.1);
  near(t, valueBets[0].fairDecimal, 1 / 0.55);
});

test('an edge exactly at the threshold is not a value bet, just above it is', (t) => {
  // Both have edge 0.02 exactly, which floating point computes as 0.020000000000000018.
  const { valueBets, skipped } = findValueBets([sel('exact', 0.51, 2), sel('float-exact', 0.34, 3), sel('above', 0.5101, 2)]);
  t.deepEqual(valueBets.map((v) => v.selection.id), ['above']);
  t.deepEqual(skipped.map((s) => s.id), ['exact', 'float-exact']);
  t.regex(skipped[0].reason, /not above the \+2\.0% threshold/);
});

test('the threshold is configurable', (t) => {
  t.is(findValueBets([sel('a', 0.51, 2)], { threshold: 0 }).valueBets.length, 1);
  t.is(findValueBets([sel('a', 0.55, 2)], { threshold: 0.1 }).valueBets.length, 0);
});

test('a negative or zero edge is never a bet', (t) => {
  const { valueBets, skipped } = findValueBets([sel('neg', 0.45, 2), sel('zero', 0.5, 2)], { threshold: 0 });
  t.deepEqual(valueBets, []);
  t.is(skipped.length, 2);
});

test('value bets come sorted by edge, highest first', (t) => {
  const { valueBets } = findValueBets([sel('small', 0.53, 2), sel('big', 0.4, 3), sel('mid', 0.55, 2)]);
  t.deepEqual(valueBets.map((v) => v.selection.id), ['big', 'mid', 'small']);
});

test('unusable probabilities or prices are skipped with a reason, not thrown', (t) => {
  const { valueBets, skipped } = findValueBets([sel('p', 1.3, 2), sel('d', 0.5, 1)]);
  t.deepEqual(valueBets, []);
  t.deepEqual(skipped.map((s) => s.id), ['p', 'd']);
  t.regex(skipped[0].reason, /between 0 and 1/);
});

test('a malformed selection is refused', (t) => {
  t.throws(() => findValueBets([{ id: '', gameId: 'g', label: 'x', probability: 0.5, decimal: 2 }]));
});
