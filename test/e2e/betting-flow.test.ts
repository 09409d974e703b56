import test from 'ava';
import { pino } from 'pino';
import { loadConfig } from '../../src/core/config/env.ts';
import { DEMO } from '../../src/core/local/demo-world.ts';
import { startLocalMode, type LocalMode } from '../../src/core/local/local-mode.ts';
import betting, { createFeedSink } from '../../src/plugins/betting/index.ts';
import { BetSchema } from '../../src/plugins/betting/entities/bet.ts';
import { GameSchema } from '../../src/plugins/betting/entities/game.ts';
import { DEFAULT_REPLAY_FILE } from '../../src/plugins/betting/feeds/from-options.ts';
import { ReplayFeed } from '../../src/plugins/betting/feeds/replay-feed.ts';
import type { BettingContext } from '../../src/plugins/betting/services/context.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testkit/database.ts';
import { FakeClock } from '../plugins/betting/feeds/fake-clock.ts';

let local: LocalMode;
let db: TestDatabase;
test.before(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent' });
  local = await startLocalMode({ config, plugins: [{ plugin: betting, options: { feed: { kind: 'none' } } }], logger: pino({ level: 'silent' }), quiet: true });
});
test.after.always(async () => {
  await local?.app.stop();
  await local?.close();
  await db?.drop();
});

const post = async (path: string, body: unknown) => {
  const res = await fetch(`http://127.0.0.1:${local.app.port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as { embeds: { title?: string; description?: string; fields?: { name: string; value: string }[] }[]; ephemeral: boolean };
};
const as = DEMO.users.carol.id;

test('place straight bets and a parlay over HTTP, the replay of real matches settles them, /stats shows the formulas', async (t) => {
  const ctx = local.app.contextOf('betting') as unknown as BettingContext;
  // The first four matches of England 2022-2023, announced a match-day ahead, on a clock the test moves.
  const clock = new FakeClock(Date.now());
  const feed = new ReplayFeed({ file: DEFAULT_REPLAY_FILE, speed: 600, limit: 4, leadMinutes: 1440, clock });
  await feed.start(createFeedSink(ctx, feed.name));
  let finished = false;
  void feed.ended().then(() => (finished = true));
  // The replay arms its next timer only once the sink has stored the previous event, so keep moving the clock
  // until the feed waits for a time beyond the target (or has ended): the database may be slower than a tick.
  const runUntil = async (target: number): Promise<void> => {
    for (let i = 0; i < 1000; i++) {
      await clock.advanceTo(target);
      const next = clock.nextAt;
      if ((next !== undefined && next > target) || (next === undefined && finished)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the replay did not catch up');
  };
  const t0 = clock.now();
  await runUntil(t0 + 120_000);
  const games = await ctx.em().find(GameSchema, {}, { orderBy: { startTime: 'asc', id: 'asc' } });
  t.deepEqual(games.map((g) => `${g.homeTeam} v ${g.awayTeam}`), ['Crystal Palace v Arsenal', 'Fulham v Liverpool', 'Tottenham v Southampton', 'Newcastle Utd v Nottingham']);
  t.true(games.every((g) => g.status === 'scheduled'));
  const [g1, g2, g3, g4] = games.map((g) => String(g.id));

  // At the market's price (the price of record): a stated price far from it is refused (PRICE_OFF_MARKET).
  const bets = [
    { game: g1, selection: 'h2h:away:0', units: 2 },
    { game: g1, selection: 'totals:over:2.5', units: 1 },
    { game: g2, selection: 'h2h:draw:0', units: 1 },
    { game: g4, selection: 'h2h:away:0', units: 0.5 },
  ];
  for (const options of bets) {
    const reply = await post('/emulator/interactions', { command: 'bet place', options, user_id: as });
    t.false(reply.ephemeral, JSON.stringify(reply));
    t.regex(reply.embeds[0]!.title!, /^Bet #\d+ · /);
  }
  const parlay = await post('/emulator/interactions', { command: 'bet parlay', options: { units: 1, leg1: g3, pick1: 'h2h:home:0', leg2: g4, pick2: 'h2h:home:0' }, user_id: as });
  t.regex(parlay.embeds[0]!.title!, /2-leg parlay/, parlay.embeds[0]!.description);

  await runUntil(t0 + 3600_000);
  await feed.stop();
  const settled = await ctx.em().find(BetSchema, { userId: as }, { orderBy: { id: 'asc' } });
  t.deepEqual(settled.map((b) => b.status), ['won', 'lost', 'won', 'lost', 'won']);
  const parlayBet = settled[4]!;
  const [away1, , draw2] = settled;
  const r4 = (n: number): number => Math.round(n * 1e4) / 1e4;
  const expectedNet = r4(r4(2 * (away1!.decimal - 1)) - 1 + r4(draw2!.decimal - 1) - 0.5 + r4(parlayBet.decimal - 1));
  t.is(Math.round(settled.reduce((s, b) => s + b.net!, 0) * 1e4) / 1e4, expectedNet);

  const stats = await post('/emulator/interactions', { command: 'stats', options: {}, user_id: as });
  const fields = Object.fromEntries(stats.embeds[0]!.fields!.map((f) => [f.name, f.value]));
  t.is(fields['Record (W-L-P)'], '3-2-0');
  t.is(fields['Win rate'], '60.0%');
  t.is(fields['Units risked'], '5.50u');
  t.is(fields['Net units'], `+${expectedNet.toFixed(2)}u`);
  t.is(fields.ROI, `${((expectedNet / 5.5) * 100).toFixed(1)}%`);
});
