import test from 'ava';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeedEvent, FeedPrice } from '../../../../src/plugins/betting/feeds/provider.ts';
import { ReplayFeed, replayProviderId } from '../../../../src/plugins/betting/feeds/replay-feed.ts';
import type { FeedLogger } from '../../../../src/plugins/betting/feeds/feed-logger.ts';
import { FakeClock } from './fake-clock.ts';
import { holdSqliteLock, type SqliteLock } from '../../../helpers/faults/sqlite-lock.ts';

const SEASON = fileURLToPath(
  new URL('../../../../src/plugins/betting/data/england-premier-league-2022-2023.csv', import.meta.url),
);
const MIXED = fileURLToPath(new URL('./fixtures/football-mixed.csv', import.meta.url));
const START = new Date('2030-01-01T00:00:00Z');
const MIN = 60_000;

/** Rows of the CSV read naively (the data has no quoted commas), independent of the reader under test. */
async function rawRows(path: string): Promise<Record<string, string>[]> {
  const [header, ...lines] = (await readFile(path, 'utf8')).trimEnd().split('\n');
  const cols = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

function providerOf(e: FeedEvent): string {
  if (e.type === 'game.scheduled') return e.game.providerId;
  if (e.type === 'odds') return e.prices[0].providerId;
  return e.providerId;
}

function atOf(e: FeedEvent): number {
  if (e.type === 'game.scheduled') return Number.NaN;
  if (e.type === 'odds') return e.prices[0].at.getTime();
  return e.at.getTime();
}

function priceOf(prices: FeedPrice[], market: string, selection: string): number | undefined {
  return prices.find((p) => p.market === market && p.selection === selection)?.price;
}

async function collect(feed: ReplayFeed): Promise<FeedEvent[]> {
  const events: FeedEvent[] = [];
  await feed.runToEnd(async (e) => {
    events.push(e);
  });
  return events;
}

test('runToEnd plays the whole season: per game scheduled, opening + 4 moves, started, half-time, final', async (t) => {
  const feed = new ReplayFeed({ file: SEASON, speed: 600, startAt: START });
  const events = await collect(feed);
  t.is(events.length, 380 * 9);
  t.deepEqual(feed.stats, { matches: 380, skippedRows: 0, impossibleBooks: 0 });

  const perGame = new Map<string, FeedEvent[]>();
  for (const e of events) perGame.set(providerOf(e), [...(perGame.get(providerOf(e)) ?? []), e]);
  t.is(perGame.size, 380);
  for (const list of perGame.values()) {
    t.deepEqual(
      list.map((e) => e.type),
      ['game.scheduled', 'odds', 'odds', 'odds', 'odds', 'odds', 'game.started', 'game.score', 'game.final'],
    );
  }

  // The whole stream is in time order.
  const times = events.map(atOf).filter((x) => !Number.isNaN(x));
  t.true(times.every((x, i) => i === 0 || x >= times[i - 1]));

  const rows = await rawRows(SEASON);
  for (const row of rows) {
    const id = replayProviderId({
      season: row.Season,
      date: new Date(`${row.Date.replace(' ', 'T')}Z`),
      homeTeam: row.HomeTeam,
      awayTeam: row.AwayTeam,
    });
    const list = perGame.get(id);
    if (!list) {
      t.fail(`no events for ${id}`);
      continue;
    }
    const odds = list.filter((e): e is Extract<FeedEvent, { type: 'odds' }> => e.type === 'odds');
    const open = odds[0].prices;
    const close = odds[odds.length - 1].prices;
    t.is(priceOf(open, 'h2h', 'home'), Number(row.home_open));
    t.is(priceOf(open, 'totals', 'under'), Number(row['under_2.5_open']));
    t.deepEqual(
      ['home', 'draw', 'away'].map((s) => priceOf(close, 'h2h', s)),
      [Number(row.home_close), Number(row.draw_close), Number(row.away_close)],
    );
    t.deepEqual(
      ['over', 'under'].map((s) => priceOf(close, 'totals', s)),
      [Number(row['over_2.5_close']), Number(row['under_2.5_close'])],
    );
    t.true(close.filter((p) => p.market === 'totals').every((p) => p.line === 2.5));
    t.like(list[7], { type: 'game.score', home: Number(row.HTHG), away: Number(row.HTAG) });
    t.like(list[8], { type: 'game.final', home: Number(row.FTHG), away: Number(row.FTAG) });
  }
});

test('the first game maps to startAt and later games keep their real spacing divided by speed', async (t) => {
  const speed = 600;
  const events = await collect(new ReplayFeed({ file: SEASON, speed, startAt: START, limit: 2 }));
  const scheduled = events.filter((e): e is Extract<FeedEvent, { type: 'game.scheduled' }> => e.type === 'game.scheduled');
  t.deepEqual(scheduled[0].game, {
    providerId: 'replay:2022-2023:2022-08-05-2100:crystal-palace-arsenal',
    sport: 'soccer',
    league: 'premier-league',
    homeTeam: 'Crystal Palace',
    awayTeam: 'Arsenal',
    startTime: START,
  });
  // Fulham v Liverpool kicked off 16.5 hours after the opener.
  t.is(scheduled[1].game.providerId, 'replay:2022-2023:2022-08-06-1330:fulham-liverpool');
  t.is(scheduled[1].game.startTime.getTime(), START.getTime() + (16.5 * 60 * MIN) / speed);

  const first = events.filter((e) => providerOf(e) === scheduled[0].game.providerId);
  const at = (i: number): number => atOf(first[i]) - START.getTime();
  // Opening prices an hour (simulated) before kick-off, moves every 12 minutes, the last 12 minutes before.
  t.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8].map(at),
    [-60, -48, -36, -24, -12, 0, 45, 105].map((m) => (m * MIN) / speed),
  );
});

