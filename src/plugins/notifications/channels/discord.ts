import { setTimeout as sleep } from 'node:timers/promises';
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { DiscordUnavailableError, type PluginCountersApi, type PluginDiscordApi } from 'dbsbm';
import { notificationEmbed } from '../views/notification-embed.ts';
import type { OutgoingNotification, SendOutcome } from './types.ts';

// Codes that say this target will not take the message however often we try: the next channel should.
const PERMANENT = new Set<number>([
  RESTJSONErrorCodes.CannotSendMessagesToThisUser, // 50007: DMs closed, or no shared server
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.UnknownUser,
  RESTJSONErrorCodes.UnknownGuild,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
]);

/** Where a Discord notification goes: a member's DMs, a server owner's DMs, or a channel (mentioning the member). */
export type DiscordTarget = { kind: 'dm'; userId: string } | { kind: 'owner'; guildId: string } | { kind: 'channel'; channelId: string; mention: string | null };

/**
 * Sends notifications through Discord, paced below the bot's global limit across every instance: each send first
 * reserves a slot of the shared bucket (`ctx.counters.pace`, in Redis when configured), so a blast to 10,000 members
 * is spread out instead of meeting Discord's 429s.
 */
export function createDiscordChannel(discord: PluginDiscordApi, counters: PluginCountersApi, perSecond: number) {
  return {
    async send(n: OutgoingNotification, target: DiscordTarget, url: string | null): Promise<SendOutcome> {
      // A DM may cost two requests (opening the DM channel, then the message): reserve both. The burst stays small
      // (5 % of the pace): any second may hold the pace plus the burst, and that must stay under Discord's limit.
      const { waitMs } = await counters.pace('discord-sends', perSecond, Math.max(2, Math.floor(perSecond / 20)), target.kind === 'channel' ? 1 : 2);
      if (waitMs > 0) await sleep(waitMs);
      const message = { embeds: [notificationEmbed(n, url)], ...(target.kind === 'channel' && target.mention ? { content: `<@${target.mention}>`, allowedMentions: { users: [target.mention] } } : {}) };
      try {
        const sent =
          target.kind === 'dm' ? await discord.dm(target.userId, message) : target.kind === 'owner' ? await discord.dmGuildOwner(target.guildId, message) : await discord.send(target.channelId, message);
        return { status: 'delivered', providerId: sent.id };
      } catch (err) {
        return classify(err);
      }
    },
  };
}

function classify(err: unknown): SendOutcome {
  if (err instanceof DiscordAPIError) {
    const code = Number(err.code);
    if (PERMANENT.has(code)) return { status: 'permanent', reason: `Discord ${code}: ${err.message}` };
    if (err.status === 429) return { status: 'retry', reason: 'Discord rate limit', retryAfterMs: 5_000 };
    if (err.status >= 400 && err.status < 500) return { status: 'permanent', reason: `Discord ${err.status} ${code}: ${err.message}` };
    return { status: 'retry', reason: `Discord ${err.status}: ${err.message}` };
  }
  if (err instanceof DiscordUnavailableError) return { status: 'retry', reason: 'the bot is not connected to Discord', retryAfterMs: 10_000 };
  return { status: 'retry', reason: err instanceof Error ? err.message : String(err) };
}
