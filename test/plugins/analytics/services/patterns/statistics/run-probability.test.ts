import test from 'ava';
import { probabilityOfRun } from '../../../../../../src/plugins/analytics/services/patterns/statistics/run-probability.ts';

/** Probability of a run by listing every sequence, for small n. */
function bruteForce(trials: number, length: number, p: number): number {
  let total = 0;
  for (let mask = 0; mask < 1 << trials; mask++) {
    let run = 0;
    let hit = false;
    let probability = 1;
    for (let i = 0; i < trials; i++) {
      const success = (mask >> i) & 1;
      probability *= success ? p : 1 - p;
      run = success ? run + 1 : 0;
      if (run >= length) hit = true;
    }
    if (hit) total += probability;
  }
  return total;
}

test('the run probability matches enumeration of every sequence', (t) => {
  for (const [trials, length, p] of [
    [4, 2, 0.5],
    [10, 3, 1 / 7],
    [12, 4, 0.3],
    [8, 8, 0.9],
  ] as const) {
    t.true(Math.abs(probabilityOfRun(trials, length, p) - bruteForce(trials, length, p)) < 1e-12, `${trials}, ${length}, ${p}`);
  }
  t.is(probabilityOfRun(4, 2, 0.5), 0.5);
});

test('edge cases', (t) => {
  t.is(probabilityOfRun(2, 3, 0.5), 0);
  t.is(probabilityOfRun(5, 0, 0.5), 1);
  t.is(probabilityOfRun(5, 2, 0), 0);
  t.is(probabilityOfRun(5, 2, 1), 1);
});
