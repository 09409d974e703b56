import type { Logger } from 'pino';
import type { App } from '../../../../src/core/app.ts';
import betting from '../../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import { placeStraight } from '../../../../src/plugins/betting/services/placement.ts';
import { settleGame } from '../../../../src/plugins/betting/services/settlement.ts';
import api from '../../../../src/plugins/api/index.ts';
import stream from '../../../../src/plugins/stream/index.ts';
import type { StreamContext } from '../../../../src/plugins/stream/services/context.ts';
import { guildTopicEvents } from '../helpers/bot-world.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { seedGames } from '../../betting/seed.ts';

export interface World {
  bot: TestBot;
  stream: StreamContext;
  betting: BettingContext;
}

/** The demo server on platinum with betting and stream on (and its emulator, and the real discord.js client). */
export async function bootWorld(options: { logger?: Logger } = {}): Promise<World> {
  const bot = await createTestBot({ plugins: [betting, api, stream], tier: 'platinum', ...(options.logger ? { logger: options.logger } : {}) });
  await bot.app.settings.setEnabled(bot.guildId, 'stream', true);
  return { bot, stream: bot.app.contextOf('stream') as unknown as StreamContext, betting: bot.app.contextOf('betting') as unknown as BettingContext };
}

let games = 0;
let interactions = 0;

/**
 * A bet placed through betting's own service at `placedAt`, on a fresh game kicking off after it, then settled by the
 * game's final score at `settledAt`: the home side at 2.0 wins (net = units) when `won`, else loses (net = −units).
 */
export async function settledBet(w: World, input: { userId: string; placedAt: number; settledAt: number; won: boolean; units?: number }): Promise<number> {
  const key = `comp-${process.pid}-${++games}`;
  const { ids } = await seedGames(w.betting, [{ key, home: `Home ${games}`, away: `Away ${games}`, inMinutes: 24 * 60, h2h: [2.0, 3.4, 3.6] }]);
  const placed = await placeStraight(w.betting, {
    guildId: w.bot.guildId,
    userId: input.userId,
    interactionId: `comp-test-${process.pid}-${++interactions}`,
    gameId: ids[key]!,
    market: 'h2h',
    selection: 'home',
    units: input.units ?? 1,
    now: input.placedAt,
  });
  await settleGame(w.betting, ids[key]!, input.won ? { home: 2, away: 0 } : { home: 0, away: 1 }, input.settledAt);
  return placed.bet.id;
}

export { eventually, sql } from '../helpers/bot-world.ts';

/** Events appended to the server's `competitions` topic after `afterId`. */
export function competitionEvents(w: World, afterId: string): ReturnType<typeof guildTopicEvents> {
  return guildTopicEvents(w.stream, w.bot.guildId, 'competitions', afterId);
}
