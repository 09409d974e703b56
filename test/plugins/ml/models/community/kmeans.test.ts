import test from 'ava';
import { adjustedRandIndex } from '../../../../../src/plugins/ml/models/community/clustering-metrics.ts';
import { kMeans } from '../../../../../src/plugins/ml/models/community/kmeans.ts';
import { mulberry32 } from '../../../../../src/index.ts';

function blobs(seed: number) {
  const rand = mulberry32(seed);
  const centres = [[0, 0], [10, 0], [0, 10], [10, 10]];
  const points: number[][] = [];
  const truth: number[] = [];
  centres.forEach((c, k) => {
    for (let i = 0; i < 40; i += 1) {
      points.push([c[0] + rand() * 2 - 1, c[1] + rand() * 2 - 1]);
      truth.push(k);
    }
  });
  return { points, truth };
}

test('k-means recovers four well-separated blobs exactly', (t) => {
  const { points, truth } = blobs(3);
  const result = kMeans(points, 4, { seed: 1 });
  t.is(adjustedRandIndex(result.assignments, truth), 1);
  for (const c of result.centroids) t.true(c.every((v) => Math.abs(v) < 1.5 || Math.abs(v - 10) < 1.5));
});

test('k-means is deterministic for a seed', (t) => {
  const { points } = blobs(4);
  t.deepEqual(kMeans(points, 3, { seed: 7 }), kMeans(points, 3, { seed: 7 }));
});

test('k must be between 1 and the number of points', (t) => {
  t.throws(() => kMeans([[0], [1]], 3, { seed: 1 }), { instanceOf: RangeError });
  t.throws(() => kMeans([[0], [1]], 0, { seed: 1 }), { instanceOf: RangeError });
});