test('prices move linearly from opening to closing in priceSteps moves', async (t) => {
  const events = await collect(new ReplayFeed({ file: SEASON, speed: 60, startAt: START, limit: 1, priceSteps: 2 }));
  const odds = events.filter((e): e is Extract<FeedEvent, { type: 'odds' }> => e.type === 'odds');
  t.is(odds.length, 3);
  // Crystal Palace home: 3.33 open, 4.58 close; halfway 3.955 rounds to 3.96 (two decimals).
  t.deepEqual(
    odds.map((o) => priceOf(o.prices, 'h2h', 'home')),
    [3.33, 3.96, 4.58],
  );
  t.deepEqual(
    odds.map((o) => priceOf(o.prices, 'totals', 'over')),
    [1.92, 2.01, 2.09],
  );
});

test('a game with an impossible book still plays, without prices; malformed rows are counted', async (t) => {
  const events = await collect(new ReplayFeed({ file: MIXED, speed: 600, startAt: START }));
  const feed = new ReplayFeed({ file: MIXED, speed: 600, startAt: START });
  await feed.runToEnd(async () => undefined);
  t.deepEqual(feed.stats, { matches: 4, skippedRows: 6, impossibleBooks: 2 });

  const city = events.filter((e) => providerOf(e).includes('manchester-city-aston-villa'));
  t.deepEqual(
    city.map((e) => e.type),
    ['game.scheduled', 'game.started', 'game.score', 'game.final'],
  );
  t.like(city[3], { home: 4, away: 0 });
  // Crystal Palace v West Ham had no over/under prices: h2h only.
  const palace = events.filter(
    (e): e is Extract<FeedEvent, { type: 'odds' }> => e.type === 'odds' && providerOf(e).includes('crystal-palace'),
  );
  t.is(palace.length, 5);
  t.true(palace.every((o) => o.prices.length === 3 && o.prices.every((p) => p.market === 'h2h')));
});

test('with a fake clock, events arrive when their mapped time comes, and stop cancels the rest', async (t) => {
  const clock = new FakeClock(Date.parse('2030-06-01T12:00:00Z'));
  const speed = 600;
  const feed = new ReplayFeed({ file: SEASON, speed, clock, limit: 3 });
  const events: FeedEvent[] = [];
  await feed.start(async (e) => {
    events.push(e);
  });
  // Default startAt: the first kick-off comes one lead (60 simulated minutes) after start.
  const kickoff = clock.now() + (60 * MIN) / speed;
  t.is(clock.pending, 1);
  t.is(clock.nextAt, clock.now());

  await clock.advance(0);
  t.deepEqual(
    events.map((e) => e.type),
    ['game.scheduled', 'odds'],
  );
  t.like(events[0], { game: { startTime: new Date(kickoff) } });

  await clock.advanceTo(kickoff - 1);
  t.deepEqual(
    events.map((e) => e.type),
    ['game.scheduled', 'odds', 'odds', 'odds', 'odds', 'odds'],
  );
  await clock.advanceTo(kickoff);
  t.is(events.at(-1)?.type, 'game.started');
  await clock.advanceTo(kickoff + (45 * MIN) / speed);
  t.like(events.at(-1), { type: 'game.score', home: 0, away: 1 });
  await clock.advanceTo(kickoff + (105 * MIN) / speed);
  t.like(events.at(-1), { type: 'game.final', home: 0, away: 2 });
  // Every event came when the clock reached its time, not before.
  t.true(events.every((e) => Number.isNaN(atOf(e)) || atOf(e) <= clock.now()));

  const before = events.length;
  await feed.stop();
  t.is(clock.pending, 0);
  await clock.advance(365 * 24 * 60 * MIN);
  t.is(events.length, before);
  await feed.ended();
});

