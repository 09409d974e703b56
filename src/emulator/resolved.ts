import type { APIInteractionDataResolved, APIInteractionDataResolvedChannel } from 'discord-api-types/v10';
import { EmulatorInputError } from './errors.ts';
import { attachmentToApi, memberToApi, roleToApi, userToApi } from './serialize.ts';
import type { AttachmentRecord, World } from './world.ts';

/**
 * Collects the `resolved` block of an interaction: Discord sends the full objects for every
 * user/member/role/channel/attachment referenced by option values or select values.
 */
export class ResolvedBuilder {
  readonly data: APIInteractionDataResolved = {};

  constructor(
    private readonly world: World,
    private readonly guildId: string | null,
  ) {}

  get isEmpty(): boolean {
    return Object.keys(this.data).length === 0;
  }

  addUser(userId: string): void {
    const user = this.world.user(userId);
    (this.data.users ??= {})[userId] = userToApi(user);
    const member = this.guildId ? this.world.guilds.get(this.guildId)?.members.get(userId) : undefined;
    if (this.guildId && member) {
      const { user: _user, ...partial } = memberToApi(this.world, member);
      (this.data.members ??= {})[userId] = { ...partial, permissions: this.world.permissions(this.guildId, userId).toString() };
    }
  }

  addRole(roleId: string): void {
    if (!this.guildId) throw new EmulatorInputError(`Role "${roleId}" cannot be used outside a guild`);
    (this.data.roles ??= {})[roleId] = roleToApi(this.world.role(this.guildId, roleId));
  }

  addChannel(channelId: string, allowedTypes?: readonly number[]): void {
    const channel = this.world.channel(channelId);
    if (this.guildId && channel.guildId !== this.guildId) {
      throw new EmulatorInputError(`Channel ${channelId} is not in guild ${this.guildId}`);
    }
    if (allowedTypes && allowedTypes.length > 0 && !allowedTypes.includes(channel.type)) {
      throw new EmulatorInputError(
        `Channel ${channel.name ?? channelId} has type ${channel.type}; the option only accepts channel types ${allowedTypes.join(', ')}`,
      );
    }
    const entry = {
      id: channel.id,
      name: channel.name,
      type: channel.type,
      permissions: (channel.guildId ? this.world.botPermissionsIn(channel) : 0n).toString(),
      parent_id: channel.parentId,
    };
    (this.data.channels ??= {})[channelId] = entry as unknown as APIInteractionDataResolvedChannel;
  }

  /** A value that may be a user or a role (MENTIONABLE options and selects). */
  addMentionable(id: string): void {
    if (this.world.users.has(id)) return this.addUser(id);
    if (this.guildId && this.world.guilds.get(this.guildId)?.roles.has(id)) return this.addRole(id);
    throw new EmulatorInputError(`"${id}" is neither a known user nor a role of guild ${this.guildId ?? '(none)'}`);
  }

  addAttachment(attachment: AttachmentRecord): void {
    (this.data.attachments ??= {})[attachment.id] = attachmentToApi(attachment);
  }
}
