/** How well a clustering recovers known classes. */

function contingency(a: readonly (string | number)[], b: readonly (string | number)[]): number[][] {
  if (a.length !== b.length) throw new RangeError('labelings differ in length');
  const ai = new Map<string | number, number>();
  const bi = new Map<string | number, number>();
  for (const v of a) if (!ai.has(v)) ai.set(v, ai.size);
  for (const v of b) if (!bi.has(v)) bi.set(v, bi.size);
  const table = Array.from({ length: ai.size }, () => new Array<number>(bi.size).fill(0));
  a.forEach((v, i) => {
    table[ai.get(v) as number][bi.get(b[i]) as number] += 1;
  });
  return table;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/**
 * Adjusted Rand index (Hubert & Arabie 1985): pair agreement between two labelings, corrected for chance —
 * 1 for identical partitions (up to renaming), about 0 for random ones.
 */
export function adjustedRandIndex(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const table = contingency(a, b);
  const n = a.length;
  const sumCells = table.flat().reduce((s, v) => s + pairs(v), 0);
  const sumRows = table.reduce((s, row) => s + pairs(row.reduce((x, y) => x + y, 0)), 0);
  const sumCols = table[0]?.reduce((s, _, j) => s + pairs(table.reduce((x, row) => x + row[j], 0)), 0) ?? 0;
  const expected = (sumRows * sumCols) / pairs(n);
  const max = (sumRows + sumCols) / 2;
  return max === expected ? 1 : (sumCells - expected) / (max - expected);
}

/** Purity: each cluster is credited with its most common true class; the share of items so credited. */
export function purity(clusters: readonly (string | number)[], truth: readonly (string | number)[]): number {
  const table = contingency(clusters, truth);
  return table.reduce((s, row) => s + Math.max(...row), 0) / clusters.length;
}
