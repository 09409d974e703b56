import test from 'ava';
import { BetSchema } from '../../../src/plugins/betting/entities/bet.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { builtInPlugins } from '../../helpers/commands.ts';
import { final, kickoff, seedGames } from '../../plugins/betting/seed.ts';
import { startReceiver } from '../../plugins/webhooks/receiver.ts';

// Issue 13, finding 3: after ~25 minutes of mixed load an instance logged "Knex: Timeout acquiring a connection" for
// the game.final and odds.moved subscribers and never recovered. With a pool of ONE connection, any code that needs
// a second connection while its transaction holds the first waits for itself. This runs the transactional flows of
// every built-in plugin through commands and the feed with such a pool: before the fix the webhooks fan-out asked
// the gate (which reads guild state on a connection of its own) inside its transaction, and the odds.moved and
// game.final deliveries never came. On SQLite the pool always has one connection; on MariaDB DATABASE_POOL_MAX=1.

// Each step gets this long; the acquire timeout is 15 s, so a starved step fails here with its name, well before
// ava's 5 minutes.
const STEP_MS = 30_000;

async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${STEP_MS} ms with a pool of one connection: a second connection inside a transaction starves the pool`)), STEP_MS);
  });
  return Promise.race([work(), late]).finally(() => clearTimeout(timer));
}

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  await step(`waiting for ${what}`, async () => {
    while (!(await check())) await new Promise((r) => setTimeout(r, 25));
  });
}

let bot: TestBot;
let ctx: BettingContext;
test.before(async () => {
  bot = await createTestBot({ plugins: builtInPlugins, tier: 'platinum', env: { DATABASE_POOL_MAX: '1' } });
  ctx = bot.app.contextOf('betting') as unknown as BettingContext;
});
test.after.always(() => bot?.close());

// What another instance's settings change does here (over Redis): the cached guild state is dropped, so the next
// gate check reads the database. Commands in this test warm the cache again at once, which would hide the bug.
const forgetGuildState = () => bot.app.bus.publish('core.guild.changed', { guildId: bot.guildId, reason: 'changed on another instance' });

const counter = async (name: 'events' | 'jobs', outcome: string): Promise<number> => {
  const metric = await bot.app.metrics[name].get();
  return metric.values.filter((v) => v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
};

test.serial('with a pool of one connection, every transactional flow finishes: settings, bets, odds moves, grading, webhooks, jobs, roll-ups', async (t) => {
  const received = await startReceiver();
  t.teardown(received.close);
  const types = (): string[] => received.received.map((r) => (JSON.parse(r.body) as { type: string }).type);

  // Settings changes (each drops the cached guild state, so the next gate check reads the database).
  for (const name of ['analytics', 'ml']) {
    const reply = await step(`/plugins enable ${name}`, () => bot.as('alice').run('/plugins enable', { name }));
    t.notRegex(JSON.stringify(reply.embeds), /went wrong|Code:/, `/plugins enable ${name}`);
  }
  await step('/preferences set', () => bot.as('carol').run('/preferences set', { analytics: true }));
  const added = await step('/webhook add', () => bot.as('alice').run('/webhook add', { url: received.url, events: 'all' }));
  t.regex(added.embeds[0]?.title ?? '', /Webhook #\d+ added/, JSON.stringify(added.embeds));

  // Games and first prices through the feed's sink: every price is an odds.moved, fanned out to the endpoint.
  await forgetGuildState();
  const { ids, sink } = await step('the feed scheduling games and pricing them', () =>
    seedGames(ctx, [
      { key: 'ps', home: 'Pool FC', away: 'Starved United' },
      { key: 'pp', home: 'Prop Town', away: 'Grade City', inMinutes: -5 },
    ]),
  );
  await until('odds.moved at the webhook', () => types().includes('odds.moved'));

  // A bet through the command: the placing transaction writes bet.placed, delivered by a job to webhooks and analytics.
  const placed = await step('/bet place', () => bot.as('carol').run('/bet place', { game: String(ids.ps), selection: 'home', units: 2 }));
  t.regex(placed.embeds[0]?.title ?? '', /Bet #\d+/, JSON.stringify(placed.embeds));
  const limits = await step('/limits', () => bot.as('carol').run('/limits', { daily_units: 50 }));
  t.notRegex(JSON.stringify(limits.embeds), /went wrong/);

  // Another settings change, then a price move: the fan-out's gate check reads guild state again.
  const set = await step('/settings set', () => bot.as('alice').run('/settings set', { plugin: 'betting', key: 'maxUnits', value: '40' }));
  t.notRegex(JSON.stringify(set.embeds), /went wrong|Code:/);
  const movedBefore = types().filter((x) => x === 'odds.moved').length;
  await forgetGuildState();
  await step('an odds move', () => sink({ type: 'odds', prices: [{ providerId: 'test:ps', market: 'h2h', selection: 'home', price: 2.25, at: new Date() }] }));
  await until('the second odds.moved at the webhook', () => types().filter((x) => x === 'odds.moved').length > movedBefore);

  // Grading by hand: a prop graded by a manager (a settling transaction with durable bet.settled).
  const prop = await step('placing a prop', () =>
    placeStraight(ctx, { guildId: bot.guildId, userId: bot.users.bob, interactionId: `9${Date.now()}`.slice(0, 19), gameId: ids.pp!, market: 'h2h', selection: 'home', type: 'player_prop', description: 'Pool to score', odds: '+200', units: 1, now: Date.now() - 3600_000 }),
  );
  const graded = await step('/bet grade', () => bot.as('alice').run('/bet grade', { bet_id: prop.bet.id, result: 'won' }));
  t.is(graded.embeds[0]?.title, `Bet #${prop.bet.id} is won`, JSON.stringify(graded.embeds));
  const regraded = await step('/bet regrade', () => bot.as('alice').run('/bet regrade', { bet_id: prop.bet.id, result: 'lost', reason: 'the goal was given to another player' }));
  t.regex(JSON.stringify(regraded.embeds), /lost/);

  // Settling by the feed after one more settings change: game.final and bet.settled are durable events, delivered by
  // jobs to webhooks (game.final is guildless: the gate is asked per endpoint), ML, betting's announcements and
  // analytics' roll-ups.
  await step('/settings set', () => bot.as('alice').run('/settings set', { plugin: 'betting', key: 'maxUnits', value: '30' }));
  await step('kick-off', () => sink(kickoff('ps')));
  await forgetGuildState();
  await step('the final score', () => sink(final('ps', 2, 0)));
  const betId = Number(/Bet #(\d+)/.exec(placed.embeds[0]!.title!)![1]);
  t.is((await ctx.em().findOneOrFail(BetSchema, { id: betId })).status, 'won');
  await until('game.final, bet.settled and bet.placed at the webhook', () => ['game.final', 'bet.settled', 'bet.placed'].every((x) => types().includes(x)));
  await step('the job queue to drain', () => bot.app.jobs.drain());
  const stats = await step('/stats', () => bot.as('carol').run('/stats'));
  t.notRegex(JSON.stringify(stats.embeds), /went wrong/);

  t.is(await counter('events', 'failed'), 0, 'no subscriber failed');
  t.is(await counter('jobs', 'retried'), 0, 'no job had to be retried');
  t.is(await counter('jobs', 'dead'), 0, 'no job died');
});

test.serial('/metrics shows the pool: used, free, pending and its size', async (t) => {
  const res = await fetch(`${bot.url}/metrics`);
  const text = await res.text();
  t.is(res.status, 200);
  for (const state of ['used', 'free', 'pending', 'creating']) t.regex(text, new RegExp(`^dbsbm_db_pool_connections\\{state="${state}"\\} \\d+$`, 'm'), state);
  t.regex(text, /^dbsbm_db_pool_max 1$/m, 'a pool of one connection (DATABASE_POOL_MAX=1; always 1 on SQLite)');
  t.regex(text, /^dbsbm_db_pool_connections\{state="pending"\} 0$/m, 'nothing waits for a connection at rest');
});