test('a timed replay delivers the same events as runToEnd and then ends', async (t) => {
  const clock = new FakeClock(Date.parse('2030-06-01T12:00:00Z'));
  const options = { file: SEASON, speed: 3600, clock, limit: 12, startAt: new Date('2030-06-01T13:00:00Z') };
  const expected = await collect(new ReplayFeed(options));
  const feed = new ReplayFeed(options);
  const events: FeedEvent[] = [];
  await feed.start(async (e) => {
    events.push(e);
  });
  while (clock.nextAt !== undefined) await clock.advanceTo(clock.nextAt);
  await feed.ended();
  t.deepEqual(events, expected);
});

test('loop replays the season again with new game ids, after the previous pass', async (t) => {
  const clock = new FakeClock(Date.parse('2030-06-01T12:00:00Z'));
  const feed = new ReplayFeed({ file: SEASON, speed: 600, clock, limit: 2, loop: true });
  const events: FeedEvent[] = [];
  await feed.start(async (e) => {
    events.push(e);
  });
  for (let i = 0; i < 30 && clock.nextAt !== undefined; i++) await clock.advanceTo(clock.nextAt);
  await feed.stop();
  const ids = [...new Set(events.map(providerOf))];
  t.deepEqual(ids.slice(0, 4), [
    'replay:2022-2023:2022-08-05-2100:crystal-palace-arsenal',
    'replay:2022-2023:2022-08-06-1330:fulham-liverpool',
    'replay:2022-2023:2022-08-05-2100:crystal-palace-arsenal:loop-1',
    'replay:2022-2023:2022-08-06-1330:fulham-liverpool:loop-1',
  ]);
  const lastFinalOfPass0 = Math.max(
    ...events.filter((e) => e.type === 'game.final' && !providerOf(e).includes('loop')).map(atOf),
  );
  const firstOfPass1 = events.find((e) => providerOf(e).endsWith('loop-1'));
  t.true(firstOfPass1?.type === 'game.scheduled' && firstOfPass1.game.startTime.getTime() > lastFinalOfPass0);
});

test('a failing sink is logged and the replay goes on', async (t) => {
  const clock = new FakeClock(0);
  const errors: string[] = [];
  const logger: FeedLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (_obj, msg) => errors.push(msg),
  };
  const feed = new ReplayFeed({ file: SEASON, speed: 600, clock, limit: 1, logger });
  const seen: string[] = [];
  await feed.start(async (e) => {
    seen.push(e.type);
    if (e.type === 'game.started') throw new Error('database down');
  });
  while (clock.nextAt !== undefined) await clock.advanceTo(clock.nextAt);
  await feed.ended();
  t.deepEqual(seen.slice(-3), ['game.started', 'game.score', 'game.final']);
  t.is(errors.length, 1);
});

test('bad options are refused', (t) => {
  t.throws(() => new ReplayFeed({ file: SEASON, speed: 0 }), { instanceOf: RangeError });
  t.throws(() => new ReplayFeed({ file: SEASON, speed: 10, priceSteps: 1.5 }), { instanceOf: RangeError });
  t.throws(() => new ReplayFeed({ file: SEASON, speed: 10, leadMinutes: -1 }), { instanceOf: RangeError });
});

test('stop() while the season is still loading means the replay never begins (bug: the app hung at shutdown)', async (t) => {
  const { ReplayFeed: Feed } = await import('../../../../src/plugins/betting/feeds/replay-feed.ts');
  const { DEFAULT_REPLAY_FILE } = await import('../../../../src/plugins/betting/feeds/from-options.ts');
  const feed = new Feed({ file: DEFAULT_REPLAY_FILE, speed: 1_000_000, limit: 3 });
  const got: string[] = [];
  const starting = feed.start(async (e) => {
    got.push(e.type);
  });
  await feed.stop();
  await starting;
  await new Promise((r) => setTimeout(r, 300));
  t.deepEqual(got, []);
});

/**
 * Walks a timed replay event batch by event batch and returns the fewest games open to bet on (announced, not
 * kicked off) seen after any batch, from the moment the replay started until `until`.
 */
