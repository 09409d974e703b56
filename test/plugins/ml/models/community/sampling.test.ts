import test from 'ava';
import { mulberry32 } from '../../../../../src/index.ts';
import { logNormal, poisson, sample, weightedIndex } from '../../../../../src/plugins/ml/models/community/sampling.ts';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test('Poisson draws average their mean, in both regimes', (t) => {
  const rand = mulberry32(1);
  for (const m of [0.7, 4, 45]) {
    const xs = Array.from({ length: 20_000 }, () => poisson(rand, m));
    t.true(Math.abs(mean(xs) - m) < 0.05 * m + 0.02, `mean ${m}`);
  }
});

test('log-normal draws have the requested median', (t) => {
  const rand = mulberry32(2);
  const xs = Array.from({ length: 20_001 }, () => logNormal(rand, 3, 0.5)).sort((a, b) => a - b);
  t.true(Math.abs(xs[10_000] - 3) < 0.1);
});

test('weighted picks follow the weights and samples are distinct', (t) => {
  const rand = mulberry32(3);
  const counts = [0, 0, 0];
  for (let i = 0; i < 30_000; i += 1) counts[weightedIndex(rand, [1, 2, 0])] += 1;
  t.is(counts[2], 0);
  t.true(Math.abs(counts[1] / counts[0] - 2) < 0.1);
  const picked = sample(rand, [1, 2, 3, 4, 5], 3);
  t.is(new Set(picked).size, 3);
});
