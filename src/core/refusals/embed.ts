import { MessageFlags, type EmbedBuilder, type RepliableInteraction } from 'discord.js';
import { Colors } from '../bot/embeds.ts';
import { EmbedLimits, clip } from '../bot/embed-limits.ts';
import { SafeEmbedBuilder } from '../bot/safe-embed.ts';
import type { RefusalCatalogue } from './codes.ts';
import type { Refusal } from './refusal.ts';

/**
 * The private embed every refusal gets in Discord: the catalogue's title, the message, what to do next, and
 * "Nothing was changed." (a refusal changes nothing). The code is in the footer for support.
 */
export function refusalEmbed(refusal: Refusal, catalogue: RefusalCatalogue): EmbedBuilder {
  const title = refusal.title ?? catalogue.spec(refusal.code).title;
  const lines = [refusal.message, ...(refusal.next ? [`**What to do:** ${refusal.next}`] : []), 'Nothing was changed.'];
  return new SafeEmbedBuilder()
    .setColor(Colors.error)
    .setTitle(clip(title, EmbedLimits.title))
    .setDescription(clip(lines.join('\n'), EmbedLimits.description))
    .setFooter({ text: clip(`Code: ${refusal.code}`, EmbedLimits.footer) });
}

/** The embed for an error that is ours, not the member's: it carries the support reference that is in the log. */
export function unexpectedErrorEmbed(supportId: string): EmbedBuilder {
  return new SafeEmbedBuilder()
    .setColor(Colors.error)
    .setTitle('Something went wrong')
    .setDescription(`That did not work because of a problem on our side. It was logged; please try again in a moment.\nIf it keeps happening, give an admin this reference: \`${supportId}\`.`);
}

/**
 * Answers privately: a deferred reply is completed (its visibility was chosen when it was deferred, so a command
 * that may refuse checks its input before deferring publicly), a reply already sent gets an ephemeral follow-up.
 */
export async function answerPrivately(interaction: RepliableInteraction, embed: EmbedBuilder): Promise<void> {
  if (interaction.deferred && !interaction.replied) await interaction.editReply({ content: '', embeds: [embed], components: [], files: [] });
  else if (interaction.replied || interaction.deferred) await interaction.followUp({ embeds: [embed], flags: MessageFlags.Ephemeral });
  else await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
}
