import type { ChatInputCommandInteraction } from 'discord.js';
import { Refusal } from 'dbsbm';
import { metricsFilterSchema, type MetricsFilter } from '../services/filters.ts';

/** Zod's issues in words, one per line, for a refusal's message. */
export const issuesText = (issues: readonly { path: PropertyKey[]; message: string }[]): string[] => issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);

/** The filter options as given, or the problems with them (a report's save lists them with its own). */
export function readFilterOptions(interaction: ChatInputCommandInteraction, guildId: string): { filter: MetricsFilter; problems: [] } | { filter?: undefined; problems: string[] } {
  const parsed = metricsFilterSchema.safeParse({
    period: interaction.options.getString('period') ?? undefined,
    sport: interaction.options.getString('sport') ?? undefined,
    league: interaction.options.getString('league') ?? undefined,
    capper: interaction.options.getUser('capper')?.id,
    betType: interaction.options.getString('bet_type') ?? undefined,
  });
  if (!parsed.success) return { problems: issuesText(parsed.error.issues) };
  return { filter: { ...parsed.data, guildId }, problems: [] };
}

/**
 * The filter options every analytics subcommand shares, validated with the same schema as the dashboard's query.
 * @throws Refusal `INVALID_INPUT` naming each bad option
 */
export function filterFromOptions(interaction: ChatInputCommandInteraction, guildId: string): MetricsFilter {
  const read = readFilterOptions(interaction, guildId);
  if (!read.filter) throw new Refusal('INVALID_INPUT', read.problems.join('\n'), { title: 'Check the options' });
  return read.filter;
}
