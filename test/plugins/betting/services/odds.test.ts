import test, { type ExecutionContext } from 'ava';
import {
  americanToDecimal,
  bookMargin,
  decimalToAmerican,
  decimalToFractional,
  formatOdds,
  impliedProbability,
  isImpossibleBook,
  parlayDecimal,
  parseOdds,
  removeMargin,
  type ParsedOdds,
} from '../../../../src/plugins/betting/services/odds.ts';

function near(t: ExecutionContext, actual: number, expected: number, epsilon = 1e-9): void {
  t.true(Math.abs(actual - expected) < epsilon, `expected ${actual} to be within ${epsilon} of ${expected}`);
}

function parsed(t: ExecutionContext, result: ParsedOdds): { decimal: number; american: number } {
  if (!result.ok) {
    t.fail(`expected odds to parse, got: ${result.message}`);
    return { decimal: NaN, american: NaN };
  }
  return { decimal: result.decimal, american: result.american };
}

function refused(t: ExecutionContext, result: ParsedOdds): string {
  if (result.ok) {
    t.fail(`expected odds to be refused, got decimal ${result.decimal}`);
    return '';
  }
  return result.message;
}

// --- parseOdds: accepted shapes ---

test('parseOdds reads negative American odds', (t) => {
  const odds = parsed(t, parseOdds('-110'));
  t.is(odds.american, -110);
  near(t, odds.decimal, 1 + 100 / 110);
});

test('parseOdds reads signed and unsigned positive American odds alike', (t) => {
  t.deepEqual(parsed(t, parseOdds('+150')), { decimal: 2.5, american: 150 });
  t.deepEqual(parsed(t, parseOdds('150')), { decimal: 2.5, american: 150 });
});

test('parseOdds treats -100 as +100 (the same even-money price)', (t) => {
  t.deepEqual(parsed(t, parseOdds('-100')), { decimal: 2, american: 100 });
});

test('parseOdds tolerates whitespace and a typographic minus sign', (t) => {
  t.is(parsed(t, parseOdds('  \u2212110 ')).american, -110);
});

test('parseOdds reads decimal odds and derives the American price', (t) => {
  t.deepEqual(parsed(t, parseOdds('2.50')), { decimal: 2.5, american: 150 });
  t.deepEqual(parsed(t, parseOdds('1.91')), { decimal: 1.91, american: -110 });
});

test('parseOdds reads fractional odds', (t) => {
  t.deepEqual(parsed(t, parseOdds('5/2')), { decimal: 3.5, american: 250 });
  t.deepEqual(parsed(t, parseOdds('11/10')), { decimal: 2.1, american: 110 });
  t.deepEqual(parsed(t, parseOdds('1/2')), { decimal: 1.5, american: -200 });
});

test('parseOdds reads evens in its common spellings', (t) => {
  for (const text of ['evens', 'evs', 'EVS', ' Evens ']) {
    t.deepEqual(parsed(t, parseOdds(text)), { decimal: 2, american: 100 }, text);
  }
});

// --- parseOdds: ambiguity ---

test('a bare integer between 2 and 99 is decimal by default', (t) => {
  t.deepEqual(parsed(t, parseOdds('3')), { decimal: 3, american: 200 });
  t.deepEqual(parsed(t, parseOdds('50')), { decimal: 50, american: 4900 });
  t.deepEqual(parsed(t, parseOdds('3', 'decimal')), { decimal: 3, american: 200 });
});

test('a bare integer below 100 is refused as American when the hint says american', (t) => {
  const message = refused(t, parseOdds('50', 'american'));
  t.regex(message, /100 or more/);
  t.regex(message, /-110/);
});

test('a bare integer is refused as ambiguous when the hint says fractional', (t) => {
  const message = refused(t, parseOdds('5', 'fractional'));
  t.regex(message, /ambiguous/);
  t.regex(message, /5\/1/);
  t.regex(message, /5\.00/);
});

test('a number with a decimal point below 100 is decimal even with an american hint', (t) => {
  t.deepEqual(parsed(t, parseOdds('2.5', 'american')), { decimal: 2.5, american: 150 });
});

test('an unsigned number of 100 or more is American even with a decimal hint', (t) => {
  t.deepEqual(parsed(t, parseOdds('150', 'decimal')), { decimal: 2.5, american: 150 });
  t.deepEqual(parsed(t, parseOdds('100')), { decimal: 2, american: 100 });
});

// --- parseOdds: refusals ---

test('parseOdds refuses signed American odds under 100 and says what to type', (t) => {
  for (const text of ['-99', '+50', '-1.5']) {
    const message = refused(t, parseOdds(text));
    t.regex(message, new RegExp(`"${text.replace('+', '\\+')}" isn't valid American odds`), text);
    t.regex(message, /e\.g\. -110 or \+150/, text);
    t.regex(message, /2\.50/, text);
  }
});

test('parseOdds refuses decimal odds at or below 1.01', (t) => {
  for (const text of ['1.01', '1.005', '1', '0', '0.5']) {
    const message = refused(t, parseOdds(text));
    t.regex(message, /above 1\.01/, text);
    t.regex(message, /1\.91/, text);
  }
});

test('parseOdds just above 1.01 is accepted', (t) => {
  t.is(parsed(t, parseOdds('1.02')).decimal, 1.02);
});

test('parseOdds refuses fractions without positive whole numbers', (t) => {
  for (const text of ['5/0', '0/3', '2.5/1', '-5/2', 'a/b']) {
    const message = refused(t, parseOdds(text));
    t.regex(message, /whole numbers above zero/, text);
    t.regex(message, /5\/2/, text);
  }
});

test('parseOdds refuses fractions too short to be a price', (t) => {
  t.regex(refused(t, parseOdds('1/200')), /too short/);
});

