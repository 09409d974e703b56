import { createHash } from 'node:crypto';
import type { JobRun } from 'dbsbm';
import { z } from 'zod';
import type { StreamContext } from '../services/context.ts';
import { CompetitionSchema, OPEN_STATUSES, type Competition } from './entity.ts';
import { appendEnded, appendStarted } from './live-events.ts';
import { computeStandings, type Standings } from './standings.ts';
import { standingsMessage } from './view.ts';

/** The minute job: starts competitions whose window opened, freezes those whose window closed. */
export const TICK_JOB = 'competitions-tick';
/** The job that posts one competition's final standings (queued with the freeze, in its transaction). */
export const POST_JOB = 'competition-post';

const postPayload = z.object({ competitionId: z.number().int().positive() });
export type PostPayload = z.infer<typeof postPayload>;

/** What a tick did, for tests and logs. */
export interface TickOutcome {
  started: number[];
  frozen: number[];
}

/**
 * One tick of the competitions clock (cron, once a minute across instances). Scheduled competitions whose start has
 * come become `running` (and say so on the server's topic). Competitions whose end has passed get their final
 * standings computed and, in one transaction, stored with status `ending` and a {@link POST_JOB} queued — guarded by
 * the status, so a retried or overlapping tick freezes and queues nothing twice. Servers with the plugin off are
 * skipped (their competitions wait until it is on again).
 */
export async function competitionsTick(ctx: StreamContext, now = Date.now()): Promise<TickOutcome> {
  const outcome: TickOutcome = { started: [], frozen: [] };
  const em = ctx.em();
  const gates = new Map<string, Promise<boolean>>();
  const on = (guildId: string): Promise<boolean> => {
    let ok = gates.get(guildId);
    if (!ok) gates.set(guildId, (ok = ctx.gate(guildId).then((g) => g.ok)));
    return ok;
  };

  for (const c of await em.find(CompetitionSchema, { status: 'scheduled', startsAt: { $lte: now } }, { orderBy: { id: 'asc' }, limit: 500 })) {
    if (!(await on(c.guildId))) continue;
    if ((await em.nativeUpdate(CompetitionSchema, { id: c.id, status: 'scheduled' }, { status: 'running' })) === 0) continue;
    outcome.started.push(c.id);
    await appendStarted(ctx, { ...c, status: 'running' });
  }

  for (const c of await em.find(CompetitionSchema, { status: { $in: [...OPEN_STATUSES] }, endsAt: { $lte: now } }, { orderBy: { endsAt: 'asc' }, limit: 100 })) {
    if (!(await on(c.guildId))) continue;
    const standings = await computeStandings(ctx, c, now, true);
    const frozen = await ctx.em().transactional(async (tx) => {
      const changed = await tx.nativeUpdate(CompetitionSchema, { id: c.id, status: { $in: [...OPEN_STATUSES] } }, { status: 'ending', finalStandings: JSON.stringify(standings), closedAt: now });
      if (changed === 0) return false;
      await ctx.jobs.enqueue(tx, POST_JOB, { competitionId: c.id } satisfies PostPayload, { idempotencyKey: `competition:${c.id}:post` });
      return true;
    });
    if (frozen) outcome.frozen.push(c.id);
  }
  return outcome;
}

const standingsJson = z.object({
  competitionId: z.number(),
  metric: z.enum(['net', 'roi', 'winrate']),
  at: z.number(),
  final: z.boolean(),
  members: z.number(),
  rows: z.array(
    z.object({
      rank: z.number(),
      userId: z.string(),
      net: z.number(),
      roi: z.number().nullable(),
      winRate: z.number().nullable(),
      bets: z.number(),
      wins: z.number(),
      losses: z.number(),
      pushes: z.number(),
    }),
  ),
});

/** A competition's frozen final standings; null before it ended. */
export function frozenStandings(c: Competition): Standings | null {
  return c.finalStandings === null ? null : standingsJson.parse(JSON.parse(c.finalStandings));
}

/**
 * Posts a competition's frozen final standings (embed and chart) to its channel, marks it `ended` and tells its
 * server's topic. A competition no longer `ending` was posted already: nothing happens. Should the process stop
 * between posting and marking, the retry posts with the same enforced nonce, and Discord answers with the first
 * message instead of posting again. `ctx.discord` throws while Discord cannot be reached: the job retries.
 */
export async function postFinalStandings(ctx: StreamContext, run: Pick<JobRun, 'payload'>, now = Date.now()): Promise<'posted' | 'skipped'> {
  const { competitionId } = postPayload.parse(run.payload);
  const c = await ctx.em().findOne(CompetitionSchema, { id: competitionId });
  const standings = c ? frozenStandings(c) : null;
  if (!c || c.status !== 'ending' || !standings) return 'skipped';
  let messageId: string | null = null;
  if ((await ctx.gate(c.guildId)).ok) {
    const nonce = createHash('sha256').update(`stream:competition:${c.id}:final`).digest('hex').slice(0, 25);
    messageId = (await ctx.discord.send(c.channelId, { ...(await standingsMessage(ctx, c, standings)), nonce, enforceNonce: true })).id;
  } else {
    // Turned off between the freeze and the post: a disabled plugin posts nothing; the standings stay stored.
    ctx.logger.info({ guildId: c.guildId, competitionId: c.id }, 'competition ended while the plugin is off: not posted');
  }
  const changed = await ctx.em().nativeUpdate(CompetitionSchema, { id: c.id, status: 'ending' }, { status: 'ended', messageId });
  if (changed === 0) return 'skipped';
  ctx.logger.info({ guildId: c.guildId, competitionId: c.id, messageId }, 'competition ended');
  await appendEnded(ctx, { ...c, status: 'ended', messageId }, 'finished', c.closedAt ?? now, standings);
  return messageId ? 'posted' : 'skipped';
}
