import type { App } from '../../../../src/core/app.ts';
import betting from '../../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import api from '../../../../src/plugins/api/index.ts';
import stream from '../../../../src/plugins/stream/index.ts';
import type { StreamContext } from '../../../../src/plugins/stream/services/context.ts';
import { guildTopicKey } from '../../../../src/plugins/stream/services/guild-topics.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';

export interface World {
  bot: TestBot;
  stream: StreamContext;
  betting: BettingContext;
}

/** The demo server on platinum with betting loaded and the stream plugin loaded (on or off, as the test says). */
export async function bootWorld(options: { enabled?: boolean } = {}): Promise<World> {
  const bot = await createTestBot({ plugins: [betting, api, stream], tier: 'platinum' });
  if (options.enabled !== false) await bot.app.settings.setEnabled(bot.guildId, 'stream', true);
  return { bot, stream: bot.app.contextOf('stream') as unknown as StreamContext, betting: bot.app.contextOf('betting') as unknown as BettingContext };
}

/** Rows of a table, as plain objects. */
export async function sql<T = Record<string, unknown>>(app: App, text: string, params: unknown[] = []): Promise<T[]> {
  return (await app.orm.em.fork().getConnection().execute(text, params, 'all')) as T[];
}

/** Events appended to the server's `leaderboard` topic after `afterId`. */
export async function leaderboardEvents(w: World, afterId: string): Promise<{ id: string; event: string; data: Record<string, unknown> }[]> {
  const { entries } = await w.stream.topics.range(guildTopicKey(w.bot.guildId, 'leaderboard'), afterId, await w.stream.topics.head());
  return entries.map((e) => ({ id: e.id, event: e.event, data: JSON.parse(e.data) as Record<string, unknown> }));
}

/** Polls until `probe` returns something (an edit arriving, a job finishing). */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
