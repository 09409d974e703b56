import { Command } from '@sapphire/framework';
import { PermissionFlagsBits, MessageFlags } from 'discord.js';
import { TIERS } from '../../plugins/tier.ts';
import { SettingError } from '../../settings/settings-service.ts';
import { errorEmbed, successEmbed } from '../embeds.ts';
import type { CoreCommandServices } from './core-services.ts';

/** `/tier set`: the bot owner sets a server's tier (the same as `npm run dbsbm -- tier set`). */
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
          ),
      );
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      if (!services.ownerIds.has(interaction.user.id)) {
        await interaction.reply({ embeds: [errorEmbed('Only the bot owner can set tiers', 'Tiers come with a plan; contact whoever runs this bot.')], flags: MessageFlags.Ephemeral });
        return;
      }
      const guildId = interaction.options.getString('guild_id')?.trim() || interaction.guildId;
      if (!guildId || !/^\d{5,25}$/.test(guildId)) {
        await interaction.reply({ embeds: [errorEmbed('Which server?', 'Give guild_id as a server id (digits), or run this inside the server.')], flags: MessageFlags.Ephemeral });
        return;
      }
      try {
        const tier = await services.settings.setTier(guildId, interaction.options.getString('tier', true));
        await interaction.reply({ embeds: [successEmbed(`Server ${guildId} is now on the ${tier} tier`)], flags: MessageFlags.Ephemeral });
      } catch (err) {
        if (!(err instanceof SettingError)) throw err;
        await interaction.reply({ embeds: [errorEmbed('Tier not changed', err.message)], flags: MessageFlags.Ephemeral });
      }
    }
  };
}
