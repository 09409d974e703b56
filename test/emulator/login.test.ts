import test from 'ava';
import { pino } from 'pino';
import { startHarness } from './helpers.ts';

test('a real discord.js client logs in, gets READY and has the guilds cached', async (t) => {
  const { emulator, client, guildId, channelId } = await startHarness(t, { emulator: { logger: pino({ level: 'silent' }) } });
  t.is(client.user?.id, emulator.botUserId);
  t.is(emulator.identifiedToken, emulator.token);
  const guild = client.guilds.cache.get(guildId);
  t.truthy(guild);
  t.is(guild?.name, 'Test Guild');
  t.truthy(guild?.channels.cache.get(channelId));
  t.truthy(guild?.members.cache.get(emulator.botUserId));
  t.truthy(guild?.roles.everyone);
  t.deepEqual(emulator.unknownRoutes, []);
});
