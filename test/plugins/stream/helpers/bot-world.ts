import type { App } from '../../../../src/core/app.ts';
import type { StreamContext } from '../../../../src/plugins/stream/services/context.ts';
import { guildTopicKey, type GuildTopic } from '../../../../src/plugins/stream/services/guild-topics.ts';

/** Rows of a table, as plain objects. */
export async function sql<T = Record<string, unknown>>(app: App, text: string, params: unknown[] = []): Promise<T[]> {
  return (await app.orm.em.fork().getConnection().execute(text, params, 'all')) as T[];
}

/** Events appended to one of the server's topics after `afterId`. */
export async function guildTopicEvents(stream: StreamContext, guildId: string, topic: GuildTopic, afterId: string): Promise<{ id: string; event: string; data: Record<string, unknown> }[]> {
  const { entries } = await stream.topics.range(guildTopicKey(guildId, topic), afterId, await stream.topics.head());
  return entries.map((e) => ({ id: e.id, event: e.event, data: JSON.parse(e.data) as Record<string, unknown> }));
}

/** Polls until `probe` returns something (a live event or an edit arriving, a job finishing). */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
