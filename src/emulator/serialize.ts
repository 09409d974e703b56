import type {
  APIAttachment,
  APIChannel,
  APIGuildMember,
  APIMessage,
  APIRole,
  APIUser,
  APIOverwrite,
  GuildMemberFlags,
  RoleFlags,
  UserFlags,
} from 'discord-api-types/v10';
import type { AttachmentInfo, EmulatedMessage } from './types.ts';
import type { AttachmentRecord, ChannelRecord, GuildRecord, MemberRecord, MessageRecord, RoleRecord, UserRecord, World } from './world.ts';
import { MessageFlag } from './flags.ts';

// Converts world records to the JSON Discord sends. Kept apart from the world so the world stays
// about state and these stay about wire format.

export function userToApi(user: UserRecord): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: null,
    bot: user.bot,
    system: false,
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
  };
}

export function roleToApi(role: RoleRecord): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.botId !== null,
    mentionable: role.mentionable,
    flags: 0 as RoleFlags,
    ...(role.botId ? { tags: { bot_id: role.botId } } : {}),
  };
}

export function memberToApi(world: World, member: MemberRecord): APIGuildMember {
  return {
    user: userToApi(world.user(member.userId)),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roleIds],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

function overwritesToApi(channel: ChannelRecord): APIOverwrite[] {
  return channel.overwrites.map((o) => ({ id: o.id, type: o.type, allow: o.allow.toString(), deny: o.deny.toString() }));
}

/** Channel JSON; `withGuildId` is false inside GUILD_CREATE, where Discord omits it. */
export function channelToApi(world: World, channel: ChannelRecord, withGuildId = true): APIChannel {
  if (channel.guildId === null) {
    return {
      id: channel.id,
      type: 1,
      last_message_id: channel.lastMessageId,
      recipients: channel.recipientIds.map((id) => userToApi(world.user(id))),
      flags: 0,
    } as unknown as APIChannel;
  }
  const base: Record<string, unknown> = {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    position: channel.position,
    parent_id: channel.parentId,
    permission_overwrites: overwritesToApi(channel),
    flags: 0,
    nsfw: false,
  };
  if (withGuildId) base.guild_id = channel.guildId;
  if (channel.type === 0 || channel.type === 5 || channel.type === 15) {
    base.topic = channel.topic;
    base.last_message_id = channel.lastMessageId;
    base.rate_limit_per_user = 0;
  }
  if (channel.thread) {
    const t = channel.thread;
    Object.assign(base, {
      owner_id: t.ownerId,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: 0,
      message_count: t.messageCount,
      total_message_sent: t.messageCount,
      member_count: Math.min(t.memberIds.size, 50),
      thread_metadata: { archived: t.archived, auto_archive_duration: t.autoArchiveDuration, archive_timestamp: t.createdAt, locked: t.locked, create_timestamp: t.createdAt },
    });
    delete base.permission_overwrites;
    delete base.position;
  }
  if (channel.type === 2 || channel.type === 13) {
    base.bitrate = 64000;
    base.user_limit = 0;
    base.rtc_region = null;
    base.last_message_id = channel.lastMessageId;
    base.rate_limit_per_user = 0;
  }
  return base as unknown as APIChannel;
}

/** The full guild object of GUILD_CREATE (and, minus the gateway-only fields, of GET /guilds/:id). */
export function guildToApi(world: World, guild: GuildRecord, gatewayFields: boolean): Record<string, unknown> {
  const botMember = guild.members.get(world.bot.id);
  const base: Record<string, unknown> = {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [...guild.roles.values()].map(roleToApi),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    hub_type: null,
    incidents_data: null,
  };
  if (gatewayFields) {
    Object.assign(base, {
      joined_at: botMember?.joinedAt ?? guild.createdAt,
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      voice_states: [],
      members: [...guild.members.values()].map((m) => memberToApi(world, m)),
      channels: world.guildChannels(guild.id).map((c) => channelToApi(world, c, false)),
      threads: world.guildThreads(guild.id).map((c) => channelToApi(world, c)),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    });
  } else {
    Object.assign(base, { approximate_member_count: guild.members.size, approximate_presence_count: 0 });
  }
  return base;
}

export function attachmentToApi(attachment: AttachmentRecord): APIAttachment {
  return {
    id: attachment.id,
    filename: attachment.filename,
    size: attachment.size,
    url: attachment.url,
    proxy_url: attachment.url,
    content_type: attachment.contentType,
    ...(attachment.description ? { description: attachment.description } : {}),
  };
}

export function attachmentInfo(attachment: AttachmentRecord): AttachmentInfo {
  return {
    id: attachment.id,
    filename: attachment.filename,
    content_type: attachment.contentType,
    size: attachment.size,
    url: attachment.url,
  };
}

/** Message JSON; `gateway` adds guild_id and the author's member, as MESSAGE_CREATE carries them. */
export function messageToApi(world: World, message: MessageRecord, gateway = false): APIMessage {
  const author = world.users.get(message.authorId);
  const data: Record<string, unknown> = {
    id: message.id,
    channel_id: message.channelId,
    author: author ? userToApi(author) : { id: message.authorId, username: 'unknown', discriminator: '0', global_name: null, avatar: null },
    content: message.content,
    timestamp: message.createdAt,
    edited_timestamp: message.editedAt,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: message.attachments.map(attachmentToApi),
    embeds: message.embeds,
    components: message.components,
    pinned: message.pinnedAt !== undefined,
    type: message.type,
    flags: message.flags,
  };
  if (message.webhookId) {
    data.webhook_id = message.webhookId;
    data.application_id = world.applicationId;
  }
  if (message.interaction) {
    data.interaction_metadata = {
      id: message.interaction.id,
      type: message.interaction.type,
      user: userToApi(world.user(message.interaction.userId)),
      authorizing_integration_owners: {},
    };
    data.interaction = {
      id: message.interaction.id,
      type: message.interaction.type,
      name: message.interaction.name,
      user: userToApi(world.user(message.interaction.userId)),
    };
  }
  if (gateway && message.guildId) {
    data.guild_id = message.guildId;
    const member = world.guilds.get(message.guildId)?.members.get(message.authorId);
    if (member) {
      const { user: _user, ...partial } = memberToApi(world, member);
      data.member = partial;
    }
  }
  return data as unknown as APIMessage;
}

export function messageView(message: MessageRecord): EmulatedMessage {
  return {
    id: message.id,
    channelId: message.channelId,
    guildId: message.guildId,
    authorId: message.authorId,
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    attachments: message.attachments.map(attachmentInfo),
    flags: message.flags,
    ephemeral: (message.flags & MessageFlag.Ephemeral) !== 0,
    ...(message.interaction ? { interactionId: message.interaction.id } : {}),
    createdAt: message.createdAt,
    editedAt: message.editedAt,
    pinned: message.pinnedAt !== undefined,
  };
}
