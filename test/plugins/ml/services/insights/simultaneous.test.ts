import test from 'ava';
import { kellyStake } from '../../../../../src/plugins/ml/services/insights/kelly.ts';
import { describeSizing, sizeSimultaneous, type SimultaneousBet } from '../../../../../src/plugins/ml/services/insights/simultaneous.ts';
import { mulberry32 } from '../../../../../src/index.ts';
import { near } from './near.ts';

const wide = { kelly: { cap: { kind: 'bankroll-fraction', value: 0.5 } }, totalCap: { kind: 'bankroll-fraction', value: 1 } } as const;

test('one bet alone is sized exactly as single-bet Kelly', (t) => {
  const sizing = sizeSimultaneous([{ id: 'a', gameId: 'g', probability: 0.55, decimal: 2 }], 100);
  near(t, sizing.bets[0].stake, 2);
  near(t, sizing.bets[0].singleStake, 2);
  t.is(sizing.scale, 1);
});

test('two independent even-money bets at p=0.6 get quarter of the joint optimum 0.2/1.04 each', (t) => {
  const sizing = sizeSimultaneous(
    [
      { id: 'a', gameId: 'g1', probability: 0.6, decimal: 2 },
      { id: 'b', gameId: 'g2', probability: 0.6, decimal: 2 },
    ],
    100,
    wide,
  );
  for (const bet of sizing.bets) {
    near(t, bet.stake, 0.25 * (0.2 / 1.04) * 100, 1e-7);
    near(t, bet.singleStake, 5);
    t.is(bet.limitedBy, 'joint');
  }
});

test('stakes that together pass the total cap are scaled down by one factor', (t) => {
  const bets = ['a', 'b', 'c', 'd'].map((id) => ({ id, gameId: id, probability: 0.55, decimal: 2 }));
  const sizing = sizeSimultaneous(bets, 100);
  // Each is held to the 2-unit per-bet cap; 8 units together are scaled to the 5-unit total cap.
  near(t, sizing.totalCapUnits, 5);
  near(t, sizing.scale, 5 / 8);
  for (const bet of sizing.bets) {
    near(t, bet.stake, 1.25);
    t.is(bet.limitedBy, 'total-cap');
  }
  t.is(describeSizing(sizing), '4 bets sized together: 5.00 units of at most 5.00 units.');
});

test('a total cap in units works too', (t) => {
  const bets = ['a', 'b'].map((id) => ({ id, gameId: id, probability: 0.55, decimal: 2 }));
  near(t, sizeSimultaneous(bets, 100, { totalCap: { kind: 'units', value: 3 } }).totalStake, 3);
});

test('a hedged outcome of the same game is held to its single-bet stake', (t) => {
  // Jointly, A would get 0.160 of the bankroll (see the joint-kelly tests); alone it is worth 0.083.
  const sizing = sizeSimultaneous(
    [
      { id: 'A', gameId: 'g', probability: 0.5, decimal: 2.2 },
      { id: 'B', gameId: 'g', probability: 0.3, decimal: 3.6 },
    ],
    100,
    wide,
  );
  const a = sizing.bets.find((b) => b.id === 'A')!;
  t.is(a.limitedBy, 'single-kelly');
  near(t, a.stake, kellyStake(0.5, 2.2, 100, wide.kelly).stake);
  t.true(a.jointFullFraction > 0.16);
});

test('a game the model gives more than 100% is refused with the reason, the rest is still sized', (t) => {
  const sizing = sizeSimultaneous(
    [
      { id: 'home', gameId: 'g1', probability: 0.6, decimal: 2 },
      { id: 'away', gameId: 'g1', probability: 0.5, decimal: 2.2 },
      { id: 'other', gameId: 'g2', probability: 0.55, decimal: 2 },
    ],
    100,
  );
  t.deepEqual(sizing.bets.map((b) => b.id), ['other']);
  t.deepEqual(sizing.excluded.map((e) => e.id).sort(), ['away', 'home']);
  t.regex(sizing.excluded[0].reason, /mutually exclusive, yet the model gives them 110\.0% together/);
});

test('bets without a positive edge of their own, unusable prices and repeats are left out with reasons', (t) => {
  const sizing = sizeSimultaneous(
    [
      { id: 'good', gameId: 'g1', probability: 0.55, decimal: 2 },
      { id: 'neg', gameId: 'g1', probability: 0.4, decimal: 2.2 },
      { id: 'bad', gameId: 'g2', probability: 1, decimal: 2 },
      { id: 'good', gameId: 'g3', probability: 0.55, decimal: 2 },
    ],
    100,
  );
  t.deepEqual(sizing.bets.map((b) => b.id), ['good']);
  t.deepEqual(
    sizing.excluded.map((e) => e.id),
    ['neg', 'bad', 'good'],
  );
});

test('beyond ten bets, the best ten edges are sized and the rest are left out', (t) => {
  const bets = Array.from({ length: 12 }, (_, i) => ({ id: `b${String(i).padStart(2, '0')}`, gameId: `g${i}`, probability: 0.5, decimal: 2.1 + i * 0.01 }));
  const sizing = sizeSimultaneous(bets, 100);
  t.is(sizing.bets.length, 10);
  t.deepEqual(sizing.excluded.map((e) => e.id).sort(), ['b00', 'b01']);
});

test('on random slates, the total never exceeds the cap and no bet exceeds its single-bet Kelly stake', (t) => {
  const random = mulberry32(2024);
  let scaled = 0;
  for (let round = 0; round < 300; round++) {
    const bankroll = 10 + random() * 490;
    const bets: SimultaneousBet[] = [];
    const games = 1 + Math.floor(random() * 7);
    for (let g = 0; g < games; g++) {
      // One to three outcomes of the same market, with probabilities that leave room for a third result.
      const outcomes = 1 + Math.floor(random() * 3);
      let left = 0.95;
      for (let o = 0; o < outcomes; o++) {
        const probability = Math.min(left - 0.01, 0.1 + random() * 0.5);
        if (probability <= 0.02) break;
        left -= probability;
        bets.push({ id: `g${g}o${o}`, gameId: `g${g}`, probability, decimal: (1 / probability) * (0.95 + random() * 0.25) });
      }
    }
    const options = {
      kelly: { fraction: 0.1 + random() * 0.9, cap: { kind: 'bankroll-fraction', value: 0.01 + random() * 0.2 } },
      totalCap: { kind: 'bankroll-fraction', value: 0.02 + random() * 0.2 },
    } as const;
    const sizing = sizeSimultaneous(bets, bankroll, options);
    if (sizing.scale < 1) scaled++;
    t.true(sizing.totalStake <= sizing.totalCapUnits * (1 + 1e-12), `round ${round}: ${sizing.totalStake} > ${sizing.totalCapUnits}`);
    for (const sized of sizing.bets) {
      const bet = bets.find((b) => b.id === sized.id)!;
      const single = kellyStake(bet.probability, bet.decimal, bankroll, options.kelly).stake;
      t.true(sized.stake >= 0 && sized.stake <= single * (1 + 1e-12), `round ${round}, ${sized.id}: ${sized.stake} > ${single}`);
    }
  }
  // The cap must actually have been exercised for the check to mean anything.
  t.true(scaled > 30, `only ${scaled} slates hit the total cap`);
});
