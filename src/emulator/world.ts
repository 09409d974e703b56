import { EventEmitter } from 'node:events';
import { PermissionFlagsBits } from 'discord.js';
import type { APIApplicationCommand, APIEmbed, APIMessageTopLevelComponent } from 'discord-api-types/v10';
import { EmulatorInputError } from './errors.ts';
import {
  ALL_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  basePermissions,
  channelPermissions,
  toPermissionBits,
  type Overwrite,
  type PermissionSubject,
} from './permissions.ts';
import { nextSnowflake } from './snowflake.ts';
import { Intent, MessageFlag } from './flags.ts';
import { channelToApi, guildToApi, memberToApi, messageToApi, roleToApi, userToApi } from './serialize.ts';
import type { WorldState } from './types.ts';


/** Sends one gateway dispatch; `intent` is the intent a client needs to receive it (0 = always). */
export type DispatchSink = (event: string, data: unknown, intent: number) => void;

export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
}

export interface RoleRecord {
  id: string;
  guildId: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  hoist: boolean;
  mentionable: boolean;
  /** Set for the role Discord gives a bot when it joins (tags.bot_id). */
  botId: string | null;
}

export interface MemberRecord {
  userId: string;
  roleIds: string[];
  nick: string | null;
  joinedAt: string;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  createdAt: string;
  roles: Map<string, RoleRecord>;
  members: Map<string, MemberRecord>;
}

export interface ChannelRecord {
  id: string;
  type: number;
  guildId: string | null;
  name: string | null;
  position: number;
  parentId: string | null;
  topic: string | null;
  overwrites: Overwrite[];
  /** DM channels only. */
  recipientIds: string[];
  lastMessageId: string | null;
  /** Set for threads (types 10, 11, 12); `parentId` is then the text channel the thread is in. */
  thread?: ThreadRecord;
}

/** What a thread has beside a channel's fields. */
export interface ThreadRecord {
  ownerId: string;
  /** Minutes of inactivity before Discord archives it: 60, 1440, 4320 or 10080. */
  autoArchiveDuration: number;
  archived: boolean;
  locked: boolean;
  createdAt: string;
  messageCount: number;
  memberIds: Set<string>;
}

export interface AttachmentRecord {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
  description: string | null;
  data: Buffer;
}

export interface MessageRecord {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachments: AttachmentRecord[];
  flags: number;
  /** Discord message type: 0 default, 19 reply, 20 chat input command. */
  type: number;
  createdAt: string;
  editedAt: string | null;
  /** Interaction this message answers, for replies and follow-ups. */
  interaction: { id: string; type: number; name: string; userId: string } | null;
  webhookId: string | null;
  /** When the message was pinned in its channel (absent: not pinned). */
  pinnedAt?: string;
}


export interface CreateGuildInput {
  name: string;
  id?: string;
  /** Owner; defaults to the emulator's built-in owner user (not the default acting user). */
  ownerId?: string;
  /** Permissions of @everyone (default: Discord's usual member permissions). */
  everyonePermissions?: bigint | string;
  /** Permissions of the bot's managed role (default ADMINISTRATOR, so permission checks on the bot pass). */
  botPermissions?: bigint | string;
  /** Create a #general text channel (default true). */
  withGeneralChannel?: boolean;
}

export interface CreateChannelInput {
  name: string;
  /** 0 text (default), 2 voice, 4 category, 5 announcement, 13 stage, 15 forum. */
  type?: number;
  id?: string;
  parentId?: string;
  topic?: string;
  /** Permission overwrites: type 0 role, 1 member. */
  permissionOverwrites?: { id: string; type: 0 | 1; allow?: bigint | string; deny?: bigint | string }[];
}

export interface CreateRoleInput {
  name: string;
  id?: string;
  permissions?: bigint | string | readonly (keyof typeof PermissionFlagsBits)[];
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
}

export interface CreateUserInput {
  username: string;
  id?: string;
  bot?: boolean;
  globalName?: string;
}

/**
 * The in-memory Discord: users, guilds with roles/members, channels, messages, attachments and
 * registered commands. Mutators dispatch the gateway events the change would cause on Discord.
 */
