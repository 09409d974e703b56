import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { Refusal } from '../../refusals/refusal.ts';

/**
 * Checks Manage Server on the member who ran the command; refuses (NOT_ALLOWED) otherwise.
 * Discord hides such commands from members without it, but that is a client-side default a server can change.
 */
export async function requireManageGuild(interaction: ChatInputCommandInteraction): Promise<boolean> {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  throw new Refusal('NOT_ALLOWED', 'Only server managers can change plugins and settings. Ask one of them.', {
    title: 'You need the Manage Server permission',
  });
}
