import { Refusal } from 'dbsbm';
import type { StreamContext } from '../services/context.ts';
import { readCompetitionPlan, type CreateCompetitionRaw } from './create-input.ts';
import { CompetitionSchema, OPEN_STATUSES, type Competition } from './entity.ts';
import { appendEnded, appendStarted } from './live-events.ts';

/** The most competitions a server may have scheduled or running at once. */
export const MAX_OPEN_COMPETITIONS = 5;

/** Who creates a competition, where, and what they typed. */
export interface CreateCompetitionInput {
  guildId: string;
  createdBy: string;
  /** Where the final standings are posted. */
  channelId: string;
  raw: CreateCompetitionRaw;
}

/**
 * Creates a competition after checking what was typed (create-input.ts), the server's limit of open competitions and
 * that no open one has the same name. Refusals change nothing. One that starts now is `running` at once and says so
 * on the server's `competitions` topic; a later one waits for the minute job. Logged with who created it.
 */
export async function createCompetition(ctx: StreamContext, input: CreateCompetitionInput, now = Date.now()): Promise<Competition> {
  const plan = readCompetitionPlan(input.raw, now);
  const competition = await ctx.em().transactional(async (em) => {
    const open = await em.find(CompetitionSchema, { guildId: input.guildId, status: { $in: [...OPEN_STATUSES] } });
    if (open.length >= MAX_OPEN_COMPETITIONS) {
      throw new Refusal('LIMIT_REACHED', `This server already has ${open.length} competitions scheduled or running, the most it may have at once (${MAX_OPEN_COMPETITIONS}).`, {
        title: 'Competition not created',
        next: 'Wait for one to end, or cancel one with `/competition cancel`.',
      });
    }
    const clash = open.find((c) => c.name.toLowerCase() === plan.name.toLowerCase());
    if (clash) {
      throw new Refusal('CONFLICT', `Competition #${clash.id} is already called "${clash.name}".`, { title: 'Competition not created', next: 'Choose another name.' });
    }
    const created = em.create(CompetitionSchema, {
      guildId: input.guildId,
      name: plan.name,
      channelId: input.channelId,
      metric: plan.metric,
      startsAt: plan.startsAt,
      endsAt: plan.endsAt,
      timeZone: plan.timeZone,
      status: plan.startsAt <= now ? 'running' : 'scheduled',
      createdBy: input.createdBy,
      createdAt: now,
      cancelledBy: null,
      closedAt: null,
      finalStandings: null,
      messageId: null,
    });
    await em.flush();
    return created;
  });
  ctx.logger.info(
    { audit: 'competition.created', guildId: competition.guildId, competitionId: competition.id, by: input.createdBy, name: competition.name, startsAt: competition.startsAt, endsAt: competition.endsAt, metric: competition.metric },
    'competition created',
  );
  if (competition.status === 'running') await appendStarted(ctx, competition);
  return competition;
}

/**
 * The competition a member means: `#12` or `12` (its number), else a name (the newest with it); with nothing
 * given, the one running (the newest), else the next to start, else the last to end. NOT_FOUND says where to look.
 */
export async function findCompetition(ctx: StreamContext, guildId: string, reference?: string | null): Promise<Competition> {
  const em = ctx.em();
  const typed = reference?.trim() ?? '';
  let found: Competition | null = null;
  if (typed === '') {
    found =
      (await em.findOne(CompetitionSchema, { guildId, status: 'running' }, { orderBy: { id: 'desc' } })) ??
      (await em.findOne(CompetitionSchema, { guildId, status: 'scheduled' }, { orderBy: { startsAt: 'asc' } })) ??
      (await em.findOne(CompetitionSchema, { guildId, status: { $in: ['ending', 'ended'] } }, { orderBy: { endsAt: 'desc' } }));
    if (!found) throw new Refusal('NOT_FOUND', 'This server has no competitions yet.', { next: 'A server manager can start one with `/competition create`.' });
    return found;
  }
  const id = /^#?(\d{1,9})$/.exec(typed);
  if (id) found = await em.findOne(CompetitionSchema, { guildId, id: Number(id[1]) });
  else {
    const named = await em.find(CompetitionSchema, { guildId }, { orderBy: { id: 'desc' }, limit: 200 });
    found = named.find((c) => c.name.toLowerCase() === typed.toLowerCase()) ?? null;
  }
  if (!found) throw new Refusal('NOT_FOUND', `This server has no competition "${typed}".`, { next: 'Pick one from the list that appears as you type, or see them with `/competition list`.' });
  return found;
}

/** A server's competitions for `/competition list`: every open one, then the latest `recent` finished or cancelled. */
export async function listCompetitions(ctx: StreamContext, guildId: string, recent = 5): Promise<{ open: Competition[]; past: Competition[] }> {
  const em = ctx.em();
  const open = await em.find(CompetitionSchema, { guildId, status: { $in: [...OPEN_STATUSES] } }, { orderBy: { startsAt: 'asc', id: 'asc' } });
  const past = await em.find(CompetitionSchema, { guildId, status: { $in: ['ending', 'ended', 'cancelled'] } }, { orderBy: { closedAt: 'desc', id: 'desc' }, limit: recent });
  return { open, past };
}

/**
 * Cancels a scheduled or running competition: nothing is posted, and the `competitions` topic hears it ended as
 * `cancelled`. CONFLICT once it has ended (or is being posted). Logged with who cancelled it.
 */
export async function cancelCompetition(ctx: StreamContext, guildId: string, reference: string, by: string, now = Date.now()): Promise<Competition> {
  const competition = await findCompetition(ctx, guildId, reference);
  const changed = await ctx.em().nativeUpdate(CompetitionSchema, { id: competition.id, guildId, status: { $in: [...OPEN_STATUSES] } }, { status: 'cancelled', cancelledBy: by, closedAt: now });
  if (changed === 0) {
    throw new Refusal('CONFLICT', `Competition #${competition.id} "${competition.name}" has already ${competition.status === 'cancelled' ? 'been cancelled' : 'ended'}.`, {
      title: 'Nothing to cancel',
      next: 'See the open ones with `/competition list`.',
    });
  }
  const cancelled: Competition = { ...competition, status: 'cancelled', cancelledBy: by, closedAt: now };
  ctx.logger.info({ audit: 'competition.cancelled', guildId, competitionId: competition.id, by, name: competition.name }, 'competition cancelled');
  await appendEnded(ctx, cancelled, 'cancelled', now);
  return cancelled;
}