async function fewestOpen(feed: ReplayFeed, clock: FakeClock, until: number): Promise<{ fewest: number; at: number; passes: Set<string>; nextWhenNone: (Date | null)[] }> {
  const open = new Map<string, number>();
  const passes = new Set<string>();
  await feed.start(async (e) => {
    if (e.type === 'game.scheduled') open.set(e.game.providerId, e.game.startTime.getTime());
    if (e.type === 'game.started') open.delete(e.providerId);
    passes.add(/loop-\d+$/.exec(providerOf(e))?.[0] ?? 'pass-0');
  });
  let fewest = Number.POSITIVE_INFINITY;
  let at = 0;
  const nextWhenNone: (Date | null)[] = [];
  await clock.advance(0);
  while (clock.nextAt !== undefined && clock.now() < until) {
    const now = clock.now();
    const count = [...open.values()].filter((start) => start > now).length;
    if (count < fewest) [fewest, at] = [count, now];
    if (count === 0) nextWhenNone.push(feed.nextGameAt());
    await clock.advanceTo(clock.nextAt);
  }
  await feed.stop();
  return { fewest, at, passes, nextWhenNone };
}

test('issue 12: with minUpcoming 3 the replayed season always has 3 games open, across its gaps and into the next pass', async (t) => {
  const clock = new FakeClock(Date.parse('2030-06-01T12:00:00Z'));
  const feed = new ReplayFeed({ file: SEASON, speed: 600, leadMinutes: 1440, clock, loop: true, minUpcoming: 3 });
  // Long enough for the whole season (the 6-week World Cup break included) and the start of the second pass.
  const result = await fewestOpen(feed, clock, clock.now() + 4 * 60 * 60_000);
  t.true(result.passes.has('loop-1'), 'the walk reached the second pass');
  t.true(result.fewest >= 3, `fewest open games: ${result.fewest} at ${new Date(result.at).toISOString()}`);
});

test('issue 12: without minUpcoming the season keeps its gaps (no game open for minutes); nextGameAt says when one opens', async (t) => {
  const clock = new FakeClock(Date.parse('2030-06-01T12:00:00Z'));
  const feed = new ReplayFeed({ file: SEASON, speed: 600, leadMinutes: 1440, clock, limit: 200 });
  const result = await fewestOpen(feed, clock, clock.now() + 4 * 60 * 60_000);
  t.is(result.fewest, 0);
  t.true(result.nextWhenNone.length > 0);
  // Whenever nothing is open, the feed knows the next opening, and it is in the future.
  t.true(result.nextWhenNone.every((d) => d !== null));
  t.is(feed.nextGameAt(), null, 'a stopped feed announces nothing');
});

test('minUpcoming must be a whole number of at least 1', (t) => {
  t.throws(() => new ReplayFeed({ file: SEASON, speed: 600, minUpcoming: 0 }), { message: /minUpcoming/ });
  t.throws(() => new ReplayFeed({ file: SEASON, speed: 600, minUpcoming: 2.5 }), { message: /minUpcoming/ });
});

test('while the database is locked by another process, the replay keeps the event and retries it instead of dropping it (bug: a final score was lost, its bets never graded)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dbsbm-replay-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'feed.sqlite');
  // A real SQLite file the sink writes each event to, as the betting plugin's sink does.
  const db = new Database(file, { timeout: 100 });
  t.teardown(() => db.close());
  db.exec('create table seen (type text not null)');
  const insert = db.prepare('insert into seen (type) values (?)');
  const clock = new FakeClock(0);
  const warnings: string[] = [];
  const logger: FeedLogger = { debug: () => undefined, info: () => undefined, warn: (_o, msg) => warnings.push(msg), error: () => undefined };
  const feed = new ReplayFeed({ file: SEASON, speed: 600, clock, limit: 1, logger });
  let lock: SqliteLock | undefined;
  t.teardown(() => lock?.kill());
  await feed.start(async (e) => {
    if (e.type === 'game.final' && !lock) lock = await holdSqliteLock(file, 30_000);
    insert.run(e.type);
  });
  while (clock.nextAt !== undefined && !lock) await clock.advanceTo(clock.nextAt);
  // The lock holder is a real process: wait (in real time) for the sink's failed write and the retry it arms.
  for (let i = 0; i < 600 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  t.truthy(lock, 'the final was due and found the database locked');
  t.is(warnings.length, 1);
  lock!.kill();
  await lock!.released;
  while (clock.nextAt !== undefined) await clock.advanceTo(clock.nextAt);
  await feed.ended();
  const types = (db.prepare('select type from seen').all() as { type: string }[]).map((r) => r.type);
  t.deepEqual(types.slice(-3), ['game.started', 'game.score', 'game.final']);
});
