import test from 'ava';
import { demargin, demarginTwoWay, outcomeIndex, overround } from '../../../../../src/plugins/ml/models/football/demargin.ts';

test('de-margining divides each implied probability by the book sum', (t) => {
  // 1/2 + 1/4 + 1/5 = 0.95 → an impossible book, but the arithmetic is the point here.
  const p = demargin({ home: 2, draw: 4, away: 5 });
  t.is(p.home, 0.5 / 0.95);
  t.is(p.draw, 0.25 / 0.95);
  t.is(p.away, 0.2 / 0.95);
  t.true(Math.abs(p.home + p.draw + p.away - 1) < 1e-12);
});

test('a fair book is unchanged and a margin is removed proportionally', (t) => {
  const fair = demargin({ home: 2, draw: 4, away: 4 });
  t.deepEqual(fair, { home: 0.5, draw: 0.25, away: 0.25 });
  // The same book with every price cut by 5 %: same probabilities, 5.26 % over-round.
  const withMargin = demargin({ home: 2 / 1.05, draw: 4 / 1.05, away: 4 / 1.05 });
  t.true(Math.abs(withMargin.home - 0.5) < 1e-12);
  t.true(Math.abs(overround({ home: 2 / 1.05, draw: 4 / 1.05, away: 4 / 1.05 }) - 0.05) < 1e-12);
});

test('two-way de-margining and outcome index', (t) => {
  t.is(demarginTwoWay(1.8, 2.2), 1 / 1.8 / (1 / 1.8 + 1 / 2.2));
  t.is(demarginTwoWay(undefined, 2.2), undefined);
  t.is(outcomeIndex(2, 1), 0);
  t.is(outcomeIndex(1, 1), 1);
  t.is(outcomeIndex(0, 3), 2);
});
