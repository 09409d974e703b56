import test from 'ava';
import {
  OddsApiFeed,
  redactApiKey,
  type OddsApiFeedOptions,
} from '../../../../src/plugins/betting/feeds/odds-api-feed.ts';
import type { FeedEvent, FeedPrice } from '../../../../src/plugins/betting/feeds/provider.ts';
import { FakeClock } from './fake-clock.ts';
import { ARSENAL_ID, BOURNEMOUTH_ID, BURNLEY_ID, NOW, eplOdds, eplScores } from './fixtures/odds-api.ts';
import { OddsApiServer, recordingLogger, waitFor } from './odds-api-server.ts';

const KEY = 'k3y-5ecret-0123456789abcdef';
const ODDS = '/v4/sports/soccer_epl/odds';
const SCORES = '/v4/sports/soccer_epl/scores';
const INTERVAL = 60_000;

async function setup(t: { teardown(fn: () => Promise<void>): void }, options: Partial<OddsApiFeedOptions> = {}) {
  const server = new OddsApiServer();
  const baseUrl = await server.listen();
  t.teardown(() => server.close());
  const clock = new FakeClock(NOW);
  const logger = recordingLogger();
  const feed = new OddsApiFeed({
    apiKey: KEY,
    baseUrl,
    sports: ['soccer_epl'],
    markets: ['h2h', 'totals', 'spreads'],
    pollIntervalMs: INTERVAL,
    clock,
    logger,
    ...options,
  });
  t.teardown(() => feed.stop());
  const events: FeedEvent[] = [];
  const sink = async (e: FeedEvent): Promise<void> => {
    events.push(e);
  };
  return { server, clock, logger, feed, events, sink };
}

function summary(e: FeedEvent): string {
  if (e.type === 'game.scheduled') return `scheduled ${e.game.providerId}`;
  if (e.type === 'odds') return `odds ${e.prices[0].providerId}`;
  return `${e.type.slice(5)} ${e.providerId}`;
}

function price(prices: FeedPrice[], market: string, selection: string, line?: number): number | undefined {
  return prices.find((p) => p.market === market && p.selection === selection && p.line === line)?.price;
}

