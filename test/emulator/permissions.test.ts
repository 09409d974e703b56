import test from 'ava';
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { startHarness } from './helpers.ts';

test('member permissions come from real roles (Manage Guild or not)', async (t) => {
  const { emulator, guildId } = await startHarness(t, {
    beforeLogin: (client) => {
      client.on('clientReady', async (c) => {
        await c.application.commands.set([{ name: 'settings', description: 'admin only' }]);
      });
      client.on('interactionCreate', async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
          await interaction.reply({ content: 'denied', flags: MessageFlags.Ephemeral });
          return;
        }
        const appCanManageRoles = interaction.appPermissions.has(PermissionFlagsBits.ManageRoles);
        await interaction.reply(`allowed (bot can manage roles: ${appCanManageRoles})`);
      });
    },
  });
  while (emulator.registeredCommands().length === 0) await new Promise((r) => setTimeout(r, 10));
  const plain = emulator.createUser({ username: 'punter' });
  emulator.addMember(guildId, plain.id);
  const admin = emulator.createUser({ username: 'mod' });
  const modRole = emulator.createRole(guildId, { name: 'Moderator', permissions: PermissionFlagsBits.ManageGuild });
  emulator.addMember(guildId, admin.id, [modRole.id]);

  const denied = await emulator.runCommand({ command: 'settings', userId: plain.id });
  t.is(denied.content, 'denied');
  t.true(denied.ephemeral);
  const allowed = await emulator.runCommand({ command: 'settings', userId: admin.id });
  t.is(allowed.content, 'allowed (bot can manage roles: true)');
  const owner = await emulator.runCommand({ command: 'settings', userId: emulator.ownerUserId });
  t.is(owner.content, 'allowed (bot can manage roles: true)');

  // Taking the role away takes the permission away.
  emulator.setMemberRoles(guildId, admin.id, []);
  t.is((await emulator.runCommand({ command: 'settings', userId: admin.id })).content, 'denied');
  t.is(emulator.permissionsOf(guildId, emulator.ownerUserId) & PermissionFlagsBits.Administrator, PermissionFlagsBits.Administrator);
});
