import type { ChatInputCommandInteraction } from 'discord.js';
import { metricsFilterSchema, type MetricsFilter } from '../services/filters.ts';

/** The filter options every analytics subcommand shares, validated with the same schema as the dashboard's query. */
export function filterFromOptions(interaction: ChatInputCommandInteraction, guildId: string): { ok: true; filter: MetricsFilter } | { ok: false; message: string } {
  const parsed = metricsFilterSchema.safeParse({
    period: interaction.options.getString('period') ?? undefined,
    sport: interaction.options.getString('sport') ?? undefined,
    league: interaction.options.getString('league') ?? undefined,
    capper: interaction.options.getUser('capper')?.id,
    betType: interaction.options.getString('bet_type') ?? undefined,
  });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n') };
  return { ok: true, filter: { ...parsed.data, guildId } };
}
