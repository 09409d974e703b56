import { once } from 'node:events';
import test from 'ava';
import { Events, type Guild, type GuildMember } from 'discord.js';
import { startHarness } from './helpers.ts';

test('guild join and leave reach the client as guildCreate / guildDelete', async (t) => {
  const { emulator, client } = await startHarness(t);
  const joined = once(client, Events.GuildCreate) as Promise<[Guild]>;
  const guild = emulator.createGuild({ name: 'Second Guild' });
  const [created] = await joined;
  t.is(created.id, guild.id);
  t.is(created.name, 'Second Guild');
  t.true(client.guilds.cache.has(guild.id));

  const left = once(client, Events.GuildDelete) as Promise<[Guild]>;
  emulator.removeGuild(guild.id);
  const [deleted] = await left;
  t.is(deleted.id, guild.id);
  t.false(client.guilds.cache.has(guild.id));
});

test('channel, role and member changes are dispatched', async (t) => {
  const { emulator, client, guildId } = await startHarness(t);
  const channelCreated = once(client, Events.ChannelCreate);
  const channel = emulator.createChannel(guildId, { name: 'odds', type: 0 });
  await channelCreated;
  t.truthy(client.channels.cache.get(channel.id));

  const roleCreated = once(client, Events.GuildRoleCreate);
  const role = emulator.createRole(guildId, { name: 'VIP', permissions: ['ManageMessages'] });
  await roleCreated;
  t.truthy(client.guilds.cache.get(guildId)?.roles.cache.get(role.id));

  const user = emulator.createUser({ username: 'newbie' });
  const added = once(client, Events.GuildMemberAdd) as Promise<[GuildMember]>;
  emulator.addMember(guildId, user.id);
  t.is((await added)[0].id, user.id);

  const updated = once(client, Events.GuildMemberUpdate) as Promise<[GuildMember, GuildMember]>;
  emulator.setMemberRoles(guildId, user.id, [role.id]);
  const [, after] = await updated;
  t.true(after.roles.cache.has(role.id));

  const removed = once(client, Events.GuildMemberRemove) as Promise<[GuildMember]>;
  emulator.removeMember(guildId, user.id);
  t.is((await removed)[0].id, user.id);

  const fetched = await client.guilds.cache.get(guildId)!.members.fetch();
  t.true(fetched.has(emulator.defaultUserId));
  t.false(fetched.has(user.id));
});
