import { Command } from '@sapphire/framework';
import { PermissionFlagsBits, MessageFlags } from 'discord.js';
import { TIERS } from '../../plugins/tier.ts';
import { Refusal } from '../../refusals/refusal.ts';
import { asSettingRefusal } from '../../settings/setting-refusal.ts';
import { PLAN_LIMITS, type PlanLimit } from '../../settings/settings-service.ts';
import { successEmbed } from '../embeds.ts';
import type { CoreCommandServices } from './core-services.ts';

/** `/tier set|limit`: the bot owner sets a server's tier (the same as `npm run dbsbm -- tier set`) or a plan limit. */
export function tierCommand(services: CoreCommandServices) {
  return class TierCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'tier', description: "Set a server's tier (bot owner only)" });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('tier')
          .setDescription("Set a server's tier (bot owner only)")
          .setDefaultMemberPermissions(PermissionFlagsBits.Administrator)
          .addSubcommand((s) =>
            s
              .setName('set')
              .setDescription("Set a server's tier")
              .addStringOption((o) =>
                o
                  .setName('tier')
                  .setDescription('The tier')
                  .setRequired(true)
                  .addChoices(...TIERS.map((t) => ({ name: t, value: t }))),
              )
              .addStringOption((o) => o.setName('guild_id').setDescription('The server id (default: this one)')),
          )
          .addSubcommand((s) =>
            s
              .setName('limit')
              .setDescription("Set one of a server's plan limits")
              .addStringOption((o) =>
                o
                  .setName('limit')
                  .setDescription('api_rate_limit: API requests a minute per key; webhook_limit: webhook endpoints')
                  .setRequired(true)
                  .addChoices(...Object.keys(PLAN_LIMITS).map((l) => ({ name: l, value: l }))),
              )
              .addIntegerOption((o) => o.setName('value').setDescription('The new value').setRequired(true).setMinValue(0))
              .addStringOption((o) => o.setName('guild_id').setDescription('The server id (default: this one)')),
          ),
      );
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      if (!services.ownerIds.has(interaction.user.id)) {
        throw new Refusal('NOT_ALLOWED', 'Tiers come with a plan; contact whoever runs this bot.', { title: 'Only the bot owner can set tiers' });
      }
      const guildId = interaction.options.getString('guild_id')?.trim() || interaction.guildId;
      if (!guildId || !/^\d{5,25}$/.test(guildId)) {
        throw new Refusal('INVALID_INPUT', 'Give guild_id as a server id (digits), or run this inside the server.', { title: 'Which server?' });
      }
      try {
        if (interaction.options.getSubcommand(true) === 'limit') {
          const limit = interaction.options.getString('limit', true) as PlanLimit;
          const value = await services.settings.setPlanLimit(guildId, limit, interaction.options.getInteger('value', true));
          await interaction.reply({ embeds: [successEmbed(`Server ${guildId}: ${limit} is now ${value}`)], flags: MessageFlags.Ephemeral });
          return;
        }
        const tier = await services.settings.setTier(guildId, interaction.options.getString('tier', true));
        await interaction.reply({ embeds: [successEmbed(`Server ${guildId} is now on the ${tier} tier`)], flags: MessageFlags.Ephemeral });
      } catch (err) {
        throw asSettingRefusal(err, 'Tier not changed');
      }
    }
  };
}
