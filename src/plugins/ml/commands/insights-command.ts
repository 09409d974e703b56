import { Command } from '@sapphire/framework';
import { EmbedBuilder, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { Colors } from 'dbsbm';
import type { MlContext } from '../services/context.ts';
import { rebalanceSuggestions, recommend, riskSummary } from '../services/insights/index.ts';
import { predictableGames, predictGame } from '../services/predictor.ts';
import { recordPrediction } from '../services/tracking.ts';

type Row = Record<string, unknown>;
const signed = (n: number): string => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toFixed(2)}u`;

/** What `/insights` shows a member: their own risk figures, exposure, and (if they asked for them) recommendations. */
export async function memberInsights(ctx: MlContext, guildId: string, userId: string, now = Date.now()) {
  const conn = ctx.em().getConnection();
  const records = (await conn.execute('select settled_at, units, net from betting_unit_records where guild_id = ? and user_id = ? order by settled_at, id', [guildId, userId])) as Row[];
  const risk = riskSummary(records.map((r) => ({ settledAt: Number(r.settled_at), units: Number(r.units), net: Number(r.net) })));
  const open = (await conn.execute(
    `select b.id, b.units, b.selection, b.sport, g.home_team, g.away_team from betting_bets b left join betting_games g on g.id = b.game_id
     where b.guild_id = ? and b.user_id = ? and b.status in ('pending', 'live')`,
    [guildId, userId],
  )) as Row[];
  const rebalance = rebalanceSuggestions(
    open.map((b) => ({
      betId: Number(b.id),
      units: Number(b.units),
      legs: [{ team: b.selection === 'home' ? ((b.home_team as string) ?? null) : b.selection === 'away' ? ((b.away_team as string) ?? null) : null, sport: (b.sport as string) ?? null }],
    })),
  );
  const prefs = await ctx.users.get(userId);
  let recommendations: ReturnType<typeof recommend> | null = null;
  let blocked: string | null = null;
  if (prefs.mlRecommendationsEnabled) {
    const [limits] = (await conn.execute('select daily_units, cooling_off_until, self_excluded from betting_member_limits where guild_id = ? and user_id = ?', [guildId, userId])) as Row[];
    if (limits && (Boolean(limits.self_excluded) || Number(limits.cooling_off_until ?? 0) > now)) {
      blocked = 'You are taking a break from betting here (see /limits), so there are no recommendations.';
    } else {
      const dayStart = Math.floor(now / 86_400_000) * 86_400_000;
      const [today] = (await conn.execute("select coalesce(sum(units), 0) as u from betting_bets where guild_id = ? and user_id = ? and placed_at >= ? and status <> 'cancelled'", [guildId, userId, dayStart])) as Row[];
      const settings = await ctx.settings.get(guildId);
      const selections = [];
      for (const id of await predictableGames(ctx, now, 10)) {
        const r = await predictGame(ctx, id, now);
        if (!r.ok || !r.prediction.current) continue;
        const p = r.prediction;
        await recordPrediction(ctx, { guildId, userId, data: { gameId: p.gameId, label: p.label, model: p.model, market: p.marketNow, modelVersion: p.modelVersion } });
        for (const k of ['home', 'draw', 'away'] as const) {
          selections.push({ id: `${p.gameId}:${k}`, gameId: String(p.gameId), label: `${p.label}: ${k === 'home' ? p.homeTeam : k === 'away' ? p.awayTeam : 'draw'}`, probability: p.model[k], decimal: p.current![k] });
        }
      }
      recommendations = recommend({
        selections,
        bankrollUnits: settings.bankrollUnits,
        history: records.slice(-50).map((r) => ({ units: Number(r.units), net: Number(r.net) })),
        limits: { maxUnitsPerDay: limits?.daily_units === null || limits?.daily_units === undefined ? null : Number(limits.daily_units), unitsPlacedToday: Number(today?.u ?? 0) },
        options: { value: { threshold: settings.valueThreshold } },
      });
    }
  }
  return { risk, rebalance, recommendationsEnabled: prefs.mlRecommendationsEnabled, recommendations, blocked };
}

/** `/insights`: a member's own risk-adjusted record and exposure; personal suggestions only if they opted in. */
export function insightsCommand(ctx: MlContext) {
  return class InsightsCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'insights', description: 'Your risk-adjusted record, exposure and suggestions' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) => b.setName('insights').setDescription('Your risk-adjusted record, exposure and suggestions').setDMPermission(false));
    }

    override async chatInputRun(interaction: ChatInputCommandInteraction): Promise<void> {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const i = await memberInsights(ctx, interaction.guildId!, interaction.user.id);
      const r = i.risk;
      const fields = [
        { name: 'Settled bets', value: String(r.bets), inline: true },
        { name: 'Net', value: signed(r.net), inline: true },
        { name: 'ROI', value: r.roi === null ? '—' : `${(r.roi * 100).toFixed(1)}%`, inline: true },
        { name: 'Worst drawdown', value: `${r.drawdown.units.toFixed(2)}u`, inline: true },
        { name: 'Sharpe-like (30 days)', value: r.sharpe === null ? '—' : r.sharpe.toFixed(2), inline: true },
        { name: 'Sortino-like', value: r.sortino === null ? '—' : r.sortino.toFixed(2), inline: true },
      ];
      const parts: string[] = [];
      if (i.rebalance.suggestions.length) parts.push(`**Exposure**\n${i.rebalance.suggestions.map((s) => s.message).join('\n')}`);
      if (i.blocked) parts.push(i.blocked);
      else if (!i.recommendationsEnabled) parts.push('Personal suggestions are off. Turn them on with `/preferences set ml_recommendations:true`.');
      else if (i.recommendations) {
        const recs = i.recommendations.recommendations.filter((x) => x.stake > 0).slice(0, 5);
        parts.push(recs.length ? `**Suggestions**\n${recs.map((x) => `${x.selection.label} at ${x.selection.decimal.toFixed(2)}: ${x.stake.toFixed(2)}u. ${x.reason}`).join('\n')}` : '**Suggestions**\nNothing worth a stake right now.');
        if (i.recommendations.losingRun.losing) parts.push('You are on a losing run, so suggested stakes are held at your usual size. They never go up to win back losses.');
      }
      await interaction.editReply({
        embeds: [
          new EmbedBuilder()
            .setColor(Colors.info)
            .setTitle('Your insights')
            .addFields(fields)
            .setDescription(parts.join('\n\n') || 'Nothing stands out in your open bets.')
            .setFooter({ text: 'Only you see this. Sharpe-like = mean net per bet ÷ its spread × √(bets per 30 days).' }),
        ],
      });
    }
  };
}