test('maps games, averaged prices and scores from the documented responses', async (t) => {
  const { server, feed, events, sink } = await setup(t);
  server.on(ODDS, { body: eplOdds() }).on(SCORES, { body: eplScores() });

  const result = await feed.pollOnce(sink);
  t.is(result.outcome, 'ok');
  t.is(result.nextDelayMs, INTERVAL);

  t.deepEqual(server.requests, [
    {
      path: ODDS,
      query: { apiKey: KEY, regions: 'uk', markets: 'h2h,totals,spreads', oddsFormat: 'decimal', dateFormat: 'iso' },
    },
    { path: SCORES, query: { apiKey: KEY, daysFrom: '1', dateFormat: 'iso' } },
  ]);
  t.deepEqual(feed.quota, { remaining: 480, used: 20, last: 3 });

  t.deepEqual(events.map(summary), [
    `scheduled oddsapi:${ARSENAL_ID}`,
    `odds oddsapi:${ARSENAL_ID}`,
    `scheduled oddsapi:${BOURNEMOUTH_ID}`,
    `odds oddsapi:${BOURNEMOUTH_ID}`,
    `started oddsapi:${ARSENAL_ID}`,
    `score oddsapi:${ARSENAL_ID}`,
    `scheduled oddsapi:${BURNLEY_ID}`,
    `started oddsapi:${BURNLEY_ID}`,
    `final oddsapi:${BURNLEY_ID}`,
  ]);
  t.deepEqual(events[0], {
    type: 'game.scheduled',
    game: {
      providerId: `oddsapi:${ARSENAL_ID}`,
      sport: 'soccer',
      league: 'EPL',
      homeTeam: 'Arsenal',
      awayTeam: 'Nottingham Forest',
      startTime: new Date('2023-08-12T11:30:00Z'),
    },
  });

  // Mean over the three bookmakers; the exchange's lay prices are not counted.
  const arsenal = (events[1] as Extract<FeedEvent, { type: 'odds' }>).prices;
  t.is(arsenal.length, 3);
  t.is(price(arsenal, 'h2h', 'home'), 1.27);
  t.is(price(arsenal, 'h2h', 'draw'), 6.233);
  t.is(price(arsenal, 'h2h', 'away'), 12);
  // The latest update among the bookmakers quoting it.
  t.deepEqual(arsenal[0].at, new Date('2023-08-12T12:59:02Z'));

  const bournemouth = (events[3] as Extract<FeedEvent, { type: 'odds' }>).prices;
  t.is(price(bournemouth, 'h2h', 'home'), 2.65);
  t.is(price(bournemouth, 'h2h', 'draw'), 3.45);
  t.is(price(bournemouth, 'h2h', 'away'), 2.65);
  // Totals are averaged per line: 2.5 over two books, 3.0 from one.
  t.is(price(bournemouth, 'totals', 'over', 2.5), 1.85);
  t.is(price(bournemouth, 'totals', 'under', 2.5), 2);
  t.is(price(bournemouth, 'totals', 'over', 3), 2.4);
  t.is(price(bournemouth, 'totals', 'under', 3), 1.6);
  // Spreads are keyed by the home handicap on both sides.
  t.is(price(bournemouth, 'spreads', 'home', -0.5), 2.1);
  t.is(price(bournemouth, 'spreads', 'away', -0.5), 1.75);
  t.is(bournemouth.length, 9);

  t.like(events[4], { type: 'game.started', at: new Date('2023-08-12T11:30:00Z') });
  t.like(events[5], { type: 'game.score', home: 1, away: 0, at: new Date('2023-08-12T12:59:30Z') });
  t.like(events[8], { type: 'game.final', home: 0, away: 3, at: new Date('2023-08-11T20:55:12Z') });
});

test('odds are emitted only for prices that changed since the last poll', async (t) => {
  const { server, feed, events, sink } = await setup(t);
  server.on(ODDS, { body: eplOdds() }, { body: eplOdds() }, { body: eplOdds(2.8) }).on(SCORES, { body: eplScores() });

  await feed.pollOnce(sink);
  const first = events.length;
  await feed.pollOnce(sink);
  t.is(events.length, first, 'nothing changed, nothing emitted');

  await feed.pollOnce(sink);
  const fresh = events.slice(first);
  t.is(fresh.length, 1);
  const odds = fresh[0] as Extract<FeedEvent, { type: 'odds' }>;
  t.is(odds.type, 'odds');
  t.deepEqual(
    odds.prices.map((p) => [p.providerId, p.market, p.selection, p.price]),
    [[`oddsapi:${BOURNEMOUTH_ID}`, 'h2h', 'home', 2.75]],
  );
});

test('a score is emitted on change and the final once; scores stop being polled when nothing is live', async (t) => {
  const { server, feed, events, sink } = await setup(t);
  server
    .on(ODDS, { body: eplOdds() })
    .on(SCORES, ...[eplScores(1, 0), eplScores(1, 0), eplScores(2, 1), eplScores(2, 1, true)].map((body) => ({ body })));

  for (let i = 0; i < 5; i++) await feed.pollOnce(sink);

  const arsenal = events.filter(
    (e) => e.type !== 'odds' && e.type !== 'game.scheduled' && e.providerId === `oddsapi:${ARSENAL_ID}`,
  );
  t.deepEqual(
    arsenal.map((e) => (e.type === 'game.score' || e.type === 'game.final' ? `${e.type} ${e.home}-${e.away}` : e.type)),
    ['game.started', 'game.score 1-0', 'game.score 2-1', 'game.final 2-1'],
  );
  t.is(events.filter((e) => e.type === 'game.final').length, 2, 'Arsenal and Burnley, once each');
  // Four scores calls while Arsenal was live; the fifth poll has nothing live (Bournemouth is at 14:00).
  t.is(server.paths().filter((p) => p === SCORES).length, 4);
  t.is(server.paths().filter((p) => p === ODDS).length, 5);
});

