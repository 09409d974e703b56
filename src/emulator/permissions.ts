import { PermissionFlagsBits } from 'discord.js';

/** Every permission bit known to discord-api-types; what owners and administrators get. */
export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((acc, bit) => acc | bit, 0n);

/**
 * A sensible @everyone default: what a fresh Discord server grants everyone
 * (read/write/voice basics, no moderation, no @everyone mentions).
 */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.Stream |
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.UseVAD |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.UseEmbeddedActivities;

/** A channel permission overwrite; type 0 = role, 1 = member. */
export interface Overwrite {
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface PermissionSubject {
  guildId: string;
  ownerId: string;
  userId: string;
  /** Role ids of the member, without @everyone. */
  roleIds: readonly string[];
  /** Permissions of every role in the guild, @everyone included (its id is the guild id). */
  rolePermissions: ReadonlyMap<string, bigint>;
}

/** Guild-level permissions, computed as Discord documents it (owner and ADMINISTRATOR get everything). */
export function basePermissions(subject: PermissionSubject): bigint {
  if (subject.userId === subject.ownerId) return ALL_PERMISSIONS;
  let perms = subject.rolePermissions.get(subject.guildId) ?? 0n;
  for (const roleId of subject.roleIds) perms |= subject.rolePermissions.get(roleId) ?? 0n;
  if ((perms & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  return perms;
}

/** Channel-level permissions: base permissions with the channel's overwrites applied in Discord's order. */
export function channelPermissions(subject: PermissionSubject, overwrites: readonly Overwrite[]): bigint {
  let perms = basePermissions(subject);
  if (perms === ALL_PERMISSIONS) return perms;
  const everyone = overwrites.find((o) => o.type === 0 && o.id === subject.guildId);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && subject.roleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const member = overwrites.find((o) => o.type === 1 && o.id === subject.userId);
  if (member) perms = (perms & ~member.deny) | member.allow;
  return perms;
}

/** Accepts the forms tests naturally write: bigint, decimal string, or a list of PermissionFlagsBits names. */
export function toPermissionBits(value: bigint | string | number | readonly (keyof typeof PermissionFlagsBits)[]): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'string') return BigInt(value);
  return value.reduce((acc, name) => acc | PermissionFlagsBits[name], 0n);
}
