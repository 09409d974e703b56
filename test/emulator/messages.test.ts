import test from 'ava';
import { AttachmentBuilder, ChannelType, Events, type Message } from 'discord.js';
import { startHarness } from './helpers.ts';

test('channel message with a multipart attachment is stored and downloadable', async (t) => {
  const { emulator, client, channelId } = await harness(t);
  const channel = await client.channels.fetch(channelId);
  if (!channel?.isSendable()) return t.fail('channel not sendable');
  const sent = await channel.send({
    content: 'Weekly report',
    embeds: [{ title: 'Report' }],
    files: [new AttachmentBuilder(Buffer.from('a,b\n1,2\n'), { name: 'report.csv' })],
  });
  t.is(sent.attachments.size, 1);
  const stored = emulator.messages(channelId);
  t.is(stored.length, 1);
  const [message] = stored;
  t.is(message?.content, 'Weekly report');
  t.is(message?.embeds[0]?.title, 'Report');
  const attachment = message?.attachments[0];
  t.is(attachment?.filename, 'report.csv');
  t.is(attachment?.size, 8);
  t.is(attachment?.content_type, 'text/csv');
  const downloaded = await (await fetch(attachment!.url)).text();
  t.is(downloaded, 'a,b\n1,2\n');

  const edited = await sent.edit({ content: 'Weekly report (v2)' });
  t.is(edited.content, 'Weekly report (v2)');
  t.is(emulator.messages(channelId)[0]?.attachments.length, 1);
  const fetched = await channel.messages.fetch({ limit: 10 });
  t.is(fetched.size, 1);
  await sent.delete();
  t.deepEqual(emulator.messages(channelId), []);
});

test('DM channel: the bot opens a DM and messages a user', async (t) => {
  const { emulator, client } = await harness(t);
  const user = await client.users.fetch(emulator.defaultUserId);
  const dm = await user.createDM();
  t.is(dm.type, ChannelType.DM);
  await user.send('Your bet won!');
  const dmChannel = emulator.dmChannel(emulator.defaultUserId);
  t.is(dmChannel.id, dm.id);
  t.deepEqual(
    emulator.messages(dm.id).map((m) => m.content),
    ['Your bet won!'],
  );
});

test('user messages reach the bot as MESSAGE_CREATE and empty messages are refused', async (t) => {
  const { emulator, client, channelId } = await harness(t);
  const received = new Promise<Message>((resolve) => client.once(Events.MessageCreate, resolve));
  emulator.sendUserMessage(channelId, emulator.defaultUserId, 'hello bot');
  const message = await received;
  t.is(message.content, 'hello bot');
  t.is(message.author.id, emulator.defaultUserId);
  const channel = await client.channels.fetch(channelId);
  if (!channel?.isSendable()) return t.fail('channel not sendable');
  await t.throwsAsync(channel.send({ content: '' }), { message: /Cannot send an empty message/ });
});

function harness(t: Parameters<typeof startHarness>[0]) {
  return startHarness(t);
}