test('on 429 the loop waits Retry-After, then polls again and succeeds', async (t) => {
  const { server, feed, events, sink, clock, logger } = await setup(t);
  server
    .on(
      ODDS,
      {
        status: 429,
        headers: { 'retry-after': '7' },
        body: { message: 'Too many requests', error_code: 'EXCEEDED_FREQ_LIMIT' },
      },
      { body: eplOdds() },
    )
    .on(SCORES, { body: eplScores() });

  await feed.start(sink);
  await clock.advance(0);
  await waitFor(() => clock.pending === 1, 'the back-off timer');
  t.deepEqual(clock.requested, [0, 7000]);
  t.deepEqual(server.paths(), [ODDS], 'the cycle stops at the 429');
  t.is(events.length, 0);
  t.true(logger.entries.some((e) => e.level === 'warn' && /429/.test(e.msg)));

  await clock.advance(6999);
  t.is(server.requests.length, 1, 'not before Retry-After');
  await clock.advance(1);
  await waitFor(() => clock.pending === 1 && server.requests.length === 3, 'the next poll');
  t.deepEqual(clock.requested, [0, 7000, INTERVAL]);
  t.true(events.some((e) => e.type === 'odds'));
  t.true(events.some((e) => e.type === 'game.final'));
});

test('without Retry-After, 429s back off exponentially from the interval, reset by a success', async (t) => {
  const { server, feed, sink } = await setup(t, { maxBackoffMs: 5 * INTERVAL });
  const limited = { status: 429, body: { message: 'Too many requests', error_code: 'EXCEEDED_FREQ_LIMIT' } };
  server.on(ODDS, limited, limited, limited, { body: eplOdds() }, limited).on(SCORES, { body: eplScores() });
  const delays: number[] = [];
  for (let i = 0; i < 5; i++) delays.push((await feed.pollOnce(sink)).nextDelayMs);
  t.deepEqual(delays, [2 * INTERVAL, 4 * INTERVAL, 5 * INTERVAL, INTERVAL, 2 * INTERVAL]);
});

test('when the remaining quota hits 0 the poll stops until the next interval, with a clear warning', async (t) => {
  const { server, feed, events, sink, logger } = await setup(t, { sports: ['soccer_epl', 'soccer_spain_la_liga'] });
  server
    .on(ODDS, { headers: { 'x-requests-remaining': '0', 'x-requests-used': '500' }, body: eplOdds() })
    .on(SCORES, { body: eplScores() })
    .on('/v4/sports/soccer_spain_la_liga/odds', { body: [] });

  const result = await feed.pollOnce(sink);
  t.is(result.outcome, 'quota-exhausted');
  t.is(result.nextDelayMs, INTERVAL);
  t.deepEqual(server.paths(), [ODDS], 'no scores call, no second sport');
  t.is(events.filter((e) => e.type === 'odds').length, 2, 'what was paid for is still used');
  t.deepEqual(feed.quota, { remaining: 0, used: 500, last: 3 });
  const warning = logger.entries.find((e) => e.level === 'warn' && /quota/i.test(e.msg));
  t.truthy(warning);
  t.like(warning?.obj, { remaining: 0, used: 500 });
});

test('a 401 for used-up credits counts as an exhausted quota', async (t) => {
  const { server, feed, sink, logger } = await setup(t);
  server.on(ODDS, {
    status: 401,
    headers: { 'x-requests-remaining': '0' },
    body: {
      message: 'Usage quota has been reached. See usage plans at https://the-odds-api.com',
      error_code: 'OUT_OF_USAGE_CREDITS',
    },
  });
  const result = await feed.pollOnce(sink);
  t.is(result.outcome, 'quota-exhausted');
  t.false(logger.entries.some((e) => e.level === 'error'));
});

