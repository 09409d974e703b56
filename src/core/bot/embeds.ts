import { SafeEmbedBuilder } from './safe-embed.ts';

/** Colours used across replies, so every plugin's embeds look like one product. */
export const Colors = { info: 0x3b82f6, success: 0x22c55e, warning: 0xf59e0b, error: 0xef4444 } as const;

// These embeds often carry what a member typed (a plugin name, a setting value): they are safe builders, so long
// input is clipped to Discord's limits instead of failing the reply.

/**
 * An embed that tells a person something went wrong and what to do next.
 * @since 0.1.0
 */
export const errorEmbed = (title: string, description: string): SafeEmbedBuilder =>
  new SafeEmbedBuilder().setColor(Colors.error).setTitle(title).setDescription(description);

/** A plain informational embed. @since 0.1.0 */
export const infoEmbed = (title: string, description?: string): SafeEmbedBuilder => {
  const embed = new SafeEmbedBuilder().setColor(Colors.info).setTitle(title);
  return description ? embed.setDescription(description) : embed;
};

/** An embed confirming a change. @since 0.1.0 */
export const successEmbed = (title: string, description?: string): SafeEmbedBuilder => {
  const embed = new SafeEmbedBuilder().setColor(Colors.success).setTitle(title);
  return description ? embed.setDescription(description) : embed;
};
