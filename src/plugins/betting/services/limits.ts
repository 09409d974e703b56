import type { EntityManager } from '@mikro-orm/knex';
import { BetSchema } from '../entities/bet.ts';
import { MemberLimitsSchema, type MemberLimits } from '../entities/member-limits.ts';
import { Refusal } from 'dbsbm';

const DAY = 86_400_000;
/** A raised limit waits this long, so a decision made in the heat of a losing streak can cool down. */
export const RAISE_DELAY_MS = DAY;

/** The limits in force at `now`: a raised limit counts only once its 24 hours have passed. */
export function effectiveLimits(row: MemberLimits | null, now: number): { daily: number | null; weekly: number | null } {
  if (!row) return { daily: null, weekly: null };
  const pendingDue = row.pendingFrom !== null && row.pendingFrom <= now;
  // A pending removal is stored as NO_LIMIT, since null already means "nothing pending".
  const unwrap = (v: number | null): number | null => (v === NO_LIMIT ? null : v);
  return {
    daily: unwrap(pendingDue && row.pendingDailyUnits !== null ? row.pendingDailyUnits : row.dailyUnits),
    weekly: unwrap(pendingDue && row.pendingWeeklyUnits !== null ? row.pendingWeeklyUnits : row.weeklyUnits),
  };
}

const NO_LIMIT = Number.MAX_SAFE_INTEGER;

const kindly = 'Taking a break is a good call — we will be here when it ends.';

/** One unit limit in force over its rolling window. */
export interface UnitLimitInForce {
  /** Units allowed in the window. */
  limit: number;
  /** Units staked in the window: every bet placed in it, whatever became of it, except cancelled ones. */
  staked: number;
  /** What may still be staked: max(0, limit − staked). */
  left: number;
  /** Start of the rolling window (a bet placed after it counts), epoch ms. */
  since: number;
}

/** A member's limits as placement enforces them at one instant. */
export interface LimitsInForce {
  selfExcluded: boolean;
  /** End of a cooling-off period still running, or null. */
  coolingOffUntil: number | null;
  /** The last 24 hours (rolling, not a calendar day); null when there is no daily limit. */
  daily: UnitLimitInForce | null;
  /** The last 7 days (rolling); null when there is no weekly limit. */
  weekly: UnitLimitInForce | null;
  /** A raised or removed limit that is not in force yet (null value: the limit is being removed). */
  pending: { daily?: number | null; weekly?: number | null; from: number } | null;
}

/** A stake fits a unit limit when staked + units ≤ limit + this (float sums of stakes are not exact). */
export const LIMIT_TOLERANCE = 1e-9;

/**
 * The limits in force for a member at `now`: self-exclusion, cooling-off, and each unit limit with what is staked
 * in its rolling window (24 hours daily, 7 days weekly; a raised limit counts only once its delay has passed).
 * The one reading of the limits: placement enforces exactly these numbers, and other plugins read them through
 * the betting API. Runs in `em`'s transaction when there is one.
 */
export async function limitsInForce(em: EntityManager, guildId: string, userId: string, now: number): Promise<LimitsInForce> {
  const row = await em.findOne(MemberLimitsSchema, { guildId, userId });
  return limitsOfRow(row, now, async (since) => {
    const rows = (await em.getConnection().execute(STAKED_SINCE_SQL, [guildId, userId, since], 'all', em.getTransactionContext())) as { staked: number | string }[];
    return Number(rows[0]?.staked ?? 0);
  });
}

/**
 * Units a member staked in a server since a time (exclusive), cancelled bets aside: the one reading of a limit's window.
 * Values: guild id, user id, since.
 */
export const STAKED_SINCE_SQL = `select coalesce(sum(units), 0) as staked from betting_bets where guild_id = ? and user_id = ? and placed_at > ? and status <> 'cancelled'`;

/**
 * The limits in force at `now` from a member's limits row (null: none set), with `stakedSince` answering what is
 * staked in a window; it is asked only for the limits in force. {@link limitsInForce} and placement (which reads the
 * row in the placing transaction) both come here, so they enforce the same numbers.
 */
export async function limitsOfRow(row: MemberLimits | null, now: number, stakedSince: (since: number) => Promise<number>): Promise<LimitsInForce> {
  if (!row) return { selfExcluded: false, coolingOffUntil: null, daily: null, weekly: null, pending: null };
  const limits = effectiveLimits(row, now);
  const window = async (limit: number | null, since: number): Promise<UnitLimitInForce | null> => {
    if (limit === null) return null;
    const staked = await stakedSince(since);
    return { limit, staked, left: Math.max(0, limit - staked), since };
  };
  const waiting = row.pendingFrom !== null && row.pendingFrom > now;
  const unwrap = (v: number): number | null => (v === NO_LIMIT ? null : v);
  return {
    selfExcluded: row.selfExcluded,
    coolingOffUntil: row.coolingOffUntil !== null && row.coolingOffUntil > now ? row.coolingOffUntil : null,
    daily: await window(limits.daily, now - DAY),
    weekly: await window(limits.weekly, now - 7 * DAY),
    pending: waiting
      ? {
          ...(row.pendingDailyUnits !== null ? { daily: unwrap(row.pendingDailyUnits) } : {}),
          ...(row.pendingWeeklyUnits !== null ? { weekly: unwrap(row.pendingWeeklyUnits) } : {}),
          from: row.pendingFrom!,
        }
      : null,
  };
}