export class World extends EventEmitter {
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, MessageRecord>();
  readonly channelMessages = new Map<string, MessageRecord[]>();
  readonly attachments = new Map<string, AttachmentRecord>();
  /** Registered application commands by scope: 'global' or a guild id. */
  readonly commands = new Map<string, Map<string, APIApplicationCommand>>();
  readonly bot: UserRecord;
  readonly applicationId: string;
  /** Owner of guilds created without an explicit owner. */
  readonly ownerUser: UserRecord;
  /** The user interactions come from unless a test names one; a plain member of every guild. */
  readonly defaultUser: UserRecord;
  /** Users who do not accept DMs from the bot (privacy setting, or no shared server allowing them). */
  private readonly closedDms = new Set<string>();

  constructor(
    private readonly sink: DispatchSink,
    private readonly attachmentBaseUrl: () => string,
    botUser: { id?: string; username?: string } = {},
  ) {
    super();
    this.bot = this.createUser({ username: botUser.username ?? 'emulated-bot', id: botUser.id, bot: true });
    // On Discord a bot's application id usually equals its user id; discord.js does not care either way.
    this.applicationId = this.bot.id;
    this.ownerUser = this.createUser({ username: 'guild-owner' });
    this.defaultUser = this.createUser({ username: 'tester' });
  }

  // ---------- users ----------

  createUser(input: CreateUserInput): UserRecord {
    const id = input.id ?? nextSnowflake();
    if (this.users.has(id)) throw new EmulatorInputError(`User ${id} already exists`);
    const user: UserRecord = { id, username: input.username, globalName: input.globalName ?? null, bot: input.bot ?? false };
    this.users.set(id, user);
    return user;
  }

