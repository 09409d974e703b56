import { DiscordAPIError, RESTJSONErrorCodes, type Client, type DMChannel } from 'discord.js';
import { clampEmbeds } from '../bot/safe-embed.ts';
import type { PluginDiscordApi } from './types.ts';

/** A message with its embeds clamped to Discord's limits, so what a plugin echoes can never fail the send. */
function clamped<M extends { embeds?: readonly unknown[] | null }>(message: M): M {
  if (!message.embeds) return message;
  return { ...message, embeds: clampEmbeds(message.embeds as Parameters<typeof clampEmbeds>[0]) };
}

/** Discord's answers meaning "no such member here": the member, the user or the server (the bot left it) is gone. */
const NOT_THERE = new Set<number>([RESTJSONErrorCodes.UnknownMember, RESTJSONErrorCodes.UnknownUser, RESTJSONErrorCodes.UnknownGuild, RESTJSONErrorCodes.MissingAccess]);

/** Raised when a plugin reaches Discord while the bot is not connected or the target is not there. */
export class DiscordUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscordUnavailableError';
  }
}

// DM channels the bot opened, by user, per client. discord.js finds a user's DM channel by scanning every cached
// channel (a blast to 10,000 members made that a fifth of the process's time) and fetches the user first (one more
// request per DM): opening the channel directly and remembering it costs one request the first time, none after.
const DM_CHANNELS_KEPT = 20_000;
const dmChannels = new WeakMap<Client, Map<string, DMChannel>>();

async function dmChannelOf(c: Client<true>, userId: string): Promise<DMChannel> {
  let known = dmChannels.get(c);
  if (!known) dmChannels.set(c, (known = new Map()));
  const found = known.get(userId);
  if (found) return found;
  const channel = await c.users.createDM(userId, { force: true });
  if (known.size >= DM_CHANNELS_KEPT) known.delete(known.keys().next().value!);
  known.set(userId, channel);
  return channel;
}

/** Discord for plugins, over the app's client (which may not exist: tools and tests run without a bot). */
export function createDiscordApi(client: () => Client | undefined): PluginDiscordApi {
  const ready = (): Client<true> => {
    const c = client();
    if (!c?.isReady()) throw new DiscordUnavailableError('the bot is not connected to Discord');
    return c;
  };
  return {
    isReady: () => client()?.isReady() ?? false,
    async send(channelId, message) {
      const channel = await ready().channels.fetch(channelId);
      if (!channel || !channel.isSendable()) throw new DiscordUnavailableError(`channel ${channelId} cannot be posted to`);
      const sent = await channel.send(clamped(message));
      return { id: sent.id };
    },
    async edit(channelId, messageId, message) {
      const channel = await ready().channels.fetch(channelId);
      if (!channel || !channel.isTextBased()) throw new DiscordUnavailableError(`channel ${channelId} has no messages to edit`);
      const edited = await channel.messages.edit(messageId, clamped(message));
      return { id: edited.id };
    },
    async dm(userId, message) {
      const channel = await dmChannelOf(ready(), userId);
      const sent = await channel.send(clamped(message));
      return { id: sent.id };
    },
    async dmGuildOwner(guildId, message) {
      const guild = await ready().guilds.fetch(guildId);
      const owner = await guild.fetchOwner();
      const sent = await owner.send(clamped(message));
      return { id: sent.id };
    },
    async memberPermissions(guildId, userId) {
      const c = ready();
      try {
        const guild = await c.guilds.fetch({ guild: guildId, force: false });
        const member = await guild.members.fetch({ user: userId, force: true });
        return member.permissions.bitfield;
      } catch (err) {
        if (err instanceof DiscordAPIError && NOT_THERE.has(Number(err.code))) return null;
        throw err;
      }
    },
    async displayNames(guildId, userIds) {
      const c = client();
      const guild = c?.isReady() ? c.guilds.cache.get(guildId) : undefined;
      const out: Record<string, string> = {};
      for (const id of userIds) {
        const member = guild?.members.cache.get(id);
        const user = member?.user ?? c?.users.cache.get(id);
        out[id] = member?.displayName ?? user?.globalName ?? user?.username ?? `member ${id}`;
      }
      return out;
    },
  };
}
