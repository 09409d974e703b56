import test from 'ava';
import {
  gradeNetFactor,
  gradeSelection,
  isGradeError,
  toBetResult,
  type GradableBet,
  type GradeError,
  type GradeResult,
} from '../../../../src/plugins/betting/services/grading-rules.ts';

const score = (home: number, away: number) => ({ home, away });

function expectError(result: GradeResult | GradeError): GradeError {
  if (!isGradeError(result)) throw new Error(`expected a grading error, got ${result}`);
  return result;
}

// --- h2h ---

test('h2h grades home, draw and away on a home win', (t) => {
  t.is(gradeSelection({ market: 'h2h', selection: 'home' }, score(2, 1)), 'won');
  t.is(gradeSelection({ market: 'h2h', selection: 'draw' }, score(2, 1)), 'lost');
  t.is(gradeSelection({ market: 'h2h', selection: 'away' }, score(2, 1)), 'lost');
  t.is(gradeSelection({ market: 'h2h', selection: 'away' }, score(0, 3)), 'won');
});

test('a three-way h2h tie wins the draw and loses both sides', (t) => {
  t.is(gradeSelection({ market: 'h2h', selection: 'draw' }, score(1, 1)), 'won');
  t.is(gradeSelection({ market: 'h2h', selection: 'home' }, score(1, 1)), 'lost');
  t.is(gradeSelection({ market: 'h2h', selection: 'away' }, score(0, 0)), 'lost');
});

test('a two-way moneyline tie is a push', (t) => {
  t.is(gradeSelection({ market: 'h2h', selection: 'home', twoWay: true }, score(1, 1)), 'push');
  t.is(gradeSelection({ market: 'h2h', selection: 'away', twoWay: true }, score(1, 1)), 'push');
  t.is(gradeSelection({ market: 'h2h', selection: 'away', twoWay: true }, score(1, 2)), 'won');
});

// --- totals ---

test('totals grade over and under a half line', (t) => {
  t.is(gradeSelection({ market: 'totals', selection: 'over', line: 2.5 }, score(2, 1)), 'won');
  t.is(gradeSelection({ market: 'totals', selection: 'under', line: 2.5 }, score(2, 1)), 'lost');
  t.is(gradeSelection({ market: 'totals', selection: 'under', line: 2.5 }, score(1, 1)), 'won');
});

test('a total landing on the line pushes', (t) => {
  t.is(gradeSelection({ market: 'totals', selection: 'over', line: 3 }, score(2, 1)), 'push');
  t.is(gradeSelection({ market: 'totals', selection: 'under', line: 3 }, score(2, 1)), 'push');
  t.is(gradeSelection({ market: 'totals', selection: 'over', line: 0 }, score(0, 0)), 'push');
});

// --- spreads ---

test('spreads apply the handicap to the selected side', (t) => {
  // home −1.5: 2 − 1.5 = 0.5 > 0
  t.is(gradeSelection({ market: 'spreads', selection: 'home', line: -1.5 }, score(2, 0)), 'won');
  t.is(gradeSelection({ market: 'spreads', selection: 'home', line: -1.5 }, score(1, 0)), 'lost');
  // away +1.5 losing by one still covers
  t.is(gradeSelection({ market: 'spreads', selection: 'away', line: 1.5 }, score(1, 0)), 'won');
  t.is(gradeSelection({ market: 'spreads', selection: 'away', line: 1.5 }, score(3, 1)), 'lost');
  // favourite as away side
  t.is(gradeSelection({ market: 'spreads', selection: 'away', line: -2.5 }, score(20, 24)), 'won');
});

test('a spread landing on the line pushes', (t) => {
  t.is(gradeSelection({ market: 'spreads', selection: 'home', line: -1 }, score(1, 0)), 'push');
  t.is(gradeSelection({ market: 'spreads', selection: 'away', line: 1 }, score(1, 0)), 'push');
  t.is(gradeSelection({ market: 'spreads', selection: 'home', line: 0 }, score(2, 2)), 'push');
});

// --- quarter lines ---

test('over 2.25 splits into over 2 and over 2.5', (t) => {
  const over = (home: number, away: number) =>
    gradeSelection({ market: 'totals', selection: 'over', line: 2.25 }, score(home, away));
  t.is(over(1, 1), 'half-lost'); // push on 2, lose on 2.5
  t.is(over(2, 1), 'won');
  t.is(over(1, 0), 'lost');
});

test('under 2.25 with exactly two goals is half-won', (t) => {
  t.is(gradeSelection({ market: 'totals', selection: 'under', line: 2.25 }, score(2, 0)), 'half-won');
});

