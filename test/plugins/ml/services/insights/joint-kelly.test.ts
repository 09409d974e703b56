import test from 'ava';
import { jointKellyFractions, type JointBet } from '../../../../../src/plugins/ml/services/insights/joint-kelly.ts';
import { fullKelly } from '../../../../../src/plugins/ml/services/insights/kelly.ts';
import { mulberry32 } from '../../../../../src/index.ts';
import { near } from './near.ts';

/** Expected log growth of independent bets (one per game), enumerating all 2^n outcomes directly. */
function independentGrowth(bets: readonly JointBet[], fractions: readonly number[]): number {
  let growth = 0;
  for (let mask = 0; mask < 1 << bets.length; mask++) {
    let probability = 1;
    let wealth = 1;
    bets.forEach((bet, i) => {
      const won = (mask >> i) & 1;
      probability *= won ? bet.probability : 1 - bet.probability;
      wealth += fractions[i] * (won ? bet.decimal - 1 : -1);
    });
    growth += probability * Math.log(wealth);
  }
  return growth;
}

test('one bet alone gets exactly its single-bet Kelly fraction', (t) => {
  near(t, jointKellyFractions([{ gameId: 'a', probability: 0.55, decimal: 2 }])[0], 0.1, 1e-9);
  near(t, jointKellyFractions([{ gameId: 'a', probability: 0.4, decimal: 3 }])[0], 0.1, 1e-9);
});

test('two independent even-money bets at p=0.6: f = (p² − q²)/(2(p² + q²)) = 0.2/1.04, below single Kelly 0.2', (t) => {
  const f = jointKellyFractions([
    { gameId: 'a', probability: 0.6, decimal: 2 },
    { gameId: 'b', probability: 0.6, decimal: 2 },
  ]);
  near(t, f[0], 0.2 / 1.04, 1e-9);
  near(t, f[1], 0.2 / 1.04, 1e-9);
});

test('two outcomes of one game match the closed-form mutually-exclusive Kelly (fᵢ = pᵢ − R/dᵢ)', (t) => {
  // Outcomes A (p 0.5 at 2.2) and B (p 0.3 at 3.6) of a three-way market, the third outcome not backed.
  // Both enter the optimal set; the reserve is R = (1 − 0.5 − 0.3)/(1 − 1/2.2 − 1/3.6).
  const R = 0.2 / (1 - 1 / 2.2 - 1 / 3.6);
  const f = jointKellyFractions([
    { gameId: 'g', probability: 0.5, decimal: 2.2 },
    { gameId: 'g', probability: 0.3, decimal: 3.6 },
  ]);
  near(t, f[0], 0.5 - R / 2.2, 1e-9);
  near(t, f[1], 0.3 - R / 3.6, 1e-9);
  // The hedge lets A take more than it would alone: 0.160 against 0.083.
  t.true(f[0] > fullKelly(0.5, 2.2));
});

test('a mutually exclusive outcome without enough value gets nothing', (t) => {
  // B at p·d = 0.9 is below the reserve rate once A is in, so the optimum leaves it out.
  const f = jointKellyFractions([
    { gameId: 'g', probability: 0.5, decimal: 2.1 },
    { gameId: 'g', probability: 0.4, decimal: 2.25 },
  ]);
  near(t, f[1], 0, 1e-12);
  near(t, f[0], fullKelly(0.5, 2.1), 1e-9);
});

test('on random independent bets the result is a maximum: no small move improves expected log growth', (t) => {
  const random = mulberry32(7);
  for (let round = 0; round < 20; round++) {
    const n = 1 + Math.floor(random() * 8);
    const bets: JointBet[] = Array.from({ length: n }, (_, i) => {
      const probability = 0.15 + random() * 0.7;
      return { gameId: `g${i}`, probability, decimal: (1 / probability) * (0.9 + random() * 0.3) };
    });
    const f = jointKellyFractions(bets);
    const best = independentGrowth(bets, f);
    for (let i = 0; i < n; i++) {
      t.true(f[i] >= 0);
      for (const step of [1e-4, -1e-4]) {
        const moved = f.map((x, j) => (j === i ? Math.max(0, x + step) : x));
        t.true(independentGrowth(bets, moved) <= best + 1e-12, `round ${round}, bet ${i}, step ${step}`);
      }
    }
    t.true(f.reduce((a, b) => a + b, 0) < 1);
  }
});

test('ten bets (1024 outcomes) are sized, eleven are refused', (t) => {
  const bets = Array.from({ length: 11 }, (_, i) => ({ gameId: `g${i}`, probability: 0.5, decimal: 2.1 }));
  const f = jointKellyFractions(bets.slice(0, 10));
  t.is(f.length, 10);
  for (const x of f) t.true(x > 0 && x < fullKelly(0.5, 2.1));
  t.throws(() => jointKellyFractions(bets), { instanceOf: RangeError });
});

test('a game whose outcomes are given more than 100% together is refused', (t) => {
  t.throws(
    () =>
      jointKellyFractions([
        { gameId: 'g', probability: 0.6, decimal: 2 },
        { gameId: 'g', probability: 0.5, decimal: 2.2 },
      ]),
    { instanceOf: RangeError, message: /add up to 1\.1/ },
  );
});

test('backing every outcome of a game at arbitrage prices stays within the bankroll', (t) => {
  const f = jointKellyFractions([
    { gameId: 'g', probability: 0.5, decimal: 2.1 },
    { gameId: 'g', probability: 0.5, decimal: 2.1 },
  ]);
  const total = f[0] + f[1];
  t.true(total <= 1 + 1e-12 && f.every((x) => x >= 0));
});

test('unusable prices are refused', (t) => {
  t.throws(() => jointKellyFractions([{ gameId: 'g', probability: 1, decimal: 2 }]), { instanceOf: RangeError });
  t.throws(() => jointKellyFractions([{ gameId: 'g', probability: 0.5, decimal: 1 }]), { instanceOf: RangeError });
});
