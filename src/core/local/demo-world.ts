import type { Emulator } from '../../emulator/index.ts';

/**
 * The demo server of local mode. Ids are fixed so that the data kept in the database (tiers, settings, bets) still
 * belongs to the same server, channels and people after a restart.
 */
export const DEMO = {
  botId: '1100000000000000001',
  guildId: '1100000000000000100',
  guildName: 'Local Sports Club',
  channels: {
    general: '1100000000000000201',
    bets: '1100000000000000202',
    results: '1100000000000000203',
    admin: '1100000000000000204',
  },
  roles: { admin: '1100000000000000301', capper: '1100000000000000302', member: '1100000000000000303' },
  users: {
    owner: { id: '1100000000000000401', username: 'club-owner' },
    alice: { id: '1100000000000000402', username: 'alice' },
    bob: { id: '1100000000000000403', username: 'bob' },
    carol: { id: '1100000000000000404', username: 'carol' },
  },
} as const;

export type DemoUser = keyof typeof DEMO.users;

/**
 * Builds the demo server in the emulator: #general, #bets, #results and #admin; the roles Admin (Manage Server),
 * Capper and Member; the owner, an admin (alice), a capper (bob) and a member (carol).
 */
export function seedDemoWorld(emulator: Emulator): void {
  for (const user of Object.values(DEMO.users)) emulator.createUser(user);
  emulator.createGuild({ id: DEMO.guildId, name: DEMO.guildName, ownerId: DEMO.users.owner.id, withGeneralChannel: false });
  for (const [name, id] of Object.entries(DEMO.channels)) emulator.createChannel(DEMO.guildId, { id, name });
  emulator.createRole(DEMO.guildId, { id: DEMO.roles.admin, name: 'Admin', permissions: ['ManageGuild', 'ManageChannels', 'ManageMessages'], hoist: true });
  emulator.createRole(DEMO.guildId, { id: DEMO.roles.capper, name: 'Capper', hoist: true, color: 0x22c55e });
  emulator.createRole(DEMO.guildId, { id: DEMO.roles.member, name: 'Member' });
  emulator.setMemberRoles(DEMO.guildId, DEMO.users.owner.id, [DEMO.roles.admin]);
  emulator.addMember(DEMO.guildId, DEMO.users.alice.id, [DEMO.roles.admin, DEMO.roles.member]);
  emulator.addMember(DEMO.guildId, DEMO.users.bob.id, [DEMO.roles.capper, DEMO.roles.member]);
  emulator.addMember(DEMO.guildId, DEMO.users.carol.id, [DEMO.roles.member]);
}
