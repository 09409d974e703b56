import { PermissionFlagsBits, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import { errorEmbed } from '../embeds.ts';

/**
 * Checks Manage Server on the member who ran the command and answers the refusal itself.
 * Discord hides such commands from members without it, but that is a client-side default a server can change.
 */
export async function requireManageGuild(interaction: ChatInputCommandInteraction): Promise<boolean> {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  await interaction.reply({
    embeds: [errorEmbed('You need the Manage Server permission', 'Only server managers can change plugins and settings. Ask one of them.')],
    flags: MessageFlags.Ephemeral,
  });
  return false;
}
