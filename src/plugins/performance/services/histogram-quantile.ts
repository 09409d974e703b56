/** One cumulative bucket of a histogram: observations at or below `le` (`Infinity` for the last). */
export interface Bucket {
  le: number;
  count: number;
}

/**
 * The `q` quantile (0–1) of a histogram's cumulative buckets, as Prometheus' `histogram_quantile` estimates it:
 * linear within the bucket the rank falls in; a rank in the `+Inf` bucket answers the largest finite bound (the
 * histogram knows no more). Null when the histogram is empty.
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const b of sorted) {
    if (b.count >= rank) {
      if (b.le === Infinity) return lowerBound;
      const inBucket = b.count - lowerCount;
      return inBucket <= 0 ? b.le : lowerBound + ((b.le - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = b.le;
    lowerCount = b.count;
  }
  return lowerBound;
}
