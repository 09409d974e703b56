import test from 'ava';
import {
  gradedNet,
  winNet,
  parlayNet,
  parlayResult,
  roundUnits,
  straightNet,
} from '../../../../src/plugins/betting/services/payout.ts';

// --- straightNet ---

test('-110 for 1 unit wins 0.9091', (t) => {
  t.is(straightNet('won', 1, -110), 0.9091);
});

test('+150 for 2 units wins 3', (t) => {
  t.is(straightNet('won', 2, 150), 3);
});

test('straightNet wins at other prices', (t) => {
  t.is(straightNet('won', 1, -250), 0.4);
  t.is(straightNet('won', 3, -120), 2.5);
  t.is(straightNet('won', 1, -115), 0.8696); // 0.869565…
  t.is(straightNet('won', 1, 100), 1);
  t.is(straightNet('won', 1, -100), 1);
});

test('straightNet rounds away float noise', (t) => {
  // 0.1 × 300 / 100 is 0.30000000000000004 in floating point.
  t.is(straightNet('won', 0.1, 300), 0.3);
});

test('a loss costs the stake whatever the price', (t) => {
  t.is(straightNet('lost', 2, 150), -2);
  t.is(straightNet('lost', 1.5, -110), -1.5);
});

test('push and void return the stake (net 0)', (t) => {
  t.is(straightNet('push', 2, -110), 0);
  t.is(straightNet('void', 2, 150), 0);
  t.false(Object.is(straightNet('push', 2, -110), -0));
});

test('straightNet refuses invalid American odds and stakes', (t) => {
  t.throws(() => straightNet('won', 1, 50), { instanceOf: RangeError });
  t.throws(() => straightNet('won', 1, -99), { instanceOf: RangeError });
  t.throws(() => straightNet('won', -1, -110), { instanceOf: RangeError });
  t.throws(() => straightNet('won', Number.NaN, -110), { instanceOf: RangeError });
});

test('roundUnits rounds to 4 places symmetrically and never gives -0', (t) => {
  t.is(roundUnits(0.1 + 0.2), 0.3);
  t.is(roundUnits(1 / 3), 0.3333);
  t.is(roundUnits(-1 / 3), -0.3333);
  t.is(roundUnits(2.00005), 2.0001);
  t.is(roundUnits(-2.00005), -2.0001);
  t.true(Object.is(roundUnits(-0.00001), 0));
});

// --- gradedNet (half results) ---

test('gradedNet pays half a win and returns half the stake on half-won', (t) => {
  t.is(gradedNet('half-won', 2, 1.9), 0.9);
  t.is(gradedNet('won', 2, 1.9), 1.8);
});

test('gradedNet loses half the stake on half-lost', (t) => {
  t.is(gradedNet('half-lost', 2, 1.9), -1);
  t.is(gradedNet('lost', 2, 1.9), -2);
  t.is(gradedNet('push', 2, 1.9), 0);
  t.is(gradedNet('void', 2, 1.9), 0);
});

// --- parlayResult ---

test('a 3-leg parlay with a pushed leg is repriced on the other two', (t) => {
  const outcome = parlayResult([
    { result: 'won', decimal: 2 },
    { result: 'push', decimal: 1.9 },
    { result: 'won', decimal: 1.5 },
  ]);
  t.deepEqual(outcome, { result: 'won', decimal: 3 });
  t.is(parlayNet(outcome.result === 'pending' ? 'void' : outcome.result, 1, outcome.decimal), 2);
});

test('a voided leg is dropped like a push', (t) => {
  t.deepEqual(
    parlayResult([
      { result: 'void', decimal: 5 },
      { result: 'won', decimal: 2.5 },
    ]),
    { result: 'won', decimal: 2.5 },
  );
});

test('an all-won parlay pays the product of its legs', (t) => {
  t.deepEqual(
    parlayResult([
      { result: 'won', decimal: 2 },
      { result: 'won', decimal: 1.5 },
      { result: 'won', decimal: 3 },
    ]),
    { result: 'won', decimal: 9 },
  );
});

test('a lost leg loses the parlay even while another leg is pending', (t) => {
  t.is(
    parlayResult([
      { result: 'pending', decimal: 2 },
      { result: 'lost', decimal: 1.9 },
      { result: 'won', decimal: 1.5 },
    ]).result,
    'lost',
  );
});

test('a pending leg keeps an otherwise winning parlay pending', (t) => {
  t.deepEqual(
    parlayResult([
      { result: 'won', decimal: 2 },
      { result: 'pending', decimal: 1.5 },
      { result: 'push', decimal: 4 },
    ]),
    { result: 'pending', decimal: 3 },
  );
});

test('a parlay whose legs all push pushes at decimal 1', (t) => {
  t.deepEqual(
    parlayResult([
      { result: 'push', decimal: 2 },
      { result: 'void', decimal: 1.5 },
    ]),
    { result: 'push', decimal: 1 },
  );
});

test('a parlay whose legs are all void is void at decimal 1', (t) => {
  t.deepEqual(
    parlayResult([
      { result: 'void', decimal: 2 },
      { result: 'void', decimal: 1.5 },
    ]),
    { result: 'void', decimal: 1 },
  );
  t.deepEqual(parlayResult([]), { result: 'void', decimal: 1 });
});

// --- parlayNet ---

test('parlayNet pays units × (decimal − 1) on a win and costs the stake on a loss', (t) => {
  t.is(parlayNet('won', 2, 6), 10);
  t.is(parlayNet('won', 1, 2.1 * 1.9), 2.99); // 3.9899999… rounded
  t.is(parlayNet('lost', 2, 6), -2);
  t.is(parlayNet('push', 2, 1), 0);
  t.is(parlayNet('void', 2, 1), 0);
});

test('winNet pays from the decimal price of record: 10u at 1.945 wins 9.45u (the rounded American -106 paid 9.43u)', (t) => {
  t.is(winNet(10, 1.945), 9.45);
  t.is(winNet(10, 1.945), gradedNet('won', 10, 1.945));
  // An American price kept as its exact decimal pays what the American formula pays.
  t.is(winNet(1, 1 + 100 / 110), 0.9091);
  t.is(winNet(10, 1 + 100 / 110), 9.0909);
});
