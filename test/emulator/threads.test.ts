import test from 'ava';
import { ChannelType, Events, type Message, type ThreadChannel } from 'discord.js';
import { startHarness } from './helpers.ts';

test('the bot opens a thread in a channel, posts in it, and members post there too', async (t) => {
  const { emulator, client, channelId, guildId } = await startHarness(t);
  const channel = await client.channels.fetch(channelId);
  if (channel?.type !== ChannelType.GuildText) return t.fail('not a text channel');
  const created = new Promise<ThreadChannel>((resolve) => client.once(Events.ThreadCreate, (thread) => resolve(thread)));
  const thread = await channel.threads.create({ name: 'Arsenal v Chelsea', type: ChannelType.PublicThread, autoArchiveDuration: 1440 });
  t.is(thread.type, ChannelType.PublicThread);
  t.is(thread.parentId, channelId);
  t.is(thread.ownerId, emulator.botUserId);
  t.is(thread.autoArchiveDuration, 1440);
  t.is((await created).id, thread.id, 'THREAD_CREATE reaches the bot');
  t.deepEqual(emulator.threads(channelId).map((c) => c.id), [thread.id]);
  t.false(emulator.state().guilds.find((g) => g.id === guildId)!.channels.some((c) => c.id === thread.id), 'threads are not listed among channels');

  await thread.send({ content: 'Kick-off!' });
  t.deepEqual(emulator.messages(thread.id).map((m) => m.content), ['Kick-off!']);

  const heard = new Promise<Message>((resolve) => client.once(Events.MessageCreate, resolve));
  emulator.sendUserMessage(thread.id, emulator.defaultUserId, 'Come on you Gunners');
  const message = await heard;
  t.is(message.channelId, thread.id);
  t.is(message.content, 'Come on you Gunners');

  // Fetched fresh, a thread is still a thread of its parent.
  const fetched = await client.channels.fetch(thread.id, { force: true });
  t.true(fetched?.isThread());
  t.true(fetched?.isSendable());
});

test('a thread started from a message takes its id; a second one on the same message is refused', async (t) => {
  const { emulator, client, channelId } = await startHarness(t);
  const channel = await client.channels.fetch(channelId);
  if (channel?.type !== ChannelType.GuildText) return t.fail('not a text channel');
  const starter = await channel.send({ content: 'Match thread' });
  const thread = await starter.startThread({ name: 'Match chat' });
  t.is(thread.id, starter.id);
  t.is(thread.type, ChannelType.PublicThread);
  t.is(emulator.threads(channelId).length, 1);
  await t.throwsAsync(channel.threads.create({ name: 'again', startMessage: starter.id }), { message: /already been created/ });
});

test('pins: the bot pins and unpins a message; pinned messages are listed, newest pin first', async (t) => {
  const { emulator, client, channelId } = await startHarness(t);
  const channel = await client.channels.fetch(channelId);
  if (channel?.type !== ChannelType.GuildText) return t.fail('not a text channel');
  const thread = await channel.threads.create({ name: 'Pins' });
  const first = await thread.send({ content: 'Scoreboard' });
  const second = await thread.send({ content: 'Rules' });
  await first.pin();
  await thread.messages.pin(second.id);
  t.deepEqual(emulator.pinnedMessages(thread.id).map((m) => m.content).sort(), ['Rules', 'Scoreboard']);
  t.true(emulator.message(first.id)?.pinned);
  const pins = await thread.messages.fetchPins();
  t.is(pins.items.length, 2);
  t.true(pins.items.every((p) => p.message.pinned));

  await thread.messages.unpin(second.id);
  t.deepEqual(emulator.pinnedMessages(thread.id).map((m) => m.content), ['Scoreboard']);
  t.false(emulator.message(second.id)?.pinned);
  const fetched = await thread.messages.fetch({ message: first.id, force: true });
  t.true(fetched.pinned);
  // The deprecated route answers the same list.
  const legacy = (await client.rest.get(`/channels/${thread.id}/pins`)) as { id: string }[];
  t.deepEqual(legacy.map((m) => m.id), [first.id]);
});