/**
 * Refuses a stake that self-exclusion, a cooling-off period or a unit limit does not allow, as read by
 * {@link limitsInForce}.
 */
export async function assertWithinLimits(em: EntityManager, guildId: string, userId: string, units: number, now: number): Promise<void> {
  refuseOutsideLimits(await limitsInForce(em, guildId, userId, now), units);
}

/** Throws the refusal (SELF_EXCLUDED, COOLING_OFF, LIMIT_REACHED) that the limits in force give a stake, if any. */
export function refuseOutsideLimits(inForce: LimitsInForce, units: number): void {
  if (inForce.selfExcluded) {
    throw new Refusal('SELF_EXCLUDED', `You have excluded yourself from betting in this server, so no bet was placed. ${kindly} A server manager can help if you need it lifted.`);
  }
  if (inForce.coolingOffUntil !== null) {
    throw new Refusal('COOLING_OFF', `You are in a cooling-off period until <t:${Math.floor(inForce.coolingOffUntil / 1000)}:f>, so no bet was placed. ${kindly}`);
  }
  for (const [label, window] of [
    ['daily', inForce.daily],
    ['weekly', inForce.weekly],
  ] as const) {
    if (window === null) continue;
    if (window.staked + units > window.limit + LIMIT_TOLERANCE) {
      throw new Refusal(
        'LIMIT_REACHED',
        `That would take you past your ${label} limit of ${window.limit} units (${window.staked} staked so far, ${window.left.toFixed(2)} left), so no bet was placed. You set this limit to keep betting fun — see /limits.`,
      );
    }
  }
}

export interface LimitChange {
  dailyUnits?: number | null;
  weeklyUnits?: number | null;
  coolingOffDays?: number;
  selfExclude?: boolean;
}

/**
 * Changes a member's limits. Lowering (or setting a first limit) applies at once; raising or removing one applies
 * after 24 hours. A cooling-off period is 1 to 30 days and cannot be shortened.
 */
export async function changeLimits(em: EntityManager, guildId: string, userId: string, change: LimitChange, now: number): Promise<{ row: MemberLimits; delayed: string[] }> {
  if (change.coolingOffDays !== undefined && (!Number.isInteger(change.coolingOffDays) || change.coolingOffDays < 1 || change.coolingOffDays > 30)) {
    throw new Refusal('BAD_LIMIT', 'A cooling-off period is 1 to 30 whole days.');
  }
  for (const v of [change.dailyUnits, change.weeklyUnits]) {
    if (v !== undefined && v !== null && (!Number.isFinite(v) || v <= 0 || v > 100_000)) throw new Refusal('BAD_LIMIT', 'A unit limit is a positive number of units.');
  }
  const delayed: string[] = [];
  const row = await em.transactional(async (tem) => {
    let row = await tem.findOne(MemberLimitsSchema, { guildId, userId });
    if (!row) {
      row = tem.create(MemberLimitsSchema, {
        guildId, userId, dailyUnits: null, weeklyUnits: null, pendingDailyUnits: null, pendingWeeklyUnits: null, pendingFrom: null, coolingOffUntil: null, selfExcluded: false, updatedAt: now,
      });
    }
    const current = effectiveLimits(row, now);
    row.dailyUnits = current.daily;
    row.weeklyUnits = current.weekly;
    row.pendingDailyUnits = null;
    row.pendingWeeklyUnits = null;
    row.pendingFrom = null;
    const apply = (key: 'daily' | 'weekly', value: number | null | undefined): void => {
      if (value === undefined) return;
      const now_ = key === 'daily' ? row!.dailyUnits : row!.weeklyUnits;
      const lowering = value !== null && (now_ === null || value <= now_);
      if (lowering) {
        if (key === 'daily') row!.dailyUnits = value;
        else row!.weeklyUnits = value;
      } else {
        if (key === 'daily') row!.pendingDailyUnits = value ?? NO_LIMIT;
        else row!.pendingWeeklyUnits = value ?? NO_LIMIT;
        row!.pendingFrom = now + RAISE_DELAY_MS;
        delayed.push(key);
      }
    };
    apply('daily', change.dailyUnits);
    apply('weekly', change.weeklyUnits);
    if (change.coolingOffDays !== undefined) row.coolingOffUntil = Math.max(row.coolingOffUntil ?? 0, now + change.coolingOffDays * DAY);
    if (change.selfExclude) row.selfExcluded = true;
    row.updatedAt = now;
    return row;
  });
  return { row, delayed };
}

/** Open bets (pending or live) of a member in a server. */
export async function countOpenBets(em: EntityManager, guildId: string, userId: string): Promise<number> {
  return em.count(BetSchema, { guildId, userId, status: { $in: ['pending', 'live'] } });
}
