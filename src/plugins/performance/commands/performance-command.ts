import { Command } from '@sapphire/framework';
import { AttachmentBuilder, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { Refusal, safeEmbed, Colors } from 'dbsbm';
import { alertStates } from '../services/alerts.ts';
import { chartFile, lastHourCharts } from '../services/charts.ts';
import type { PerformanceContext } from '../services/context.ts';
import { currentFigures } from '../services/current-figures.ts';
import { summaryEmbed } from '../services/summary-embed.ts';

/** `/performance`: the bot owner's view of the figures, the alerts and the last hour's charts, shown privately. */
export function performanceCommand(ctx: PerformanceContext) {
  return class PerformanceCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'performance', description: 'How the bot is performing (bot owner only)' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('performance')
          .setDescription('How the bot is performing: latency, queue, pool, cache, process, alerts (bot owner only)')
          // Hidden from members by default; the owner check below is what guards it.
          .setDefaultMemberPermissions(PermissionFlagsBits.Administrator),
      );
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      if (!ctx.isBotOwner(interaction.user.id)) {
        throw new Refusal('NOT_ALLOWED', 'These figures are for whoever runs the bot (BOT_OWNER_IDS).', { title: 'Only the bot owner can see performance' });
      }
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const now = Date.now();
      const [rows, states, charts] = await Promise.all([currentFigures(ctx, now), alertStates(ctx), lastHourCharts(ctx, now)]);
      const [latency, queue] = await Promise.all([chartFile(charts.latency, 'latency.png'), chartFile(charts.queue, 'queue.png')]);
      const summary = summaryEmbed(rows, ctx.options.rules, states, now).setImage(`attachment://${latency.name}`);
      const queueEmbed = safeEmbed().setColor(Colors.info).setTitle(charts.queue.title).setImage(`attachment://${queue.name}`);
      await interaction.editReply({
        embeds: [summary, queueEmbed],
        files: [new AttachmentBuilder(latency.data, { name: latency.name }), new AttachmentBuilder(queue.data, { name: queue.name })],
      });
    }
  };
}
