/** One figure of a benchmark, beside its baseline when it has one. */
export interface BenchLine {
  bench: string;
  metric: string;
  value: number;
  baseline: number | null;
  ratio: number | null;
}

/** 3 decimals, or 4 significant digits for small numbers (so a 0.00002 ratio does not print as 0). */
const round = (n: number): number => (!Number.isFinite(n) || n === 0 ? n : Math.abs(n) < 1 ? Number(n.toPrecision(4)) : Math.round(n * 1000) / 1000);

/** Prints one JSON line on stdout (the orchestrator collects them); progress goes to stderr. */
export function emit(bench: string, metric: string, value: number, baseline: number | null = null): BenchLine {
  const line: BenchLine = {
    bench,
    metric,
    value: round(value),
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline === null || baseline === 0 ? null : round(value / baseline),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  return line;
}

export function progress(message: string): void {
  process.stderr.write(`  [${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
