/** One figure of a benchmark, beside its baseline when it has one. */
export interface BenchLine {
  bench: string;
  metric: string;
  value: number;
  baseline: number | null;
  ratio: number | null;
  /** Set on a goal line (issue 14's targets): the target, how the value compares with it, and whether it is met. */
  goal?: { target: number; op: '>=' | '<=' | '<'; met: boolean };
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

/**
 * Prints a goal line: `value` against `target` (e.g. throughput ratio >= 0.5, p95 ms < 500). The summary lists every
 * goal with met or missed; `ratio` is value / target.
 */
export function emitGoal(bench: string, name: string, value: number, op: '>=' | '<=' | '<', target: number): BenchLine {
  const met = op === '>=' ? value >= target : op === '<=' ? value <= target : value < target;
  const line: BenchLine = {
    bench,
    metric: `goal: ${name} ${op} ${target}`,
    value: round(value),
    baseline: round(target),
    ratio: target === 0 ? null : round(value / target),
    goal: { target, op, met },
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  return line;
}
