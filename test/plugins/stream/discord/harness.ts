import type { App } from '../../../../src/core/app.ts';
import betting from '../../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import api from '../../../../src/plugins/api/index.ts';
import stream from '../../../../src/plugins/stream/index.ts';
import type { StreamContext } from '../../../../src/plugins/stream/services/context.ts';
import { guildTopicEvents } from '../helpers/bot-world.ts';
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

export { eventually, sql } from '../helpers/bot-world.ts';

/** Events appended to the server's `leaderboard` topic after `afterId`. */
export function leaderboardEvents(w: World, afterId: string): ReturnType<typeof guildTopicEvents> {
  return guildTopicEvents(w.stream, w.bot.guildId, 'leaderboard', afterId);
}
