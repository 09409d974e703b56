import type { AlertRule } from '../options.ts';
import type { MetricRow } from './metric-rows.ts';
import { tagsMatch } from './series.ts';

/** Newest minute row a breach may end on: a series silent for longer than this is not "still breaching". */
export const FRESH_MS = 120_000;

/** What a rule sees in the rows: whether it breaches, and on which series with what value. */
export interface RuleVerdict {
  breaching: boolean;
  /** The worst value over the window of the worst breaching series (or the newest value of any series when none breaches). */
  value: number | null;
  tags: Record<string, string>;
}

const compare = (value: number, rule: AlertRule): boolean => {
  switch (rule.comparator) {
    case '>':
      return value > rule.threshold;
    case '>=':
      return value >= rule.threshold;
    case '<':
      return value < rule.threshold;
    case '<=':
      return value <= rule.threshold;
  }
};

/** Which of two values is worse for a rule: the higher for `>`/`>=`, the lower for `<`/`<=`. */
const worse = (a: number, b: number, rule: AlertRule): number => (rule.comparator.startsWith('>') ? Math.max(a, b) : Math.min(a, b));

/**
 * Whether a rule breaches at `now`, from the minute rows of its metric: some series matching its tags has its last
 * `forMinutes` minutes written, one after the other, the newest at most {@link FRESH_MS} old, every one breaching.
 * Figures written only in minutes with traffic (latencies, cache hit rates) therefore fire only when each of those
 * minutes had traffic and breached.
 */
export function judgeRule(rule: AlertRule, rows: readonly MetricRow[], now: number): RuleVerdict {
  const bySeries = new Map<string, MetricRow[]>();
  for (const r of rows) {
    if (r.metric !== rule.metric || r.timestamp > now || !tagsMatch(r.tags, rule.tags)) continue;
    const list = bySeries.get(r.series) ?? [];
    list.push(r);
    bySeries.set(r.series, list);
  }
  let verdict: RuleVerdict = { breaching: false, value: null, tags: {} };
  let newest = -Infinity;
  for (const list of bySeries.values()) {
    const recent = [...list].sort((a, b) => b.timestamp - a.timestamp).slice(0, rule.forMinutes);
    const head = recent[0]!;
    const consecutive = recent.every((r, i) => i === 0 || recent[i - 1]!.timestamp - r.timestamp === 60_000);
    const breaching = recent.length === rule.forMinutes && consecutive && now - head.timestamp <= FRESH_MS && recent.every((r) => compare(r.value, rule));
    if (breaching) {
      const value = recent.reduce((v, r) => worse(v, r.value, rule), recent[0]!.value);
      if (!verdict.breaching || worse(value, verdict.value!, rule) === value) verdict = { breaching: true, value, tags: head.tags };
    } else if (!verdict.breaching && head.timestamp > newest) {
      newest = head.timestamp;
      verdict = { breaching: false, value: head.value, tags: head.tags };
    }
  }
  return verdict;
}