test('over 2.75 splits into over 2.5 and over 3', (t) => {
  const over = (home: number, away: number) =>
    gradeSelection({ market: 'totals', selection: 'over', line: 2.75 }, score(home, away));
  t.is(over(2, 1), 'half-won'); // win on 2.5, push on 3
  t.is(over(2, 2), 'won');
  t.is(over(1, 1), 'lost');
  t.is(gradeSelection({ market: 'totals', selection: 'under', line: 2.75 }, score(2, 1)), 'half-lost');
});

test('home −0.75 splits into −0.5 and −1', (t) => {
  const home = (h: number, a: number) =>
    gradeSelection({ market: 'spreads', selection: 'home', line: -0.75 }, score(h, a));
  t.is(home(1, 0), 'half-won'); // win on −0.5, push on −1
  t.is(home(2, 0), 'won');
  t.is(home(0, 0), 'lost');
  t.is(gradeSelection({ market: 'spreads', selection: 'away', line: 0.75 }, score(1, 0)), 'half-lost');
});

test('±0.25 handicaps on a draw are half results', (t) => {
  t.is(gradeSelection({ market: 'spreads', selection: 'home', line: -0.25 }, score(1, 1)), 'half-lost');
  t.is(gradeSelection({ market: 'spreads', selection: 'away', line: 0.25 }, score(1, 1)), 'half-won');
  t.is(gradeSelection({ market: 'spreads', selection: 'home', line: -0.25 }, score(2, 1)), 'won');
});

// --- invalid combinations ---

test('h2h with over/under is an error, not a throw', (t) => {
  const error = expectError(gradeSelection({ market: 'h2h', selection: 'over' }, score(1, 0)));
  t.is(error.error, 'invalid-bet');
  t.regex(error.message, /home, draw or away/);
});

test('totals and spreads without a line are errors', (t) => {
  t.regex(expectError(gradeSelection({ market: 'totals', selection: 'over' }, score(1, 0))).message, /needs a line/);
  t.regex(expectError(gradeSelection({ market: 'spreads', selection: 'home' }, score(1, 0))).message, /needs a line/);
});

test('mismatched selections and lines are errors', (t) => {
  const cases: GradableBet[] = [
    { market: 'totals', selection: 'home', line: 2.5 },
    { market: 'spreads', selection: 'over', line: -1.5 },
    { market: 'spreads', selection: 'draw', line: 0 },
    { market: 'h2h', selection: 'home', line: -1.5 },
    { market: 'h2h', selection: 'draw', twoWay: true },
    { market: 'totals', selection: 'over', line: 2.3 },
    { market: 'totals', selection: 'over', line: -0.5 },
    { market: 'totals', selection: 'over', line: Number.NaN },
  ];
  for (const bet of cases) {
    t.is(expectError(gradeSelection(bet, score(1, 0))).error, 'invalid-bet', JSON.stringify(bet));
  }
});

test('a line that is not a multiple of 0.25 says which lines are allowed', (t) => {
  t.regex(
    expectError(gradeSelection({ market: 'totals', selection: 'over', line: 2.3 }, score(1, 0))).message,
    /multiple of 0\.25/,
  );
});

test('negative or fractional scores are errors', (t) => {
  const bet: GradableBet = { market: 'h2h', selection: 'home' };
  t.is(expectError(gradeSelection(bet, score(-1, 0))).error, 'invalid-score');
  t.is(expectError(gradeSelection(bet, score(1, 1.5))).error, 'invalid-score');
  t.regex(expectError(gradeSelection(bet, score(1, 1.5))).message, /away score/);
});

test('isGradeError distinguishes results from errors', (t) => {
  t.false(isGradeError('won'));
  t.false(isGradeError('half-lost'));
  t.true(isGradeError({ error: 'invalid-bet', message: 'x' }));
});

// --- net factor and stored result ---

test('gradeNetFactor gives the net per unit staked', (t) => {
  t.is(gradeNetFactor('won', 2.5), 1.5);
  t.is(gradeNetFactor('lost', 2.5), -1);
  t.is(gradeNetFactor('push', 2.5), 0);
  t.is(gradeNetFactor('void', 2.5), 0);
  t.is(gradeNetFactor('half-won', 2.5), 0.75);
  t.is(gradeNetFactor('half-lost', 2.5), -0.5);
  t.throws(() => gradeNetFactor('won', 1), { instanceOf: RangeError });
});

test('toBetResult stores half results as the direction money moved', (t) => {
  t.is(toBetResult('half-won'), 'won');
  t.is(toBetResult('half-lost'), 'lost');
  t.is(toBetResult('push'), 'push');
  t.is(toBetResult('won'), 'won');
  t.is(toBetResult('lost'), 'lost');
});
