import { EmulatorInputError } from './errors.ts';
import { channelToApi, memberToApi, userToApi } from './serialize.ts';
import type { InteractionContextInput } from './types.ts';
import type { ChannelRecord, World } from './world.ts';

/** Where an interaction happens, resolved against the world. */
export interface ResolvedContext {
  userId: string;
  guildId: string | null;
  channel: ChannelRecord;
  locale: string;
}

/** Applies the defaults documented on {@link InteractionContextInput} and checks everything exists. */
export function resolveContext(world: World, input: InteractionContextInput, fixedChannelId?: string): ResolvedContext {
  const userId = input.userId ?? world.defaultUser.id;
  world.user(userId);
  const locale = input.locale ?? 'en-US';
  let channel: ChannelRecord;
  if (fixedChannelId !== undefined) {
    channel = world.channel(fixedChannelId);
  } else if (input.dm) {
    channel = world.dmChannel(userId);
  } else if (input.channelId !== undefined) {
    channel = world.channel(input.channelId);
  } else {
    const guildId = input.guildId ?? world.guilds.keys().next().value;
    if (guildId === undefined) {
      throw new EmulatorInputError('No guild exists: create one with emulator.createGuild(...) or pass { dm: true }');
    }
    world.guild(guildId);
    const text = world.guildChannels(guildId).find((c) => c.type === 0);
    if (!text) throw new EmulatorInputError(`Guild ${guildId} has no text channel; create one or pass channelId`);
    channel = text;
  }
  if (input.guildId !== undefined && channel.guildId !== input.guildId) {
    throw new EmulatorInputError(`Channel ${channel.id} is not in guild ${input.guildId}`);
  }
  if (channel.guildId === null) {
    if (!channel.recipientIds.includes(userId)) {
      throw new EmulatorInputError(`DM channel ${channel.id} belongs to another user than ${userId}`);
    }
  } else {
    world.member(channel.guildId, userId);
  }
  return { userId, guildId: channel.guildId, channel, locale };
}

/** The fields every interaction carries, for a given place and user. */
export function interactionBase(world: World, ctx: ResolvedContext): Record<string, unknown> {
  const appPermissions = world.botPermissionsIn(ctx.channel).toString();
  const channel = { ...(channelToApi(world, ctx.channel) as unknown as Record<string, unknown>) };
  const base: Record<string, unknown> = {
    application_id: world.applicationId,
    version: 1,
    locale: ctx.locale,
    app_permissions: appPermissions,
    entitlements: [],
    attachment_size_limit: 25 * 1024 * 1024,
    channel_id: ctx.channel.id,
    channel,
  };
  if (ctx.guildId !== null) {
    const member = world.member(ctx.guildId, ctx.userId);
    channel.permissions = appPermissions;
    Object.assign(base, {
      guild_id: ctx.guildId,
      guild: { id: ctx.guildId, locale: 'en-US', features: [] },
      guild_locale: 'en-US',
      member: { ...memberToApi(world, member), permissions: world.permissions(ctx.guildId, ctx.userId, ctx.channel.id).toString() },
      authorizing_integration_owners: { '0': ctx.guildId },
      context: 0,
    });
  } else {
    Object.assign(base, {
      user: userToApi(world.user(ctx.userId)),
      authorizing_integration_owners: { '0': '0' },
      context: 1,
    });
  }
  return base;
}
