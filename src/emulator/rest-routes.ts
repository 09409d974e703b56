import { PermissionFlagsBits } from 'discord.js';
import { z } from 'zod';
import { RestError } from './errors.ts';
import { overwriteCommands, parseCommandBody, patchCommand, upsertCommand } from './command-registry.ts';
import type { Gateway } from './gateway.ts';
import type { InteractionDriver } from './interactions.ts';
import { assertNotEmpty, buildMessageContent, parseMessageBody } from './message-payload.ts';
import { Router, type RestRequest } from './router.ts';
import { channelToApi, guildToApi, memberToApi, messageToApi, roleToApi, userToApi } from './serialize.ts';
import { MessageFlag } from './flags.ts';
import type { ChannelRecord, World } from './world.ts';
import { EmulatorInputError } from './errors.ts';
import { addThreadRoutes } from './thread-routes.ts';

const TEXT_CHANNEL_TYPES = new Set([0, 1, 2, 3, 5, 10, 11, 12, 13]);
/** Discord dedupes an enforced nonce for "a few minutes". */
const NONCE_WINDOW_MS = 5 * 60_000;

/** Wraps world lookups so an unknown id is Discord's 404 with its JSON error code, not a test-input error. */
function lookup<T>(fn: () => T, code: number, message: string): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof EmulatorInputError) throw new RestError(404, code, message);
    throw error;
  }
}

const ok = (body: unknown, status = 200) => ({ status, body });
const noContent = () => ({ status: 204 });

const param = (req: RestRequest, name: string): string => req.params[name] ?? '';

