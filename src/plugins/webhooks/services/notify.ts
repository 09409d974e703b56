import { container } from '@sapphire/framework';
import type { WebhooksContext } from './context.ts';

/** Tells the server's owner in a DM that an endpoint was disabled, and why. Best effort: logged when it cannot. */
export async function notifyOwner(ctx: WebhooksContext, guildId: string, text: string): Promise<void> {
  try {
    const client = container.client;
    const guild = client?.isReady() ? await client.guilds.fetch(guildId) : undefined;
    if (!guild) return;
    const owner = await guild.fetchOwner();
    await owner.send({ embeds: [{ title: 'A webhook was disabled', description: text, color: 0xef4444 }] });
  } catch (err) {
    ctx.logger.warn({ err, guildId }, 'could not tell the server owner about a disabled webhook');
  }
}
