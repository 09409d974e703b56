import test from 'ava';
import { roundHalfAway } from '../../../../src/plugins/analytics/exports/rounding.ts';

test('halves round away from zero as written in decimal', (t) => {
  t.is(roundHalfAway(1.005, 2), 1.01);
  t.is(roundHalfAway(-1.005, 2), -1.01);
  t.is(roundHalfAway(2.675, 2), 2.68);
  t.is(roundHalfAway(0.125, 2), 0.13);
  t.is(roundHalfAway(0.12345, 4), 0.1235);
});

test('values below the half stay down, and nothing becomes negative zero', (t) => {
  t.is(roundHalfAway(1.0049, 2), 1);
  t.is(roundHalfAway(-0.004, 2), 0);
  t.true(Object.is(roundHalfAway(-0.004, 2), 0));
  t.is(roundHalfAway(0, 2), 0);
});