/** Builds the REST routes a discord.js bot uses. */
export function buildRoutes(world: World, gateway: Gateway, driver: InteractionDriver): Router {
  const router = new Router();
  const channelOf = (req: RestRequest) => lookup(() => world.channel(param(req, 'channelId')), 10003, 'Unknown Channel');
  const guildOf = (req: RestRequest) => lookup(() => world.guild(param(req, 'guildId')), 10004, 'Unknown Guild');
  const requireBot = (channel: ChannelRecord, ...bits: bigint[]) => {
    const perms = world.botPermissionsIn(channel);
    for (const bit of bits) if ((perms & bit) !== bit) throw new RestError(403, 50013, 'Missing Permissions');
  };
  const requireBotInGuild = (guildId: string, bit: bigint) => {
    if ((world.permissions(guildId, world.bot.id) & bit) !== bit) throw new RestError(403, 50013, 'Missing Permissions');
  };
  const appCheck = (req: RestRequest) => {
    if (param(req, 'appId') !== world.applicationId) throw new RestError(404, 10002, 'Unknown Application');
  };

  // ---------- gateway & identity ----------
  router.on('GET', '/gateway', () => ok({ url: gateway.url }));
  router.on('GET', '/gateway/bot', () =>
    ok({ url: gateway.url, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }),
  );
  router.on('GET', '/users/@me', () => ok({ ...userToApi(world.bot), verified: true, mfa_enabled: false, locale: 'en-US', email: null }));
  router.on('GET', '/users/:userId', (req) => ok(userToApi(lookup(() => world.user(param(req, 'userId')), 10013, 'Unknown User'))));
  const application = () =>
    ok({
      id: world.applicationId,
      name: world.bot.username,
      icon: null,
      description: '',
      summary: '',
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      owner: userToApi(world.ownerUser),
      team: null,
      flags: 0,
      bot: userToApi(world.bot),
      approximate_guild_count: world.guilds.size,
    });
  router.on('GET', '/applications/@me', application);
  router.on('GET', '/oauth2/applications/@me', application);

  // ---------- application commands ----------
  for (const [prefix, scopeOf] of [
    ['/applications/:appId/commands', () => 'global'],
    ['/applications/:appId/guilds/:guildId/commands', (req: RestRequest) => guildOf(req).id],
  ] as const) {
    router.on('GET', prefix, (req) => {
      appCheck(req);
      return ok([...world.commandScope(scopeOf(req)).values()]);
    });
    router.on('POST', prefix, (req) => {
      appCheck(req);
      const { command, created } = upsertCommand(world, scopeOf(req), parseCommandBody(req.body));
      return ok(command, created ? 201 : 200);
    });
    router.on('PUT', prefix, (req) => {
      appCheck(req);
      const bodies = z.array(z.unknown()).max(100).safeParse(req.body);
      if (!bodies.success) throw new RestError(400, 50035, 'Invalid Form Body', z.treeifyError(bodies.error));
      return ok(overwriteCommands(world, scopeOf(req), bodies.data.map(parseCommandBody)));
    });
    router.on('GET', `${prefix}/:commandId`, (req) => {
      appCheck(req);
      const command = world.commandScope(scopeOf(req)).get(param(req, 'commandId'));
      if (!command) throw new RestError(404, 10063, 'Unknown application command');
      return ok(command);
    });
    router.on('PATCH', `${prefix}/:commandId`, (req) => {
      appCheck(req);
      return ok(patchCommand(world, scopeOf(req), param(req, 'commandId'), req.body));
    });
    router.on('DELETE', `${prefix}/:commandId`, (req) => {
      appCheck(req);
      if (!world.commandScope(scopeOf(req)).delete(param(req, 'commandId'))) throw new RestError(404, 10063, 'Unknown application command');
      return noContent();
    });
  }
  router.on('GET', '/applications/:appId/guilds/:guildId/commands/permissions', (req) => {
    appCheck(req);
    guildOf(req);
    return ok([]);
  });

  // ---------- guilds ----------
  router.on('GET', '/guilds/:guildId', (req) => ok(guildToApi(world, guildOf(req), false)));
  router.on('GET', '/guilds/:guildId/channels', (req) =>
    ok(world.guildChannels(guildOf(req).id).map((c) => channelToApi(world, c))),
  );
  router.on('POST', '/guilds/:guildId/channels', (req) => {
    const guild = guildOf(req);
    requireBotInGuild(guild.id, PermissionFlagsBits.ManageChannels);
    const body = z
      .object({ name: z.string().min(1).max(100), type: z.number().int().optional(), parent_id: z.string().nullable().optional(), topic: z.string().nullable().optional() })
      .loose()
      .safeParse(req.body);
    if (!body.success) throw new RestError(400, 50035, 'Invalid Form Body', z.treeifyError(body.error));
    const channel = world.createChannel(guild.id, {
      name: body.data.name,
      type: body.data.type ?? 0,
      ...(body.data.parent_id ? { parentId: body.data.parent_id } : {}),
      ...(body.data.topic ? { topic: body.data.topic } : {}),
    });
    return ok(channelToApi(world, channel), 201);
  });
  router.on('GET', '/guilds/:guildId/roles', (req) => ok([...guildOf(req).roles.values()].map(roleToApi)));
  router.on('POST', '/guilds/:guildId/roles', (req) => {
    const guild = guildOf(req);
    requireBotInGuild(guild.id, PermissionFlagsBits.ManageRoles);
    const body = z
      .object({ name: z.string().max(100).optional(), permissions: z.string().optional(), color: z.number().int().optional(), hoist: z.boolean().optional(), mentionable: z.boolean().optional() })
      .loose()
      .safeParse(req.body ?? {});
    if (!body.success) throw new RestError(400, 50035, 'Invalid Form Body', z.treeifyError(body.error));
    const { name, permissions, color, hoist, mentionable } = body.data;
    const role = world.createRole(guild.id, {
      name: name ?? 'new role',
      ...(permissions !== undefined ? { permissions } : {}),
      ...(color !== undefined ? { color } : {}),
      ...(hoist !== undefined ? { hoist } : {}),
      ...(mentionable !== undefined ? { mentionable } : {}),
    });
    return ok(roleToApi(role));
  });
  router.on('DELETE', '/guilds/:guildId/roles/:roleId', (req) => {
    const guild = guildOf(req);
    requireBotInGuild(guild.id, PermissionFlagsBits.ManageRoles);
    lookup(() => world.role(guild.id, param(req, 'roleId')), 10011, 'Unknown Role');
    world.deleteRole(guild.id, param(req, 'roleId'));
    return noContent();
  });
  router.on('GET', '/guilds/:guildId/members', (req) => {
    const guild = guildOf(req);
    const limit = Math.min(Number(req.query.get('limit') ?? 1), 1000);
    const after = BigInt(req.query.get('after') ?? '0');
    const members = [...guild.members.values()]
      .filter((m) => BigInt(m.userId) > after)
      .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
      .slice(0, limit);
    return ok(members.map((m) => memberToApi(world, m)));
  });
  router.on('GET', '/guilds/:guildId/members/:userId', (req) => {
    const guild = guildOf(req);
    const member = lookup(() => world.member(guild.id, param(req, 'userId')), 10007, 'Unknown Member');
    return ok(memberToApi(world, member));
  });
  router.on('PATCH', '/guilds/:guildId/members/:userId', (req) => {
    const guild = guildOf(req);
    const member = lookup(() => world.member(guild.id, param(req, 'userId')), 10007, 'Unknown Member');
    const body = z.object({ roles: z.array(z.string()).optional(), nick: z.string().nullable().optional() }).loose().safeParse(req.body ?? {});
    if (!body.success) throw new RestError(400, 50035, 'Invalid Form Body', z.treeifyError(body.error));
    if (body.data.nick !== undefined) {
      requireBotInGuild(guild.id, PermissionFlagsBits.ManageNicknames);
      member.nick = body.data.nick;
    }
    const roles = body.data.roles ?? member.roleIds;
    if (body.data.roles) requireBotInGuild(guild.id, PermissionFlagsBits.ManageRoles);
    for (const roleId of roles) lookup(() => world.role(guild.id, roleId), 10011, 'Unknown Role');
    return ok(memberToApi(world, world.setMemberRoles(guild.id, member.userId, roles)));
  });
  const memberRole = (add: boolean) => (req: RestRequest) => {
    const guild = guildOf(req);
    const member = lookup(() => world.member(guild.id, param(req, 'userId')), 10007, 'Unknown Member');
    const role = lookup(() => world.role(guild.id, param(req, 'roleId')), 10011, 'Unknown Role');
    requireBotInGuild(guild.id, PermissionFlagsBits.ManageRoles);
    const roles = add ? [...new Set([...member.roleIds, role.id])] : member.roleIds.filter((r) => r !== role.id);
    world.setMemberRoles(guild.id, member.userId, roles);
    return noContent();
  };
  router.on('PUT', '/guilds/:guildId/members/:userId/roles/:roleId', memberRole(true));
  router.on('DELETE', '/guilds/:guildId/members/:userId/roles/:roleId', memberRole(false));
  router.on('DELETE', '/users/@me/guilds/:guildId', (req) => {
    world.removeGuild(guildOf(req).id);
    return noContent();
  });

  // ---------- channels & messages ----------
  const recentNonces = new Map<string, { messageId: string; at: number }>();
  router.on('GET', '/channels/:channelId', (req) => ok(channelToApi(world, channelOf(req))));
  router.on('POST', '/channels/:channelId/typing', (req) => {
    channelOf(req);
    return noContent();
  });
  router.on('POST', '/channels/:channelId/messages', (req) => {
    const channel = channelOf(req);
    if (!TEXT_CHANNEL_TYPES.has(channel.type)) throw new RestError(400, 50008, 'Cannot send messages in a non-text channel');
    // Discord lets the bot open the DM channel but refuses the message itself when the user does not accept DMs.
    if (channel.type === 1 && channel.recipientIds.some((id) => !world.dmsOpen(id))) throw new RestError(403, 50007, 'Cannot send messages to this user');
    requireBot(channel, PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages);
    const body = parseMessageBody(req.body);
    // Discord: with enforce_nonce, a second message with the same nonce from the same author within a few minutes
    // returns the first instead of posting again (how a retried send stays exactly-once).
    const nonceKey = body.enforce_nonce && body.nonce !== undefined ? `${channel.id}:${String(body.nonce)}` : undefined;
    const earlier = nonceKey ? recentNonces.get(nonceKey) : undefined;
    if (earlier && Date.now() - earlier.at < NONCE_WINDOW_MS) {
      const first = world.message(channel.id, earlier.messageId);
      if (first) return ok(messageToApi(world, first));
    }
    if (req.files.length) requireBot(channel, PermissionFlagsBits.AttachFiles);
    const content = buildMessageContent(world, channel.id, body, req.files);
    assertNotEmpty(content, body);
    const reference = body.message_reference?.message_id;
    if (reference && !world.message(channel.id, reference)) throw new RestError(400, 50035, 'Invalid Form Body', { message_reference: 'Unknown message' });
    const message = world.createMessage({
      ...content,
      // Ephemeral only exists for interaction responses; Discord ignores it here.
      flags: content.flags & ~MessageFlag.Ephemeral & ~MessageFlag.Loading,
      channelId: channel.id,
      authorId: world.bot.id,
      type: reference ? 19 : 0,
      interaction: null,
      webhookId: null,
    });
    if (nonceKey) recentNonces.set(nonceKey, { messageId: message.id, at: Date.now() });
    return ok(messageToApi(world, message));
  });
  router.on('GET', '/channels/:channelId/messages', (req) => {
    const channel = channelOf(req);
    requireBot(channel, PermissionFlagsBits.ViewChannel, PermissionFlagsBits.ReadMessageHistory);
    const limit = Math.min(Math.max(Number(req.query.get('limit') ?? 50), 1), 100);
    const all = (world.channelMessages.get(channel.id) ?? []).filter((m) => (m.flags & MessageFlag.Ephemeral) === 0);
    const before = req.query.get('before');
    const after = req.query.get('after');
    let selected = all;
    if (before) selected = selected.filter((m) => BigInt(m.id) < BigInt(before));
    if (after) selected = selected.filter((m) => BigInt(m.id) > BigInt(after));
    // Discord returns newest first; with `after`, the oldest ones after that id.
    const page = after ? selected.slice(0, limit) : selected.slice(-limit);
    return ok(page.reverse().map((m) => messageToApi(world, m)));
  });
  const messageOf = (req: RestRequest) => {
    const channel = channelOf(req);
    const message = world.message(channel.id, param(req, 'messageId'));
    if (!message || (message.flags & MessageFlag.Ephemeral) !== 0) throw new RestError(404, 10008, 'Unknown Message');
    return { channel, message };
  };
  router.on('GET', '/channels/:channelId/messages/:messageId', (req) => ok(messageToApi(world, messageOf(req).message)));
  router.on('PATCH', '/channels/:channelId/messages/:messageId', (req) => {
    const { channel, message } = messageOf(req);
    if (message.authorId !== world.bot.id) throw new RestError(403, 50005, 'Cannot edit a message authored by another user');
    const body = parseMessageBody(req.body);
    const content = buildMessageContent(world, channel.id, body, req.files, message);
    Object.assign(message, { ...content, flags: content.flags & ~MessageFlag.Ephemeral & ~MessageFlag.Loading });
    world.touchMessage(message);
    return ok(messageToApi(world, message));
  });
  router.on('DELETE', '/channels/:channelId/messages/:messageId', (req) => {
    const { channel, message } = messageOf(req);
    if (message.authorId !== world.bot.id) requireBot(channel, PermissionFlagsBits.ManageMessages);
    world.deleteMessage(message);
    return noContent();
  });
  addThreadRoutes(router, world, { channelOf, messageOf, requireBot });
  router.on('PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (req) => {
    const { channel } = messageOf(req);
    requireBot(channel, PermissionFlagsBits.AddReactions);
    return noContent();
  });
  router.on('POST', '/users/@me/channels', (req) => {
    const body = z.object({ recipient_id: z.string() }).loose().safeParse(req.body);
    if (!body.success) throw new RestError(400, 50035, 'Invalid Form Body', z.treeifyError(body.error));
    lookup(() => world.user(body.data.recipient_id), 10013, 'Unknown User');
    if (body.data.recipient_id === world.bot.id) throw new RestError(400, 50007, 'Cannot send messages to this user');
    return ok(channelToApi(world, world.dmChannel(body.data.recipient_id)));
  });

  // ---------- interactions ----------
  router.on('POST', '/interactions/:interactionId/:token/callback', (req) =>
    driver.callback(param(req, 'interactionId'), param(req, 'token'), req.body, req.files, req.query.get('with_response') === 'true'),
  );
  const webhookMessage = '/webhooks/:appId/:token/messages/:messageId';
  router.on('GET', webhookMessage, (req) => ok(driver.getMessage(param(req, 'appId'), param(req, 'token'), param(req, 'messageId'))));
  router.on('PATCH', webhookMessage, (req) =>
    ok(driver.editMessage(param(req, 'appId'), param(req, 'token'), param(req, 'messageId'), req.body, req.files)),
  );
  router.on('DELETE', webhookMessage, (req) => {
    driver.deleteMessage(param(req, 'appId'), param(req, 'token'), param(req, 'messageId'));
    return noContent();
  });
  router.on('POST', '/webhooks/:appId/:token', (req) => {
    const message = driver.followUp(param(req, 'appId'), param(req, 'token'), req.body, req.files);
    // Like Discord, the message comes back only with ?wait=true (discord.js always sets it).
    return req.query.get('wait') === 'true' ? ok(message) : noContent();
  });

  return router;
}
