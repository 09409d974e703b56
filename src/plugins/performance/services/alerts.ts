import type { EntityManager } from '@mikro-orm/knex';
import type { SystemHealthAlert } from 'dbsbm';
import type { AlertRule } from '../options.ts';
import type { AlertState } from '../entities/alert-state.ts';
import { FRESH_MS, judgeRule, type RuleVerdict } from './alert-evaluation.ts';
import { METRICS } from './catalogue.ts';
import type { PerformanceContext } from './context.ts';
import type { AlertNotice } from './alert-notice.ts';
import { readRows } from './metric-rows.ts';

/** A rule that changed state in one evaluation. */
export interface AlertTransition {
  rule: string;
  to: 'firing' | 'ok';
  alert: SystemHealthAlert;
}

/** The job that sends one owner one notice (declared in the plugin's `jobs`). */
export const NOTIFY_JOB = 'notify';

function toState(r: Record<string, unknown>): AlertState {
  const tags = typeof r.tags === 'string' ? (JSON.parse(r.tags) as Record<string, string>) : ((r.tags as Record<string, string> | null) ?? null);
  return {
    rule: String(r.rule),
    state: r.state === 'firing' ? 'firing' : 'ok',
    since: r.since === null ? null : Number(r.since),
    value: r.value === null ? null : Number(r.value),
    tags,
    updatedAt: Number(r.updated_at),
  };
}

/** Every rule's state as stored (rules never evaluated have none: they are ok). */
export async function alertStates(ctx: PerformanceContext): Promise<Map<string, AlertState>> {
  const rows = await ctx.data.all('select rule, state, since, value, tags, updated_at from performance_alerts');
  return new Map(rows.map((r) => [String(r.rule), toState(r)]));
}

const alertOf = (rule: AlertRule, verdict: RuleVerdict, since: number): SystemHealthAlert => ({
  rule: rule.name,
  metric: rule.metric,
  comparator: rule.comparator,
  threshold: rule.threshold,
  forSeconds: rule.forMinutes * 60,
  value: verdict.value,
  unit: METRICS[rule.metric].unit,
  tags: verdict.tags,
  since: new Date(since).toISOString(),
});

/**
 * Evaluates every rule at `now` against the minute rows and moves each between ok and firing. A change is written
 * with a conditional update, so only one evaluation wins it even if two overlap; in the same transaction the winner
 * publishes `system.health` (durably, to webhooks) and enqueues one direct message per bot owner. A rule that stays
 * firing notifies nobody again; it notifies once more when it resolves.
 */
export async function evaluateAlerts(ctx: PerformanceContext, now = Date.now()): Promise<AlertTransition[]> {
  const rules = ctx.options.rules;
  const longest = Math.max(0, ...rules.map((r) => r.forMinutes));
  const rows = await readRows(ctx, { metrics: [...new Set(rules.map((r) => r.metric))], from: now - longest * 60_000 - FRESH_MS, to: now });
  const states = await alertStates(ctx);
  const out: AlertTransition[] = [];
  for (const rule of rules) {
    const verdict = judgeRule(rule, rows, now);
    const state = states.get(rule.name);
    const firing = state?.state === 'firing';
    if (verdict.breaching && !firing) {
      const alert = alertOf(rule, verdict, now);
      if (await transition(ctx, rule.name, 'firing', alert, now)) out.push({ rule: rule.name, to: 'firing', alert });
    } else if (!verdict.breaching && firing) {
      const alert = alertOf(rule, verdict, state.since ?? now);
      if (await transition(ctx, rule.name, 'ok', alert, now)) out.push({ rule: rule.name, to: 'ok', alert });
    }
  }
  return out;
}

/** Writes one state change and its notices in one transaction; false when another evaluation already made it. */
async function transition(ctx: PerformanceContext, rule: string, to: 'firing' | 'ok', alert: SystemHealthAlert, now: number): Promise<boolean> {
  return ctx.data.transaction(async (em: EntityManager) => {
    const ignore = ctx.data.dialect === 'sqlite' ? 'on conflict do nothing' : 'on duplicate key update rule = rule';
    await ctx.data.run(`insert into performance_alerts (rule, state, updated_at) values (?, 'ok', ?) ${ignore}`, [rule, now], em);
    const from = to === 'firing' ? 'ok' : 'firing';
    const since = to === 'firing' ? now : null;
    const changed = await ctx.data.run(
      'update performance_alerts set state = ?, since = ?, value = ?, tags = ?, updated_at = ? where rule = ? and state = ?',
      [to, since, alert.value, JSON.stringify(alert.tags), now, rule, from],
      em,
    );
    if (changed.changes !== 1) return false;
    const status = to === 'firing' ? 'alert' : 'resolved';
    await ctx.events.publishInTransaction(em, 'system.health', { status, at: new Date(now).toISOString(), instance: ctx.name, alert });
    for (const userId of ctx.botOwners) {
      const notice: AlertNotice = { userId, status, alert };
      await ctx.jobs.enqueue(em, NOTIFY_JOB, notice, { idempotencyKey: `performance:${rule}:${alert.since}:${status}:${userId}` });
    }
    if (ctx.botOwners.length === 0) ctx.logger.warn({ rule, status }, 'performance alert with no bot owner to tell (set BOT_OWNER_IDS)');
    return true;
  });
}
