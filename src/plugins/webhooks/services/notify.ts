import type { WebhooksContext } from './context.ts';

/** Tells the server's owner in a DM that an endpoint was disabled, and why. Best effort: logged when it cannot. */
export async function notifyOwner(ctx: WebhooksContext, guildId: string, text: string): Promise<void> {
  // No bot (tools, tests without Discord): nobody to tell, and the endpoint's state already says why.
  if (!ctx.discord.isReady()) return;
  try {
    await ctx.discord.dmGuildOwner(guildId, { embeds: [{ title: 'A webhook was disabled', description: text, color: 0xef4444 }] });
  } catch (err) {
    ctx.logger.warn({ err, guildId }, 'could not tell the server owner about a disabled webhook');
  }
}