  user(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) {
      throw new EmulatorInputError(
        `Unknown user "${id}". Known users: ${[...this.users.values()].map((u) => `${u.username} (${u.id})`).join(', ')}`,
      );
    }
    return user;
  }

  /** Opens or closes a user's DMs to the bot; the DM channel can still be created either way, as on Discord. */
  setDmsOpen(userId: string, open: boolean): void {
    this.user(userId);
    if (open) this.closedDms.delete(userId);
    else this.closedDms.add(userId);
  }

  /** False when the user has closed their DMs (a message to them answers 50007). */
  dmsOpen(userId: string): boolean {
    return !this.closedDms.has(userId);
  }

  // ---------- guilds ----------

  createGuild(input: CreateGuildInput): GuildRecord {
    const id = input.id ?? nextSnowflake();
    if (this.guilds.has(id)) throw new EmulatorInputError(`Guild ${id} already exists`);
    const ownerId = input.ownerId ?? this.ownerUser.id;
    this.user(ownerId);
    const now = new Date().toISOString();
    const guild: GuildRecord = { id, name: input.name, ownerId, createdAt: now, roles: new Map(), members: new Map() };
    guild.roles.set(id, {
      id,
      guildId: id,
      name: '@everyone',
      permissions: input.everyonePermissions === undefined ? DEFAULT_EVERYONE_PERMISSIONS : toPermissionBits(input.everyonePermissions),
      position: 0,
      color: 0,
      hoist: false,
      mentionable: false,
      botId: null,
    });
    const botRoleId = nextSnowflake();
    guild.roles.set(botRoleId, {
      id: botRoleId,
      guildId: id,
      name: this.bot.username,
      permissions: input.botPermissions === undefined ? PermissionFlagsBits.Administrator : toPermissionBits(input.botPermissions),
      position: 1,
      color: 0,
      hoist: false,
      mentionable: false,
      botId: this.bot.id,
    });
    guild.members.set(ownerId, { userId: ownerId, roleIds: [], nick: null, joinedAt: now });
    guild.members.set(this.defaultUser.id, { userId: this.defaultUser.id, roleIds: [], nick: null, joinedAt: now });
    guild.members.set(this.bot.id, { userId: this.bot.id, roleIds: [botRoleId], nick: null, joinedAt: now });
    this.guilds.set(id, guild);
    if (input.withGeneralChannel !== false) this.insertChannel(guild, { name: 'general', type: 0 });
    // The bot joining a guild is a GUILD_CREATE with the full guild, as on Discord.
    this.sink('GUILD_CREATE', guildToApi(this, guild, true), Intent.Guilds);
    return guild;
  }

  /** The bot leaves (or is removed from) the guild: GUILD_DELETE, and the guild is forgotten. */
  removeGuild(guildId: string): void {
    this.guild(guildId);
    this.guilds.delete(guildId);
    for (const channel of [...this.channels.values()]) if (channel.guildId === guildId) this.channels.delete(channel.id);
    this.commands.delete(guildId);
    this.sink('GUILD_DELETE', { id: guildId, unavailable: false }, Intent.Guilds);
  }

  guild(id: string): GuildRecord {
    const guild = this.guilds.get(id);
    if (!guild) {
      throw new EmulatorInputError(
        `Unknown guild "${id}". Known guilds: ${[...this.guilds.values()].map((g) => `${g.name} (${g.id})`).join(', ') || 'none'}`,
      );
    }
    return guild;
  }

  // ---------- channels ----------

  createChannel(guildId: string, input: CreateChannelInput): ChannelRecord {
    const guild = this.guild(guildId);
    const channel = this.insertChannel(guild, input);
    this.sink('CHANNEL_CREATE', channelToApi(this, channel), Intent.Guilds);
    return channel;
  }

  private insertChannel(guild: GuildRecord, input: CreateChannelInput): ChannelRecord {
    const id = input.id ?? nextSnowflake();
    if (this.channels.has(id)) throw new EmulatorInputError(`Channel ${id} already exists`);
    if (input.parentId !== undefined) {
      const parent = this.channel(input.parentId);
      if (parent.type !== 4 || parent.guildId !== guild.id) {
        throw new EmulatorInputError(`Channel ${input.parentId} is not a category of guild ${guild.id}`);
      }
    }
    const position = [...this.channels.values()].filter((c) => c.guildId === guild.id).length;
    const channel: ChannelRecord = {
      id,
      type: input.type ?? 0,
      guildId: guild.id,
      name: input.name,
      position,
      parentId: input.parentId ?? null,
      topic: input.topic ?? null,
      overwrites: (input.permissionOverwrites ?? []).map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow === undefined ? 0n : toPermissionBits(o.allow),
        deny: o.deny === undefined ? 0n : toPermissionBits(o.deny),
      })),
      recipientIds: [],
      lastMessageId: null,
    };
    this.channels.set(id, channel);
    return channel;
  }

  deleteChannel(channelId: string): void {
    const channel = this.channel(channelId);
    this.sink('CHANNEL_DELETE', channelToApi(this, channel), Intent.Guilds);
    this.channels.delete(channelId);
  }

  channel(id: string): ChannelRecord {
    const channel = this.channels.get(id);
    if (!channel) {
      throw new EmulatorInputError(
        `Unknown channel "${id}". Known channels: ${[...this.channels.values()].map((c) => `${c.name ?? 'dm'} (${c.id})`).join(', ') || 'none'}`,
      );
    }
    return channel;
  }

  /** A guild's channels without its threads (Discord lists threads apart). */
  guildChannels(guildId: string): ChannelRecord[] {
    return [...this.channels.values()].filter((c) => c.guildId === guildId && !c.thread).sort((a, b) => a.position - b.position);
  }

  /** A guild's threads, oldest first. */
  guildThreads(guildId: string): ChannelRecord[] {
    return [...this.channels.values()].filter((c) => c.guildId === guildId && c.thread);
  }

  /**
   * Opens a thread in a text or announcement channel, by `ownerId` (the bot, for REST), and dispatches THREAD_CREATE.
   * A thread started from a message takes the message's id, as on Discord.
   */
  createThread(parentId: string, input: { name: string; type: 10 | 11 | 12; ownerId: string; autoArchiveDuration?: number; id?: string }): ChannelRecord {
    const parent = this.channel(parentId);
    if (parent.guildId === null || (parent.type !== 0 && parent.type !== 5)) throw new EmulatorInputError(`Channel ${parentId} cannot have threads`);
    const id = input.id ?? nextSnowflake();
    if (this.channels.has(id)) throw new EmulatorInputError(`Channel ${id} already exists`);
    const channel: ChannelRecord = {
      id,
      type: input.type,
      guildId: parent.guildId,
      name: input.name,
      position: 0,
      parentId: parent.id,
      topic: null,
      overwrites: [],
      recipientIds: [],
      lastMessageId: null,
      thread: {
        ownerId: input.ownerId,
        autoArchiveDuration: input.autoArchiveDuration ?? 4320,
        archived: false,
        locked: false,
        createdAt: new Date().toISOString(),
        messageCount: 0,
        memberIds: new Set([input.ownerId]),
      },
    };
    this.channels.set(id, channel);
    this.sink('THREAD_CREATE', { ...channelToApi(this, channel), newly_created: true }, Intent.Guilds);
    return channel;
  }

  /** Pins or unpins a message and tells the bot (CHANNEL_PINS_UPDATE). */
  setPinned(message: MessageRecord, pinned: boolean): void {
    if (pinned) message.pinnedAt ??= new Date().toISOString();
    else delete message.pinnedAt;
    const channel = this.channel(message.channelId);
    const last = this.pinnedMessages(channel.id)[0]?.pinnedAt ?? null;
    this.sink('CHANNEL_PINS_UPDATE', { channel_id: channel.id, ...(channel.guildId ? { guild_id: channel.guildId } : {}), last_pin_timestamp: last }, Intent.Guilds);
  }

  /** A channel's pinned messages, the latest pin first. */
  pinnedMessages(channelId: string): MessageRecord[] {
    return (this.channelMessages.get(channelId) ?? []).filter((m) => m.pinnedAt !== undefined).sort((a, b) => (b.pinnedAt! < a.pinnedAt! ? -1 : b.pinnedAt! > a.pinnedAt! ? 1 : 0));
  }

  /** The DM channel between the bot and a user, created on first use like POST /users/@me/channels. */
  dmChannel(userId: string): ChannelRecord {
    this.user(userId);
    for (const channel of this.channels.values()) {
      if (channel.type === 1 && channel.recipientIds.includes(userId)) return channel;
    }
    const channel: ChannelRecord = {
      id: nextSnowflake(),
      type: 1,
      guildId: null,
      name: null,
      position: 0,
      parentId: null,
      topic: null,
      overwrites: [],
      recipientIds: [userId],
      lastMessageId: null,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  // ---------- roles ----------

  createRole(guildId: string, input: CreateRoleInput): RoleRecord {
    const guild = this.guild(guildId);
    const id = input.id ?? nextSnowflake();
    if (guild.roles.has(id)) throw new EmulatorInputError(`Role ${id} already exists in guild ${guildId}`);
    const role: RoleRecord = {
      id,
      guildId,
      name: input.name,
      permissions: input.permissions === undefined ? 0n : toPermissionBits(input.permissions),
      position: guild.roles.size,
      color: input.color ?? 0,
      hoist: input.hoist ?? false,
      mentionable: input.mentionable ?? false,
      botId: null,
    };
    guild.roles.set(id, role);
    this.sink('GUILD_ROLE_CREATE', { guild_id: guildId, role: roleToApi(role) }, Intent.Guilds);
    return role;
  }

  updateRole(guildId: string, roleId: string, patch: Partial<Omit<CreateRoleInput, 'id'>>): RoleRecord {
    const role = this.role(guildId, roleId);
    if (patch.name !== undefined) role.name = patch.name;
    if (patch.permissions !== undefined) role.permissions = toPermissionBits(patch.permissions);
    if (patch.color !== undefined) role.color = patch.color;
    if (patch.hoist !== undefined) role.hoist = patch.hoist;
    if (patch.mentionable !== undefined) role.mentionable = patch.mentionable;
    this.sink('GUILD_ROLE_UPDATE', { guild_id: guildId, role: roleToApi(role) }, Intent.Guilds);
    return role;
  }

  deleteRole(guildId: string, roleId: string): void {
    const guild = this.guild(guildId);
    this.role(guildId, roleId);
    if (roleId === guildId) throw new EmulatorInputError('The @everyone role cannot be deleted');
    guild.roles.delete(roleId);
    for (const member of guild.members.values()) member.roleIds = member.roleIds.filter((r) => r !== roleId);
    this.sink('GUILD_ROLE_DELETE', { guild_id: guildId, role_id: roleId }, Intent.Guilds);
  }

  role(guildId: string, roleId: string): RoleRecord {
    const guild = this.guild(guildId);
    const role = guild.roles.get(roleId);
    if (!role) {
      throw new EmulatorInputError(
        `Unknown role "${roleId}" in guild ${guildId}. Roles: ${[...guild.roles.values()].map((r) => `${r.name} (${r.id})`).join(', ')}`,
      );
    }
    return role;
  }

  // ---------- members ----------

  addMember(guildId: string, userId: string, roleIds: string[] = []): MemberRecord {
    const guild = this.guild(guildId);
    this.user(userId);
    if (guild.members.has(userId)) throw new EmulatorInputError(`User ${userId} is already a member of guild ${guildId}`);
    for (const roleId of roleIds) this.role(guildId, roleId);
    const member: MemberRecord = { userId, roleIds: roleIds.filter((r) => r !== guildId), nick: null, joinedAt: new Date().toISOString() };
    guild.members.set(userId, member);
    this.sink('GUILD_MEMBER_ADD', { ...memberToApi(this, member), guild_id: guildId }, Intent.GuildMembers);
    return member;
  }

  setMemberRoles(guildId: string, userId: string, roleIds: string[]): MemberRecord {
    const member = this.member(guildId, userId);
    for (const roleId of roleIds) this.role(guildId, roleId);
    member.roleIds = roleIds.filter((r) => r !== guildId);
    this.sink('GUILD_MEMBER_UPDATE', { ...memberToApi(this, member), guild_id: guildId }, Intent.GuildMembers);
    return member;
  }

  removeMember(guildId: string, userId: string): void {
    const guild = this.guild(guildId);
    this.member(guildId, userId);
    if (userId === this.bot.id) {
      this.removeGuild(guildId);
      return;
    }
    guild.members.delete(userId);
    this.sink('GUILD_MEMBER_REMOVE', { guild_id: guildId, user: userToApi(this.user(userId)) }, Intent.GuildMembers);
  }

  member(guildId: string, userId: string): MemberRecord {
    const guild = this.guild(guildId);
    const member = guild.members.get(userId);
    if (!member) {
      const user = this.users.get(userId);
      throw new EmulatorInputError(
        `User ${user ? `${user.username} (${userId})` : `"${userId}"`} is not a member of guild ${guild.name} (${guildId}). ` +
          `Members: ${[...guild.members.keys()].map((id) => `${this.users.get(id)?.username ?? '?'} (${id})`).join(', ')}`,
      );
    }
    return member;
  }

  private permissionSubject(guildId: string, userId: string): PermissionSubject {
    const guild = this.guild(guildId);
    const member = this.member(guildId, userId);
    return {
      guildId,
      ownerId: guild.ownerId,
      userId,
      roleIds: member.roleIds,
      rolePermissions: new Map([...guild.roles.values()].map((r) => [r.id, r.permissions])),
    };
  }

  /** The member's permissions in the guild, or in a channel of it (overwrites applied) when channelId is given. */
  permissions(guildId: string, userId: string, channelId?: string): bigint {
    const subject = this.permissionSubject(guildId, userId);
    if (channelId === undefined) return basePermissions(subject);
    const channel = this.channel(channelId);
    // A thread takes its parent channel's overwrites; other channels' overwrites are their own (no category sync).
    const own = channel.thread && channel.parentId ? this.channel(channel.parentId) : channel;
    return channelPermissions(subject, own.overwrites);
  }

  /** Permissions of the bot in a channel; in DMs, what Discord grants there. */
  botPermissionsIn(channel: ChannelRecord): bigint {
    if (channel.guildId === null) {
      return (
        PermissionFlagsBits.ViewChannel |
        PermissionFlagsBits.SendMessages |
        PermissionFlagsBits.EmbedLinks |
        PermissionFlagsBits.AttachFiles |
        PermissionFlagsBits.ReadMessageHistory |
        PermissionFlagsBits.AddReactions |
        PermissionFlagsBits.UseExternalEmojis
      );
    }
    return this.permissions(channel.guildId, this.bot.id, channel.id);
  }

  // ---------- messages ----------

  storeAttachment(channelId: string, input: { filename: string; contentType?: string; data: Buffer; description?: string | null }): AttachmentRecord {
    const id = nextSnowflake();
    const safeName = input.filename.replace(/[^\w.-]/g, '_') || 'file';
    const attachment: AttachmentRecord = {
      id,
      filename: input.filename,
      // Discord derives the type from the file itself; generic upload types say nothing, so guess from the name.
      contentType: input.contentType && input.contentType !== 'application/octet-stream' ? input.contentType : guessContentType(input.filename),
      size: input.data.length,
      url: `${this.attachmentBaseUrl()}/attachments/${channelId}/${id}/${safeName}`,
      description: input.description ?? null,
      data: input.data,
    };
    this.attachments.set(id, attachment);
    return attachment;
  }

  createMessage(input: Omit<MessageRecord, 'id' | 'createdAt' | 'editedAt' | 'guildId'>): MessageRecord {
    const channel = this.channel(input.channelId);
    const message: MessageRecord = {
      ...input,
      id: nextSnowflake(),
      guildId: channel.guildId,
      createdAt: new Date().toISOString(),
      editedAt: null,
    };
    this.messages.set(message.id, message);
    const list = this.channelMessages.get(channel.id) ?? [];
    list.push(message);
    this.channelMessages.set(channel.id, list);
    if ((message.flags & MessageFlag.Ephemeral) === 0) {
      channel.lastMessageId = message.id;
      if (channel.thread) {
        channel.thread.messageCount += 1;
        channel.thread.memberIds.add(message.authorId);
      }
      this.sink('MESSAGE_CREATE', messageToApi(this, message, true), messageIntent(channel));
    }
    this.emit('message', message);
    return message;
  }

  /** Marks a message edited and tells the bot, as Discord does with MESSAGE_UPDATE. */
  touchMessage(message: MessageRecord): void {
    message.editedAt = new Date().toISOString();
    if ((message.flags & MessageFlag.Ephemeral) === 0) {
      this.sink('MESSAGE_UPDATE', messageToApi(this, message, true), messageIntent(this.channel(message.channelId)));
    }
    this.emit('messageUpdate', message);
  }

  deleteMessage(message: MessageRecord): void {
    this.messages.delete(message.id);
    const list = this.channelMessages.get(message.channelId) ?? [];
    this.channelMessages.set(
      message.channelId,
      list.filter((m) => m.id !== message.id),
    );
    if ((message.flags & MessageFlag.Ephemeral) === 0) {
      const channel = this.channel(message.channelId);
      this.sink(
        'MESSAGE_DELETE',
        { id: message.id, channel_id: message.channelId, ...(channel.guildId ? { guild_id: channel.guildId } : {}) },
        messageIntent(channel),
      );
    }
  }

  message(channelId: string, messageId: string): MessageRecord | undefined {
    const message = this.messages.get(messageId);
    return message && message.channelId === channelId ? message : undefined;
  }

  // ---------- commands ----------

  commandScope(scope: string): Map<string, APIApplicationCommand> {
    let map = this.commands.get(scope);
    if (!map) {
      map = new Map();
      this.commands.set(scope, map);
    }
    return map;
  }

  // ---------- snapshot ----------

  state(): WorldState {
    return {
      guilds: [...this.guilds.values()].map((g) => ({
        id: g.id,
        name: g.name,
        owner_id: g.ownerId,
        channels: this.guildChannels(g.id).map((c) => ({ id: c.id, name: c.name, type: c.type, parent_id: c.parentId })),
        roles: [...g.roles.values()].map((r) => ({ id: r.id, name: r.name, permissions: r.permissions.toString(), position: r.position })),
        members: [...g.members.values()].map((m) => ({ user_id: m.userId, roles: [...m.roleIds] })),
      })),
      users: [...this.users.values()].map((u) => ({ id: u.id, username: u.username, bot: u.bot })),
    };
  }
}

function messageIntent(channel: ChannelRecord): number {
  return channel.guildId === null ? Intent.DirectMessages : Intent.GuildMessages;
}

export { ALL_PERMISSIONS };

const CONTENT_TYPES: Record<string, string> = {
  txt: 'text/plain; charset=utf-8',
  json: 'application/json',
  csv: 'text/csv',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

function guessContentType(filename: string): string {
  const ext = filename.split('.').pop()?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
