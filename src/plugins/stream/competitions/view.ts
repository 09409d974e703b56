import { AttachmentBuilder, escapeMarkdown } from 'discord.js';
import { chartPng, infoEmbed, successEmbed, type DiscordMessage, type SafeEmbedBuilder } from 'dbsbm';
import type { StreamContext } from '../services/context.ts';
import type { Competition, CompetitionMetric } from './entity.ts';
import type { StandingRow, Standings } from './standings.ts';

/** Rows an embed lists, and bars a chart draws. */
const EMBED_ROWS = 15;
const CHART_BARS = 10;
/** The chart's file name, as the embed's image refers to it. */
export const CHART_FILE = 'competition.png';

const METRIC_LABEL: Record<CompetitionMetric, string> = { net: 'net units', roi: 'ROI', winrate: 'win rate' };
const STATUS_LABEL: Record<Competition['status'], string> = { scheduled: 'starts', running: 'running', ending: 'ended', ended: 'ended', cancelled: 'cancelled' };

const stamp = (ms: number, style = 'f'): string => `<t:${Math.floor(ms / 1000)}:${style}>`;

/** "#3 **Friday cup** · 8 Dec 18:00 → 10 Dec 18:00 · net units · running", for lists and headers. */
export function competitionLine(c: Competition): string {
  return `**#${c.id} ${escapeMarkdown(c.name)}** · ${stamp(c.startsAt)} → ${stamp(c.endsAt)} · ${METRIC_LABEL[c.metric]} · ${STATUS_LABEL[c.status]}`;
}

/** One standings row as people read it: rank, member, net, ROI, record. */
function rowLine(ctx: StreamContext, r: StandingRow): string {
  const { format } = ctx.use('betting');
  const winRate = r.winRate === null ? '' : ` · ${format.percent(r.winRate)} won`;
  return `**${r.rank}.** <@${r.userId}> · ${format.signedUnits(r.net)} · ROI ${format.percent(r.roi)}${winRate} · ${r.bets} bet${r.bets === 1 ? '' : 's'} (${r.wins}-${r.losses}-${r.pushes})`;
}

/** The figure a chart draws for a row. */
function chartValue(r: StandingRow, metric: CompetitionMetric): number {
  if (metric === 'net') return r.net;
  const rate = metric === 'roi' ? r.roi : r.winRate;
  return rate === null ? 0 : Math.round(rate * 1000) / 10;
}

/** The standings as an embed (and, when someone has a settled bet, a bar chart of the leaders). */
export async function standingsMessage(ctx: StreamContext, c: Competition, s: Standings): Promise<Pick<DiscordMessage, 'embeds' | 'files' | 'allowedMentions'>> {
  const title = s.final ? `🏆 ${c.name}: final standings` : `${c.name}: standings`;
  const lines = s.rows.slice(0, EMBED_ROWS).map((r) => rowLine(ctx, r));
  const more = s.members > EMBED_ROWS ? `\n…and ${s.members - EMBED_ROWS} more.` : '';
  const body = lines.length > 0 ? `${lines.join('\n')}${more}` : 'No settled bets placed in the window yet.';
  const rules = `Bets placed ${stamp(c.startsAt)} → ${stamp(c.endsAt)} (${c.timeZone}), ranked by ${METRIC_LABEL[c.metric]}${s.final ? '; bets still open at the end do not count' : ''}.`;
  const embed: SafeEmbedBuilder = (s.final ? successEmbed(title) : infoEmbed(title)).setDescription(`${rules}\n\n${body}`).setFooter({ text: `Competition #${c.id} · ${s.members} member(s) with settled bets` });
  if (s.rows.length === 0) return { embeds: [embed], allowedMentions: { parse: [] } };
  const leaders = s.rows.slice(0, CHART_BARS);
  const names = await ctx.discord.displayNames(c.guildId, leaders.map((r) => r.userId));
  const png = await chartPng(
    {
      title: `${c.name}${s.final ? ' (final)' : ''}`,
      subtitle: `Top ${leaders.length} by ${METRIC_LABEL[c.metric]}`,
      yLabel: c.metric === 'net' ? 'units' : '%',
      kind: 'bar',
      xType: 'nominal',
      // The rank keeps two members with the same display name apart.
      points: leaders.map((r) => ({ x: `${r.rank}. ${names[r.userId] ?? r.userId}`, y: chartValue(r, c.metric) })),
    },
    { width: 800, height: 360 },
  );
  embed.setImage(`attachment://${CHART_FILE}`);
  return { embeds: [embed], files: [new AttachmentBuilder(png, { name: CHART_FILE })], allowedMentions: { parse: [] } };
}
