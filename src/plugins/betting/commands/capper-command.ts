import { Command } from '@sapphire/framework';
import { MessageFlags } from 'discord.js';
import { Refusal, successEmbed } from 'dbsbm';
import { CapperSchema } from '../entities/capper.ts';
import type { BettingContext } from '../services/context.ts';
import { referenceCache } from '../services/reference-cache.ts';
import { assertSafeLabel } from '../services/safe-label.ts';

/** `/capper setup name [image]`: how a member's bet slips are signed. */
export function capperCommand(ctx: BettingContext) {
  return class CapperCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'capper', description: 'Your capper profile' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('capper')
          .setDescription('Your capper profile')
          .setDMPermission(false)
          .addSubcommand((s) =>
            s
              .setName('setup')
              .setDescription('Set the name (and image) shown on your bet slips')
              .addStringOption((o) => o.setName('name').setDescription('Display name').setRequired(true).setMinLength(2).setMaxLength(64))
              .addStringOption((o) => o.setName('image').setDescription('An https image URL').setMaxLength(300)),
          ),
      );
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const name = assertSafeLabel(interaction.options.getString('name', true).trim(), 'The capper name');
      const image = interaction.options.getString('image')?.trim() ?? null;
      if (image !== null && !/^https:\/\/[^\s]+$/.test(image)) {
        throw new Refusal('INVALID_INPUT', 'That image link will not work.', { next: 'Give an https:// link to an image, or leave it out.' });
      }
      const em = ctx.em();
      const guildId = interaction.guildId!;
      const existing = await em.findOne(CapperSchema, { guildId, userId: interaction.user.id });
      if (existing) {
        existing.displayName = name;
        existing.imageUrl = image;
      } else {
        em.create(CapperSchema, { guildId, userId: interaction.user.id, displayName: name, imageUrl: image, createdAt: Date.now() });
      }
      await em.flush();
      // Slips placed from now on show the new name on this instance at once (others within the cache's minute).
      referenceCache(ctx).forgetCappers(guildId);
      await interaction.reply({ embeds: [successEmbed(`Your bet slips are now signed "${name}"`)], flags: MessageFlags.Ephemeral });
    }
  };
}
