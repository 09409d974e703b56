/**
 * k-means (Lloyd's iterations) with seeded k-means++ initialisation (Arthur & Vassilvitskii 2007), best of
 * several restarts by inertia. Same points, k and seed → same clustering.
 */
import { mulberry32 } from 'dbsbm';
import type { Uniform } from './sampling.ts';

export interface KMeansResult {
  centroids: number[][];
  /** Index of each point's centroid. */
  assignments: number[];
  /** Sum of squared distances of points to their centroids. */
  inertia: number;
}

export interface KMeansOptions {
  seed: number;
  /** @default 10 */
  restarts?: number;
  /** @default 100 */
  maxIterations?: number;
}

/** Squared Euclidean distance. */
export function squaredDistance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i += 1) s += (a[i] - b[i]) ** 2;
  return s;
}

/** Index of the nearest centroid (the first on ties). */
export function nearestCentroid(point: readonly number[], centroids: readonly (readonly number[])[]): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  centroids.forEach((c, i) => {
    const d = squaredDistance(point, c);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

function kMeansPlusPlus(rand: Uniform, points: readonly (readonly number[])[], k: number): number[][] {
  const centroids = [[...points[Math.floor(rand() * points.length)]]];
  const d2 = points.map((p) => squaredDistance(p, centroids[0]));
  while (centroids.length < k) {
    const total = d2.reduce((a, b) => a + b, 0);
    // All points coincide with a centroid already: any point will do.
    let target = rand() * total;
    let idx = 0;
    if (total > 0) {
      while (idx < points.length - 1 && target >= d2[idx]) {
        target -= d2[idx];
        idx += 1;
      }
    } else idx = Math.floor(rand() * points.length);
    const c = [...points[idx]];
    centroids.push(c);
    points.forEach((p, i) => (d2[i] = Math.min(d2[i], squaredDistance(p, c))));
  }
  return centroids;
}

function lloyd(points: readonly (readonly number[])[], start: number[][], maxIterations: number): KMeansResult {
  let centroids = start;
  let assignments = points.map((p) => nearestCentroid(p, centroids));
  for (let it = 0; it < maxIterations; it += 1) {
    const dim = points[0].length;
    const sums = centroids.map(() => new Array<number>(dim).fill(0));
    const counts = centroids.map(() => 0);
    points.forEach((p, i) => {
      counts[assignments[i]] += 1;
      p.forEach((v, j) => (sums[assignments[i]][j] += v));
    });
    // An emptied cluster keeps its old centroid rather than collapsing to the origin.
    centroids = sums.map((s, c) => (counts[c] > 0 ? s.map((v) => v / counts[c]) : centroids[c]));
    const next = points.map((p) => nearestCentroid(p, centroids));
    const changed = next.some((a, i) => a !== assignments[i]);
    assignments = next;
    if (!changed) break;
  }
  const inertia = points.reduce((s, p, i) => s + squaredDistance(p, centroids[assignments[i]]), 0);
  return { centroids, assignments, inertia };
}

/**
 * Clusters `points` into `k` groups.
 * @throws RangeError when k is not in 1..points.length.
 */
export function kMeans(points: readonly (readonly number[])[], k: number, options: KMeansOptions): KMeansResult {
  if (!Number.isInteger(k) || k < 1 || k > points.length) throw new RangeError(`k must be in 1..${points.length}, got ${k}`);
  const { seed, restarts = 10, maxIterations = 100 } = options;
  const rand = mulberry32(seed);
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r += 1) {
    const result = lloyd(points, kMeansPlusPlus(rand, points, k), maxIterations);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best as KMeansResult;
}
