import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { Colors, type DiscordMessage } from 'dbsbm';
import { ResultPostSchema, SlipMessageSchema } from '../entities/announcements.ts';
import { BetSchema, OPEN_STATUSES, SETTLED_STATUSES, type Bet } from '../entities/bet.ts';
import { GameSchema, type Game } from '../entities/game.ts';
import { betSlipEmbed, signedUnits } from '../views/bet-slip.ts';
import { loadSlip } from './bet-view.ts';
import type { BettingContext } from './context.ts';
import { gameLabel, selectionLabel } from './games.ts';
import { formatOdds, type OddsFormat } from './odds.ts';

/** Lines of graded bets a results post lists before "and N more" (an embed description holds 4096 characters). */
const RESULT_LINES = 25;

/** Remembers a message that shows a bet's slip, so it is edited when the bet settles. Recording twice is harmless. */
export async function recordSlipMessage(ctx: BettingContext, bet: Pick<Bet, 'id' | 'guildId'>, channelId: string, messageId: string): Promise<void> {
  // One prepared statement on the hot path of /bet place; the primary key (bet, message) makes a second one a no-op.
  const sql =
    ctx.data.dialect === 'sqlite'
      ? 'insert into betting_slip_messages (bet_id, message_id, channel_id, guild_id, posted_at) values (?, ?, ?, ?, ?) on conflict do nothing'
      : 'insert into betting_slip_messages (bet_id, message_id, channel_id, guild_id, posted_at) values (?, ?, ?, ?, ?) on duplicate key update bet_id = bet_id';
  await ctx.data.run(sql, [bet.id, messageId, channelId, bet.guildId, Date.now()]);
}

/**
 * After `/bet place` answered with a slip: records that reply, and posts a copy in the server's slips channel when
 * it has one and the command ran elsewhere. Never fails the command: a copy that cannot be posted is logged.
 */
export async function showSlip(
  ctx: BettingContext,
  bet: Pick<Bet, 'id' | 'guildId'>,
  channelId: string,
  messageId: string | undefined,
  slip: DiscordMessage,
): Promise<void> {
  try {
    if (messageId) await recordSlipMessage(ctx, bet, channelId, messageId);
    const { slipsChannel } = await ctx.settings.get(bet.guildId);
    if (!slipsChannel || slipsChannel === channelId) return;
    const copy = await ctx.discord.send(slipsChannel, { ...slip, allowedMentions: { parse: [] } });
    await recordSlipMessage(ctx, bet, slipsChannel, copy.id);
  } catch (err) {
    ctx.logger.warn({ err, betId: bet.id }, 'could not record or copy the bet slip');
  } finally {
    // Settled while the slip was being recorded: its bet.settled found no slip to edit, so edit it now.
    const now = await ctx.data.get<{ status: Bet['status'] }>('select status from betting_bets where id = ?', [bet.id]);
    if (now && !OPEN_STATUSES.includes(now.status)) await refreshSlips(ctx, bet.id).catch(() => undefined);
  }
}

/**
 * Edits every message showing this bet's slip to its current state (result, net, no more tail/fade buttons). An edit
 * shows the bet as it is now, so a redelivered event edits again to the same thing and never posts.
 */
export async function refreshSlips(ctx: BettingContext, betId: number): Promise<number> {
  const em = ctx.em();
  const messages = await em.find(SlipMessageSchema, { betId });
  if (messages.length === 0) return 0;
  const bet = await em.findOne(BetSchema, { id: betId });
  if (!bet) return 0;
  const { oddsFormat } = await ctx.settings.get(bet.guildId);
  const slip = await loadSlip(em, bet);
  const embed = betSlipEmbed(bet, slip.games, oddsFormat, slip.legs, slip.capperName);
  for (const m of messages) await ctx.discord.edit(m.channelId, m.messageId, { embeds: [embed], components: [] });
  return messages.length;
}

function pickOf(bet: Bet, game: Game): string {
  if (bet.type === 'player_prop') return bet.description ?? 'Player prop';
  return bet.market && bet.selection ? selectionLabel(game, bet.market, bet.selection, bet.line) : '—';
}

/** The results post of one game in one server: the final score and how the server's bets on it were graded. */
export function resultsMessage(game: Game, bets: Bet[], format: OddsFormat) {
  const lines = bets.map(
    (b) => `Bet #${b.id} · <@${b.userId}> · ${pickOf(b, game)} @ ${formatOdds(b.decimal, format)} · **${b.status}** ${signedUnits(b.net ?? 0)}${b.verified ? '' : ' · unverified'}`,
  );
  const shown = lines.slice(0, RESULT_LINES);
  if (lines.length > shown.length) shown.push(`…and ${lines.length - shown.length} more`);
  return {
    embeds: [
      {
        title: `Full time: ${game.homeTeam} ${game.homeScore ?? '?'}–${game.awayScore ?? '?'} ${game.awayTeam}`.slice(0, 256),
        description: (shown.length ? shown.join('\n') : 'No bets in this server were graded on it yet.').slice(0, 4096),
        color: Colors.info,
        footer: { text: `${game.league} · ${gameLabel(game)}`.slice(0, 2048) },
      },
    ],
    allowedMentions: { parse: [] as never[] },
  };
}

/** Servers with graded bets on a game. */
async function guildsWithBets(em: EntityManager, gameId: number): Promise<string[]> {
  const rows = await em.find(BetSchema, { gameId, status: { $in: [...SETTLED_STATUSES] } }, { fields: ['guildId'] });
  return [...new Set(rows.map((r) => r.guildId))];
}

/**
 * Posts a game's result in the results channel of every server that has bets graded on it and a results channel
 * set (and betting on). One post per game and server: a redelivered `game.final` edits the post it made. Should the
 * process stop between posting and recording the post, the retry's post carries the same enforced nonce, and Discord
 * answers it with the first message instead of posting again.
 */
export async function postResults(ctx: BettingContext, gameId: number): Promise<number> {
  const em = ctx.em();
  const game = await em.findOne(GameSchema, { id: gameId });
  if (!game) return 0;
  let posted = 0;
  for (const guildId of await guildsWithBets(em, gameId)) {
    if (!(await ctx.gate(guildId)).ok) continue;
    const { resultsChannel, oddsFormat } = await ctx.settings.get(guildId);
    if (!resultsChannel) continue;
    const bets = await em.find(BetSchema, { guildId, gameId, status: { $in: [...SETTLED_STATUSES] } }, { orderBy: { id: 'asc' } });
    const message = resultsMessage(game, bets, oddsFormat);
    const earlier = await em.findOne(ResultPostSchema, { guildId, gameId });
    if (earlier) {
      await ctx.discord.edit(earlier.channelId, earlier.messageId, message);
      continue;
    }
    const nonce = createHash('sha256').update(`betting:results:${guildId}:${gameId}`).digest('hex').slice(0, 25);
    const sent = await ctx.discord.send(resultsChannel, { ...message, nonce, enforceNonce: true });
    await em.persistAndFlush(em.create(ResultPostSchema, { guildId, gameId, channelId: resultsChannel, messageId: sent.id, postedAt: Date.now() }));
    posted += 1;
  }
  return posted;
}
