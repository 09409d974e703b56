import type { EntityManager } from '@mikro-orm/knex';
import { Refusal } from 'dbsbm';
import { BetAuditSchema } from '../entities/bet-audit.ts';
import { BetLegSchema } from '../entities/bet-leg.ts';
import { BetSchema, OPEN_STATUSES, type Bet } from '../entities/bet.ts';
import { CapperSchema } from '../entities/capper.ts';
import { GameSchema } from '../entities/game.ts';
import type { BettingContext } from './context.ts';
import { gradedNet, parlayNet, type BetResult } from './payout.ts';
import { assertSafeLabel } from './safe-label.ts';
import { afterSettlement, publishSettled, recordUnits, settleOne, type SettledRow } from './settle-writes.ts';

export interface ManualGradeInput {
  guildId: string;
  betId: number;
  result: BetResult;
  actorId: string;
  /** The actor may grade anyone's bet (Manage Server). */
  isManager: boolean;
  now?: number;
}

export interface RegradeInput extends ManualGradeInput {
  /** Why the grade changes; kept in the audit log. */
  reason: string;
}

/** Net units of a bet graded by hand, at its price of record (payout.ts: the same formulas the feed pays by). */
const netOf = (bet: Bet, result: BetResult): number => (bet.type === 'parlay' ? parlayNet(result, bet.units, bet.decimal) : gradedNet(result, bet.units, bet.decimal));

const row = (bet: Bet): SettledRow => ({ id: bet.id, guild_id: bet.guildId, user_id: bet.userId, status: bet.status, net: bet.net ?? 0 });

async function findBet(em: EntityManager, guildId: string, betId: number): Promise<Bet> {
  const bet = await em.findOne(BetSchema, { id: betId, guildId });
  if (!bet) throw new Refusal('BET_NOT_FOUND', `There is no bet #${betId} in this server. See your bets with /bet list.`);
  return bet;
}

/** Refuses (GRADE_TOO_EARLY) a grade before the bet's game (every leg's game, for a parlay) has started. */
async function assertStarted(em: EntityManager, bet: Bet, now: number): Promise<void> {
  const gameIds = bet.gameId !== null ? [bet.gameId] : (await em.find(BetLegSchema, { betId: bet.id })).map((l) => l.gameId);
  const games = gameIds.length ? await em.find(GameSchema, { id: { $in: gameIds } }) : [];
  const notStarted = games.find((g) => g.status === 'scheduled' && g.startTime > now);
  if (notStarted) {
    throw new Refusal('GRADE_TOO_EARLY', `Bet #${bet.id} cannot be graded before its game starts (<t:${Math.floor(notStarted.startTime / 1000)}:f>).`, {
      next: 'Grade it once the game is under way or over.',
    });
  }
}

/** Whether the actor is a capper of the server (has a capper profile) other than the bettor. */
async function isOtherCapper(em: EntityManager, bet: Bet, actorId: string): Promise<boolean> {
  if (actorId === bet.userId) return false;
  return (await em.count(CapperSchema, { guildId: bet.guildId, userId: actorId })) > 0;
}

/**
 * Grades one bet by hand. Game lines and parlays are graded by the feed; only a server manager may grade one by hand
 * (audited). A prop may be graded by its bettor, another capper or a server manager, never before its game starts;
 * it counts in records (verified) only once someone other than the bettor — a manager or another capper — grades or
 * confirms it (grading it again with the same result). Grading again the same way by anyone else changes nothing;
 * a different result is a regrade ({@link regradeBet}, managers only). Every grade is in the audit log.
 */
