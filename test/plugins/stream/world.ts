import type { ExecutionContext } from 'ava';
import type { App } from '../../../src/core/app.ts';
import api from '../../../src/plugins/api/index.ts';
import betting from '../../../src/plugins/betting/index.ts';
import stream from '../../../src/plugins/stream/index.ts';
import { bootApp } from '../../helpers/app.ts';
import { issueKey } from '../../helpers/api.ts';

export const GUILD_A = '300000000000000001';
export const GUILD_B = '300000000000000002';

/** A started app with betting, the API and streaming; servers A and B on Platinum with live features on. */
export async function streamWorld(t: ExecutionContext, streamOptions: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<{ app: App; base: string; ws: string; keyA: string; keyB: string }> {
  const app = await bootApp(t, [{ plugin: betting, options: { feed: { kind: 'none' } } }, { plugin: api }, { plugin: stream, options: streamOptions }], { env });
  for (const g of [GUILD_A, GUILD_B]) {
    await app.settings.setTier(g, 'platinum');
    await app.settings.setEnabled(g, 'stream', true);
  }
  return { app, base: `http://127.0.0.1:${app.port}`, ws: `ws://127.0.0.1:${app.port}`, keyA: await issueKey(app, GUILD_A), keyB: await issueKey(app, GUILD_B) };
}

let bet = 0;

/** Publishes what the feed and betting publish, from this app (its stream plugin appends them). */
export const publish = {
  score: (app: App, gameId: number, home: number, away: number) => app.bus.publish('game.score', { gameId, home, away }),
  placed: (app: App, guildId: string) => app.bus.publish('bet.placed', { guildId, betId: ++bet, userId: '400000000000000001', type: 'straight', units: 1, decimal: 2 }),
  odds: (app: App, gameId: number, to: number) => app.bus.publish('odds.moved', { gameId, market: 'h2h', selection: 'home', line: 0, from: null, to }),
};
