/** Fisher's exact test on a 2×2 table, for comparing how often two groups of bets do something. */

/**
 * One-sided p-value that group A does the thing more often than group B:
 *
 * |         | did it | did not |
 * |---------|--------|---------|
 * | group A | `a`    | `b`     |
 * | group B | `c`    | `d`     |
 *
 * P(X ≥ a) for X hypergeometric with the table's margins fixed, i.e. the chance of a split at least this lopsided
 * if the thing were equally likely in both groups. Exact, so it stays honest with the handful of bets a member has.
 *
 * @returns 1 when either group is empty (nothing to compare).
 */
export function fisherExactGreater(a: number, b: number, c: number, d: number): number {
  const groupA = a + b;
  const groupB = c + d;
  if (groupA === 0 || groupB === 0) return 1;
  const did = a + c;
  const total = groupA + groupB;
  const logFactorial = logFactorials(total);
  const logChoose = (n: number, k: number): number => logFactorial[n] - logFactorial[k] - logFactorial[n - k];
  const logDenominator = logChoose(total, groupA);
  let p = 0;
  for (let x = a; x <= Math.min(groupA, did); x++) {
    p += Math.exp(logChoose(did, x) + logChoose(total - did, groupA - x) - logDenominator);
  }
  return Math.min(1, p);
}

function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) table[i] = table[i - 1] + Math.log(i);
  return table;
}