export async function gradeBet(ctx: BettingContext, input: ManualGradeInput): Promise<{ bet: Bet; changed: boolean }> {
  const now = input.now ?? Date.now();
  let changed = false;
  const bet = await ctx.em().transactional(async (tem) => {
    const bet = await findBet(tem, input.guildId, input.betId);
    const own = bet.userId === input.actorId;
    const capper = await isOtherCapper(tem, bet, input.actorId);
    if (bet.type !== 'player_prop' && !input.isManager) {
      throw new Refusal('NOT_ALLOWED', `Bet #${bet.id} is graded by the feed from the final score; only a server manager can grade it by hand.`);
    }
    if (!own && !capper && !input.isManager) {
      throw new Refusal('NOT_ALLOWED', `Bet #${bet.id} is not yours; only its bettor, another capper or a server manager can grade it.`);
    }
    await assertStarted(tem, bet, now);
    // A prop counts once someone other than the bettor vouches for its grade.
    const confirms = bet.type === 'player_prop' && !own && (capper || input.isManager);
    if (OPEN_STATUSES.includes(bet.status)) {
      settleOne(tem, bet, input.result, netOf(bet, input.result), input.actorId, now);
      if (confirms) bet.verified = true;
    } else if (bet.status === input.result && confirms && !bet.verified) {
      tem.create(BetAuditSchema, { guildId: bet.guildId, betId: bet.id, actorId: input.actorId, action: 'confirmed', fromStatus: bet.status, toStatus: bet.status, details: { net: bet.net }, at: now });
      bet.verified = true;
    } else if (bet.status === input.result) {
      return bet;
    } else {
      throw new Refusal('ALREADY_SETTLED', `Bet #${bet.id} is already ${bet.status}; graded bets are locked so records can be trusted.`, {
        next: 'A server manager can change the grade with /bet regrade and a reason.',
      });
    }
    await tem.flush();
    await recordUnits(tem, 'b.id = ?', [bet.id], bet.settledAt ?? now);
    await publishSettled(ctx, tem, [row(bet)]);
    changed = true;
    return bet;
  });
  if (changed) await afterSettlement(ctx, [row(bet)]);
  return { bet, changed };
}

/**
 * Changes the grade of a settled bet: server managers only, with a reason, never before the game starts. In one
 * transaction: the bet's status and net, its unit record (so stats and leaderboards follow), an audit row with who,
 * why and the net before and after, and `bet.settled` published again (durably) so other plugins' roll-ups refresh.
 * The settlement time is kept, so the same day's roll-ups are recomputed. A manager's regrade of someone else's
 * prop also confirms it (verified).
 */
export async function regradeBet(ctx: BettingContext, input: RegradeInput): Promise<{ bet: Bet; changed: boolean }> {
  const now = input.now ?? Date.now();
  if (!input.isManager) throw new Refusal('NOT_ALLOWED', 'Only a server manager (Manage Server) can regrade a settled bet.');
  const reason = assertSafeLabel(input.reason.trim(), 'The reason');
  if (reason.length < 3) throw new Refusal('INVALID_INPUT', 'Say why the grade changes (at least 3 characters); it is kept in the audit log.');
  let changed = false;
  const bet = await ctx.em().transactional(async (tem) => {
    const bet = await findBet(tem, input.guildId, input.betId);
    if (OPEN_STATUSES.includes(bet.status)) throw new Refusal('NOT_SETTLED', `Bet #${bet.id} is ${bet.status}, not settled yet.`, { next: 'Grade it with /bet grade.' });
    if (bet.status === 'cancelled') throw new Refusal('ALREADY_SETTLED', `Bet #${bet.id} was cancelled by its bettor; a cancelled bet has no grade to change.`);
    await assertStarted(tem, bet, now);
    if (bet.status === input.result) return bet;
    const fromStatus = bet.status;
    const fromNet = bet.net;
    const net = netOf(bet, input.result);
    tem.create(BetAuditSchema, { guildId: bet.guildId, betId: bet.id, actorId: input.actorId, action: 'regraded', fromStatus, toStatus: input.result, details: { reason, fromNet, net }, at: now });
    bet.status = input.result;
    bet.net = net;
    if (bet.type === 'player_prop' && bet.userId !== input.actorId) bet.verified = true;
    await tem.flush();
    const trx = tem.getTransactionContext();
    await tem.getConnection().execute('update betting_unit_records set result = ?, net = ? where bet_id = ?', [bet.status, net, bet.id], 'run', trx);
    await recordUnits(tem, 'b.id = ?', [bet.id], bet.settledAt ?? now);
    await publishSettled(ctx, tem, [row(bet)]);
    changed = true;
    return bet;
  });
  if (changed) await afterSettlement(ctx, [row(bet)]);
  return { bet, changed };
}