test('a refused key (401) is logged as an API key problem, and the key never appears in logs', async (t) => {
  const { server, feed, sink, logger } = await setup(t, { sports: ['soccer_epl', 'soccer_spain_la_liga'] });
  server.on(ODDS, {
    status: 401,
    body: { message: `API key ${KEY} is not valid, or is not yet activated.`, error_code: 'INVALID_KEY' },
  });
  const result = await feed.pollOnce(sink);
  t.is(result.outcome, 'unauthorized');
  t.is(result.nextDelayMs, INTERVAL);
  t.deepEqual(server.paths(), [ODDS]);
  const error = logger.entries.find((e) => e.level === 'error');
  t.regex(error?.msg ?? '', /API key/);
  t.regex(error?.msg ?? '', /401/);
  t.like(error?.obj, { errorCode: 'INVALID_KEY' });
  t.regex(String(error?.obj.url), /apiKey=(\[redacted\]|%5Bredacted%5D)/);
  t.false(logger.text().includes(KEY));
});

test('a malformed JSON body is logged and skipped; the rest of the poll and the next poll go on', async (t) => {
  const { server, feed, events, sink, logger } = await setup(t);
  const truncated = '[{"id": "e912304de2b2ce35b473ce2ecd3d1502", "sport_key": ';
  server.on(ODDS, { body: truncated }, { body: eplOdds() }).on(SCORES, { body: eplScores() });

  const result = await feed.pollOnce(sink);
  t.is(result.outcome, 'ok');
  t.true(logger.entries.some((e) => e.level === 'warn' && /malformed JSON/.test(e.msg)));
  t.deepEqual(server.paths(), [ODDS, SCORES]);
  // Scores alone still settle the finished game and report the live one.
  t.true(events.some((e) => e.type === 'game.final'));
  t.false(events.some((e) => e.type === 'odds'));

  await feed.pollOnce(sink);
  t.true(events.some((e) => e.type === 'odds'));
  t.false(logger.text().includes(KEY));
});

test('items that do not match the documented shape are skipped, the others kept', async (t) => {
  const { server, feed, events, sink, logger } = await setup(t);
  const [arsenal, bournemouth] = eplOdds();
  server.on(ODDS, { body: [{ ...arsenal, commence_time: 'soon' }, bournemouth] }).on(SCORES, { body: [] });
  await feed.pollOnce(sink);
  t.deepEqual(
    events.filter((e) => e.type === 'game.scheduled').map(summary),
    [`scheduled oddsapi:${BOURNEMOUTH_ID}`],
  );
  t.true(logger.entries.some((e) => e.level === 'warn' && e.obj.bad === 1));
});

test('network failures are logged without the key and never thrown', async (t) => {
  const logger = recordingLogger();
  const failingFetch: typeof fetch = async (input) => {
    throw new TypeError(`fetch failed for ${String(input)}`);
  };
  const clock = new FakeClock(NOW);
  const feed = new OddsApiFeed({ apiKey: KEY, sports: ['soccer_epl'], fetch: failingFetch, logger, clock });
  const result = await feed.pollOnce(async () => undefined);
  t.is(result.outcome, 'ok');
  t.true(logger.entries.some((e) => e.level === 'warn' && /request failed/.test(e.msg)));
  t.false(logger.text().includes(KEY));
});

test('stop cancels the pending poll', async (t) => {
  const { server, feed, sink, clock } = await setup(t);
  server.on(ODDS, { body: [] }).on(SCORES, { body: [] });
  await feed.start(sink);
  t.is(clock.pending, 1);
  await feed.stop();
  t.is(clock.pending, 0);
  await clock.advance(10 * INTERVAL);
  t.is(server.requests.length, 0);
});

test('redactApiKey hides the key in URLs', (t) => {
  t.is(
    redactApiKey(`https://api.the-odds-api.com/v4/sports/soccer_epl/odds?apiKey=${KEY}&regions=uk`),
    'https://api.the-odds-api.com/v4/sports/soccer_epl/odds?apiKey=[redacted]&regions=uk',
  );
});
