import test from 'ava';
import { percent, share, units } from '../../../../../src/plugins/ml/services/insights/wording.ts';

test('percentages carry a sign, and rounding to zero shows no sign', (t) => {
  t.is(percent(0.1), '+10.0%');
  t.is(percent(-0.055), '-5.5%');
  t.is(percent(0.0001), '0.0%');
  t.is(percent(-0.0001), '0.0%');
});

test('shares are whole percentages', (t) => {
  t.is(share(0.454), '45%');
});

test('units take the singular only for exactly one', (t) => {
  t.is(units(1), '1.00 unit');
  t.is(units(0.999), '1.00 unit');
  t.is(units(2.5), '2.50 units');
  t.is(units(-0.001), '0.00 units');
});
