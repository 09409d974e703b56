import { container } from '@sapphire/framework';

/** Display names of members, from the Discord client's cache (best effort: an id when unknown). */
export async function memberNames(guildId: string, userIds: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const client = container.client;
  const guild = client?.isReady() ? client.guilds.cache.get(guildId) : undefined;
  for (const id of userIds) {
    const member = guild?.members.cache.get(id);
    const user = member?.user ?? client?.users.cache.get(id);
    out[id] = member?.displayName ?? user?.globalName ?? user?.username ?? `member ${id}`;
  }
  return out;
}
