import test from 'ava';
import { fullKelly, kellyStake } from '../../../../../src/plugins/ml/services/insights/kelly.ts';
import { near } from './near.ts';

test('p=0.55 at 2.0: full Kelly 0.10, quarter Kelly 0.025, capped at 2% of the bankroll', (t) => {
  const k = kellyStake(0.55, 2.0, 100);
  near(t, k.fullFraction, 0.1);
  near(t, k.fractionalFraction, 0.025);
  near(t, k.stakeFraction, 0.02);
  near(t, k.stake, 2);
  t.true(k.capped);
});

test('p=0.4 at 3.0: f* = (1.2 − 1)/2 = 0.10', (t) => {
  near(t, fullKelly(0.4, 3.0), 0.1);
});

test('p=0.6 at 1.8 with half Kelly and no binding cap: f* = 0.08/0.8 = 0.10, stake 0.05 × 40 = 2', (t) => {
  const k = kellyStake(0.6, 1.8, 40, { fraction: 0.5, cap: { kind: 'bankroll-fraction', value: 0.1 } });
  near(t, k.fullFraction, 0.1);
  near(t, k.stake, 2);
  t.false(k.capped);
});

test('a cap in units replaces the bankroll share', (t) => {
  near(t, kellyStake(0.55, 2.0, 100, { cap: { kind: 'units', value: 3 } }).stake, 2.5);
  const capped = kellyStake(0.55, 2.0, 100, { cap: { kind: 'units', value: 1.5 } });
  near(t, capped.stake, 1.5);
  t.true(capped.capped);
});

test('no edge or a negative edge means no bet', (t) => {
  t.is(fullKelly(0.5, 2.0), 0);
  t.is(fullKelly(0.45, 2.0), 0);
  t.is(kellyStake(0.45, 2.0, 100).stake, 0);
});

test('a probability outside (0, 1) or a price of 1 or less gives 0, never a negative or infinite stake', (t) => {
  for (const [p, d] of [
    [0, 2],
    [1, 2],
    [-0.1, 2],
    [1.2, 2],
    [0.5, 1],
    [0.9, 0.5],
    [Number.NaN, 2],
    [0.5, Number.POSITIVE_INFINITY],
  ]) {
    t.is(fullKelly(p, d), 0, `p=${p}, d=${d}`);
    t.is(kellyStake(p, d, 100).stake, 0, `p=${p}, d=${d}`);
  }
});

test('no bankroll, no stake', (t) => {
  t.is(kellyStake(0.55, 2.0, 0).stake, 0);
  t.is(kellyStake(0.55, 2.0, -5).stake, 0);
});

test('malformed options are refused', (t) => {
  t.throws(() => kellyStake(0.55, 2, 100, { fraction: 1.5 }));
  t.throws(() => kellyStake(0.55, 2, 100, { cap: { kind: 'units', value: 0 } }));
});