test('parseOdds refuses text it cannot read and lists the formats', (t) => {
  const message = refused(t, parseOdds('abc'));
  t.regex(message, /Couldn't read "abc"/);
  t.regex(message, /-110/);
  t.regex(message, /2\.50/);
  t.regex(message, /5\/2/);
  t.regex(refused(t, parseOdds('   ')), /No odds given/);
  t.false(parseOdds('1.9.1').ok);
  t.false(parseOdds('+-110').ok);
});

// --- conversions ---

test('americanToDecimal converts both signs', (t) => {
  near(t, americanToDecimal(-110), 1.9090909090909092);
  t.is(americanToDecimal(150), 2.5);
  t.is(americanToDecimal(-250), 1.4);
  t.is(americanToDecimal(100), 2);
  t.is(americanToDecimal(-200), 1.5);
});

test('americanToDecimal throws for |odds| under 100', (t) => {
  t.throws(() => americanToDecimal(50), { instanceOf: RangeError });
  t.throws(() => americanToDecimal(-99), { instanceOf: RangeError });
});

test('decimalToAmerican rounds to the nearest integer on both sides of evens', (t) => {
  t.is(decimalToAmerican(2), 100);
  t.is(decimalToAmerican(3), 200);
  t.is(decimalToAmerican(1.5), -200);
  t.is(decimalToAmerican(1.91), -110); // 100 / 0.91 = 109.89
  t.is(decimalToAmerican(2.555), 156); // 155.5 rounds up
  t.throws(() => decimalToAmerican(1), { instanceOf: RangeError });
});

test('american → decimal → american round-trips', (t) => {
  for (const american of [-110, 150, -250, 100, -105, 333, -1000]) {
    t.is(decimalToAmerican(americanToDecimal(american)), american, String(american));
  }
});

test('decimalToFractional finds the nearest simple fraction', (t) => {
  t.is(decimalToFractional(2.5), '3/2');
  t.is(decimalToFractional(3.5), '5/2');
  t.is(decimalToFractional(1.909), '10/11');
  t.is(decimalToFractional(americanToDecimal(-110)), '10/11');
  t.is(decimalToFractional(2), '1/1');
  t.is(decimalToFractional(1.4), '2/5');
  t.is(decimalToFractional(1 + 1 / 3), '1/3');
  t.is(decimalToFractional(11), '10/1');
  // 0.91 is exactly 91/100, which is closer than 10/11.
  t.is(decimalToFractional(1.91), '91/100');
});

test('decimalToFractional prefers a semiconvergent when it is closer than the last convergent', (t) => {
  // π: the convergent 333/106 is over the limit; 311/99 beats 22/7.
  t.is(decimalToFractional(1 + Math.PI), '311/99');
  t.is(decimalToFractional(1 + Math.PI, 10), '22/7');
});

test('decimalToFractional never shows a zero profit', (t) => {
  t.is(decimalToFractional(1.004), '1/100');
});

test('formatOdds renders each format', (t) => {
  t.is(formatOdds(americanToDecimal(-110), 'american'), '-110');
  t.is(formatOdds(2.5, 'american'), '+150');
  t.is(formatOdds(2, 'american'), '+100');
  t.is(formatOdds(2.5, 'decimal'), '2.50');
  t.is(formatOdds(americanToDecimal(-110), 'decimal'), '1.91');
  t.is(formatOdds(3.5, 'fractional'), '5/2');
});

test('formatted odds parse back to the same price', (t) => {
  for (const decimal of [1.5, 2, 2.5, 3.5, 11]) {
    for (const format of ['american', 'decimal', 'fractional'] as const) {
      near(t, parsed(t, parseOdds(formatOdds(decimal, format))).decimal, decimal);
    }
  }
});

// --- probabilities ---

test('impliedProbability is 1 / decimal', (t) => {
  t.is(impliedProbability(2.5), 0.4);
  t.is(impliedProbability(2), 0.5);
});

test('removeMargin normalises implied probabilities proportionally', (t) => {
  const [a, b] = removeMargin([americanToDecimal(-110), americanToDecimal(-110)]);
  near(t, a, 0.5);
  near(t, b, 0.5);
  // 1/1.8 : 1/2.0 = 10 : 9
  const [home, away] = removeMargin([1.8, 2.0]);
  near(t, home, 10 / 19);
  near(t, away, 9 / 19);
  t.deepEqual(removeMargin([]), []);
});

test('removeMargin of a three-way market sums to 1', (t) => {
  const fair = removeMargin([2.1, 3.4, 3.6]);
  near(t, fair.reduce((sum, p) => sum + p, 0), 1);
  t.true(fair[0] > fair[1] && fair[1] > fair[2]);
});

test('bookMargin is the overround minus 1', (t) => {
  near(t, bookMargin([americanToDecimal(-110), americanToDecimal(-110)]), 1 / 21);
  near(t, bookMargin([2, 2]), 0);
  near(t, bookMargin([2.1, 2.1]), 2 / 2.1 - 1);
});

test('isImpossibleBook flags books whose probabilities sum under 1', (t) => {
  t.true(isImpossibleBook([2.1, 2.1]));
  t.true(bookMargin([2.1, 2.1]) < 0);
  t.false(isImpossibleBook([2, 2]));
  t.false(isImpossibleBook([1.91, 1.91]));
  t.false(isImpossibleBook([]));
});

test('parlayDecimal multiplies the legs', (t) => {
  t.is(parlayDecimal([2, 1.5, 3]), 9);
  t.is(parlayDecimal([2.5]), 2.5);
  t.is(parlayDecimal([]), 1);
  t.throws(() => parlayDecimal([2, 0.5]), { instanceOf: RangeError });
});
