import { PermissionFlagsBits } from 'discord.js';
import { z } from 'zod';
import { RestError } from './errors.ts';
import type { Router, RestRequest } from './router.ts';
import { channelToApi, messageToApi } from './serialize.ts';
import type { ChannelRecord, MessageRecord, World } from './world.ts';

/** Discord keeps at most 50 pins per channel. */
const MAX_PINS = 50;
const ARCHIVE_DURATIONS = [60, 1440, 4320, 10080] as const;

/** What the thread and pin routes borrow from the message routes: lookups that answer Discord's 404s, and the bot's permission check. */
export interface ThreadRouteHelpers {
  channelOf(req: RestRequest): ChannelRecord;
  messageOf(req: RestRequest): { channel: ChannelRecord; message: MessageRecord };
  requireBot(channel: ChannelRecord, ...bits: bigint[]): void;
}

const threadBody = z
  .object({
    name: z.string().min(1).max(100),
    auto_archive_duration: z.union(ARCHIVE_DURATIONS.map((d) => z.literal(d))).optional(),
    type: z.union([z.literal(10), z.literal(11), z.literal(12)]).optional(),
  })
  .loose();

function parseThreadBody(body: unknown): z.output<typeof threadBody> {
  const parsed = threadBody.safeParse(body);
  if (!parsed.success) throw new RestError(400, 50035, 'Invalid Form Body', z.treeifyError(parsed.error));
  return parsed.data;
}

/**
 * Threads and pins: `POST /channels/:id/threads` (a thread without a message; private by default, as on Discord),
 * `POST /channels/:id/messages/:mid/threads` (a public thread started from a message, with the message's id), and
 * pinning with both route spellings (`/channels/:id/messages/pins/:mid`, which discord.js 14.2x uses, and the older
 * `/channels/:id/pins/:mid`). Members post in a thread like in any text channel.
 */
export function addThreadRoutes(router: Router, world: World, h: ThreadRouteHelpers): void {
  const parentOf = (req: RestRequest): ChannelRecord => {
    const channel = h.channelOf(req);
    if (channel.guildId === null || (channel.type !== 0 && channel.type !== 5)) throw new RestError(400, 50024, 'Cannot execute action on this channel type');
    return channel;
  };

  router.on('POST', '/channels/:channelId/threads', (req) => {
    const parent = parentOf(req);
    const body = parseThreadBody(req.body);
    const type = parent.type === 5 ? 10 : (body.type ?? 12);
    h.requireBot(parent, PermissionFlagsBits.ViewChannel, type === 12 ? PermissionFlagsBits.CreatePrivateThreads : PermissionFlagsBits.CreatePublicThreads);
    const thread = world.createThread(parent.id, { name: body.name, type, ownerId: world.bot.id, ...(body.auto_archive_duration ? { autoArchiveDuration: body.auto_archive_duration } : {}) });
    return { status: 201, body: channelToApi(world, thread) };
  });

  router.on('POST', '/channels/:channelId/messages/:messageId/threads', (req) => {
    const parent = parentOf(req);
    const { message } = h.messageOf(req);
    const body = parseThreadBody(req.body);
    h.requireBot(parent, PermissionFlagsBits.ViewChannel, PermissionFlagsBits.CreatePublicThreads);
    if (world.channels.has(message.id)) throw new RestError(400, 160004, 'A thread has already been created for this message');
    const thread = world.createThread(parent.id, {
      id: message.id,
      name: body.name,
      type: parent.type === 5 ? 10 : 11,
      ownerId: world.bot.id,
      ...(body.auto_archive_duration ? { autoArchiveDuration: body.auto_archive_duration } : {}),
    });
    return { status: 201, body: channelToApi(world, thread) };
  });

  const pin = (pinned: boolean) => (req: RestRequest) => {
    const { channel, message } = h.messageOf(req);
    h.requireBot(channel, PermissionFlagsBits.ViewChannel, PermissionFlagsBits.ManageMessages);
    if (pinned && message.pinnedAt === undefined && world.pinnedMessages(channel.id).length >= MAX_PINS) {
      throw new RestError(400, 30003, `Maximum number of pins reached (${MAX_PINS})`);
    }
    world.setPinned(message, pinned);
    return { status: 204 };
  };
  for (const path of ['/channels/:channelId/messages/pins/:messageId', '/channels/:channelId/pins/:messageId']) {
    router.on('PUT', path, pin(true));
    router.on('DELETE', path, pin(false));
  }

  const readable = (req: RestRequest): ChannelRecord => {
    const channel = h.channelOf(req);
    h.requireBot(channel, PermissionFlagsBits.ViewChannel, PermissionFlagsBits.ReadMessageHistory);
    return channel;
  };
  router.on('GET', '/channels/:channelId/messages/pins', (req) => {
    const pins = world.pinnedMessages(readable(req).id);
    return { status: 200, body: { items: pins.map((m) => ({ pinned_at: m.pinnedAt, message: messageToApi(world, m) })), has_more: false } };
  });
  router.on('GET', '/channels/:channelId/pins', (req) => ({ status: 200, body: world.pinnedMessages(readable(req).id).map((m) => messageToApi(world, m)) }));
}
