import test from 'ava';
import { CompetitionSchema } from '../../../../src/plugins/stream/competitions/entity.ts';
import { competitionsTick, frozenStandings, POST_JOB, postFinalStandings } from '../../../../src/plugins/stream/competitions/lifecycle.ts';
import { createCompetition } from '../../../../src/plugins/stream/competitions/store.ts';
import { waitForJobs } from '../../analytics/helpers.ts';
import { bootWorld, competitionEvents, eventually, settledBet, sql, type World } from './harness.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
let w: World;

test.before(async () => {
  w = await bootWorld();
});
test.after.always(() => w?.bot.close());

const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const create = (name: string, createdAt: number, start: string, end: string, channelId = w.bot.channels.results) =>
  createCompetition(w.stream, { guildId: w.bot.guildId, createdBy: w.bot.users.alice, channelId, raw: { name, start, end } }, createdAt);
const row = (id: number) => w.stream.em().findOneOrFail(CompetitionSchema, { id });

test.serial('a settled bet in a running competition streams its standings on the server’s competitions topic', async (t) => {
  const head = await w.stream.topics.head();
  const c = await create('Live cup', Date.now(), 'now', iso(Date.now() + 2 * HOUR));
  t.is(c.status, 'running');
  const started = await competitionEvents(w, head);
  t.deepEqual(started.map((e) => e.event), ['competition.started']);
  t.like(started[0]!.data, { competitionId: c.id, name: 'Live cup', metric: 'net', startsAt: c.startsAt, endsAt: c.endsAt });

  await settledBet(w, { userId: w.bot.users.bob, placedAt: Date.now(), settledAt: Date.now(), won: true, units: 2 });
  const standings = await eventually(async () => (await competitionEvents(w, head)).find((e) => e.event === 'competition.standings'), 'live standings');
  t.like(standings.data, { competitionId: c.id, members: 1 });
  t.like((standings.data.rows as Record<string, unknown>[])[0], { rank: 1, userId: w.bot.users.bob, net: 2, bets: 1, roi: 1 });
  await w.stream.em().nativeUpdate(CompetitionSchema, { id: c.id }, { status: 'cancelled' });
});

test.serial('the minute job starts a competition whose start has come', async (t) => {
  const head = await w.stream.topics.head();
  const createdAt = Date.now() - 10 * MIN;
  const c = await create('Later cup', createdAt, iso(createdAt + 5 * MIN), iso(Date.now() + HOUR));
  t.is(c.status, 'scheduled');
  await competitionsTick(w.stream);
  t.is((await row(c.id)).status, 'running');
  const events = (await competitionEvents(w, head)).filter((e) => e.data.competitionId === c.id);
  t.deepEqual(events.map((e) => e.event), ['competition.started']);
  await w.stream.em().nativeUpdate(CompetitionSchema, { id: c.id }, { status: 'cancelled' });
});

test.serial('the end job freezes and posts the final standings once, even when run twice or retried after a crash', async (t) => {
  const head = await w.stream.topics.head();
  const createdAt = Date.now() - 3 * HOUR;
  const c = await create('Past cup', createdAt, 'now', iso(createdAt + 2 * HOUR));
  const { alice, bob } = w.bot.users;
  await settledBet(w, { userId: alice, placedAt: createdAt + 10 * MIN, settledAt: createdAt + 30 * MIN, won: true, units: 3 });
  await settledBet(w, { userId: bob, placedAt: createdAt + 20 * MIN, settledAt: createdAt + 40 * MIN, won: false, units: 1 });
  const channel = w.bot.channels.results;
  const before = w.bot.messages(channel).length;

  // Two ticks (as a retried job or an overlapping instance would run them): one freeze, one post job.
  await competitionsTick(w.stream);
  await competitionsTick(w.stream);
  const jobs = await sql<{ status: string }>(w.bot.app, "select status from jobs where plugin = 'stream' and name = ? and idempotency_key = ?", [POST_JOB, `competition:${c.id}:post`]);
  t.is(jobs.length, 1, 'one post job');
  await waitForJobs(w.bot.app);

  const frozen = await row(c.id);
  t.is(frozen.status, 'ended');
  t.truthy(frozen.messageId);
  const final = frozenStandings(frozen)!;
  t.true(final.final);
  t.deepEqual(final.rows.map((r) => [r.rank, r.userId, r.net]), [[1, alice, 3], [2, bob, -1]]);

  const posted = w.bot.messages(channel).slice(before);
  t.is(posted.length, 1, 'posted once');
  t.is(posted[0]!.id, frozen.messageId!);
  t.is(posted[0]!.embeds[0]!.title, '🏆 Past cup: final standings');
  t.regex(posted[0]!.embeds[0]!.description!, new RegExp(`\\*\\*1\\.\\*\\* <@${alice}> · \\+3\\.00u`));
  t.is(posted[0]!.attachments.length, 1);
  t.is(posted[0]!.attachments[0]!.filename, 'competition.png');

  // The post job again after it finished: nothing.
  t.is(await postFinalStandings(w.stream, { payload: { competitionId: c.id } }), 'skipped');
  // Crashed after posting, before marking it ended: the retry's post carries the same enforced nonce.
  await w.stream.em().nativeUpdate(CompetitionSchema, { id: c.id }, { status: 'ending', messageId: null });
  await postFinalStandings(w.stream, { payload: { competitionId: c.id } });
  t.is(w.bot.messages(channel).length, before + 1, 'still one message');
  t.is((await row(c.id)).messageId, frozen.messageId, 'Discord answered with the first message');
  await competitionsTick(w.stream);
  t.is(w.bot.messages(channel).length, before + 1);

  const ended = (await competitionEvents(w, head)).filter((e) => e.event === 'competition.ended' && e.data.competitionId === c.id);
  t.is(ended.length, 1, 'competition.ended appended once');
  t.like(ended[0]!.data, { reason: 'finished', members: 2 });
});

test.serial('a server with the plugin off: the minute job leaves its competitions alone', async (t) => {
  const createdAt = Date.now() - 3 * HOUR;
  const c = await create('Off cup', createdAt, 'now', iso(createdAt + HOUR));
  const before = w.bot.messages(w.bot.channels.results).length;
  await w.bot.app.settings.setEnabled(w.bot.guildId, 'stream', false);
  try {
    const outcome = await competitionsTick(w.stream);
    t.false(outcome.frozen.includes(c.id));
    t.is((await row(c.id)).status, 'running');
  } finally {
    await w.bot.app.settings.setEnabled(w.bot.guildId, 'stream', true);
  }
  const outcome = await competitionsTick(w.stream);
  t.true(outcome.frozen.includes(c.id) || (await row(c.id)).status !== 'running', 'frozen once it is on again');
  await waitForJobs(w.bot.app);
  t.is((await row(c.id)).status, 'ended');
  t.is(w.bot.messages(w.bot.channels.results).length, before + 1);
});
