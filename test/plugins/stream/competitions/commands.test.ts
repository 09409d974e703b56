import test from 'ava';
import { pino } from 'pino';
import { CompetitionSchema } from '../../../../src/plugins/stream/competitions/entity.ts';
import { MAX_OPEN_COMPETITIONS } from '../../../../src/plugins/stream/competitions/store.ts';
import { assertRefusal } from '../../../helpers/refusal.ts';
import { download, PNG_SIGNATURE } from '../../analytics/helpers.ts';
import { bootWorld, competitionEvents, settledBet, sql, type World } from './harness.ts';

const DAY = 86_400_000;
let w: World;
/** What the app logged at info and above, one parsed JSON line each (the audit trail of who created and cancelled). */
const logged: Record<string, unknown>[] = [];

test.before(async () => {
  w = await bootWorld({ logger: pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) }) });
});
test.after.always(() => w?.bot.close());

/** A date-time a few days ahead, as people type it. */
const typed = (msFromNow: number): string => new Date(Date.now() + msFromNow).toISOString().slice(0, 16).replace('T', ' ');
const count = async (): Promise<number> => Number((await sql<{ n: unknown }>(w.bot.app, 'select count(*) as n from stream_competitions'))[0]!.n);
const rows = () => sql<Record<string, unknown>>(w.bot.app, 'select * from stream_competitions order by id');

test.serial('/competition create by a server manager: stored, announced, and the dates read in the zone given', async (t) => {
  const now = await w.bot.as('alice').run('/competition create', { name: 'Weekend cup', start: 'now', end: typed(2 * DAY), channel: w.bot.channels.results, metric: 'roi' });
  t.regex(now.embeds[0]!.title!, /^Competition #\d+ created$/);
  t.false(now.ephemeral);
  t.regex(now.embeds[0]!.description!, new RegExp(`posted in <#${w.bot.channels.results}>`));
  const stored = (await rows()).find((r) => r.name === 'Weekend cup')!;
  t.like(stored, { guild_id: w.bot.guildId, channel_id: w.bot.channels.results, metric: 'roi', status: 'running', created_by: w.bot.users.alice, time_zone: 'UTC' });

  const paris = await w.bot.as('alice').run('/competition create', { name: 'Paris cup', start: typed(DAY).slice(0, 10) + ' 18:00', end: typed(3 * DAY), timezone: 'Europe/Paris' });
  t.regex(paris.embeds[0]!.title!, /created$/);
  const p = (await rows()).find((r) => r.name === 'Paris cup')!;
  const day = typed(DAY).slice(0, 10);
  // 18:00 in Paris is 17:00 UTC in winter, 16:00 UTC in summer.
  t.true([Date.parse(`${day}T17:00:00Z`), Date.parse(`${day}T16:00:00Z`)].includes(Number(p.starts_at)));
  t.is(p.status, 'scheduled');
});

test.serial('bad input is refused with what to do next, and leaves the database unchanged', async (t) => {
  const before = await count();
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ name: 'x', start: 'tomorrow', end: typed(DAY) }, 'INVALID_INPUT', /is not a date/],
    [{ name: 'x', start: typed(2 * DAY), end: typed(DAY) }, 'INVALID_INPUT', /not after the start/],
    [{ name: 'x', start: 'now', end: typed(120 * DAY) }, 'INVALID_INPUT', /at most 90 days/],
    [{ name: 'x', start: typed(-DAY), end: typed(DAY) }, 'INVALID_INPUT', /in the past/],
    [{ name: 'x', start: '2026-02-30', end: typed(DAY) }, 'INVALID_INPUT', /has no day 30/],
    [{ name: '   ', start: 'now', end: typed(DAY) }, 'INVALID_INPUT', /name is empty/],
    [{ name: 'x', start: 'now', end: typed(DAY), timezone: 'Mars/Olympus' }, 'INVALID_INPUT', /not a time zone/],
    [{ name: 'Weekend cup', start: 'now', end: typed(DAY) }, 'CONFLICT', /already called "Weekend cup"/],
  ];
  for (const [options, code, message] of cases) {
    const reply = await w.bot.as('alice').run('/competition create', options);
    assertRefusal(t, reply, code);
    t.regex(reply.embeds[0]!.description!, message, JSON.stringify(options));
  }
  const voice = w.bot.emulator.createChannel(w.bot.guildId, { name: 'lounge', type: 2 });
  // Discord itself offers text channels only (the option's channel types), as the emulator does.
  await t.throwsAsync(w.bot.as('alice').run('/competition create', { name: 'x', start: 'now', end: typed(DAY), channel: voice.id }), { message: /only accepts channel types 0/ });
  const member = await w.bot.as('carol').run('/competition create', { name: 'Mine', start: 'now', end: typed(DAY) });
  assertRefusal(t, member, 'NOT_ALLOWED');
  t.regex(member.embeds[0]!.description!, /Manage Server/);
  t.is(await count(), before, 'nothing was written');
});

test.serial(`at most ${MAX_OPEN_COMPETITIONS} open competitions per server`, async (t) => {
  const open = Number((await sql<{ n: unknown }>(w.bot.app, "select count(*) as n from stream_competitions where status in ('scheduled', 'running')"))[0]!.n);
  for (let i = open; i < MAX_OPEN_COMPETITIONS; i++) {
    t.regex((await w.bot.as('alice').run('/competition create', { name: `Filler ${i}`, start: 'now', end: typed(DAY) })).embeds[0]!.title!, /created$/);
  }
  const before = await count();
  const refused = await w.bot.as('alice').run('/competition create', { name: 'One too many', start: 'now', end: typed(DAY) });
  assertRefusal(t, refused, 'LIMIT_REACHED');
  t.regex(refused.embeds[0]!.description!, /\/competition cancel/);
  t.is(await count(), before);
});

test.serial('/competition standings: an embed and a chart of members’ settled bets in the window', async (t) => {
  const weekend = (await rows()).find((r) => r.name === 'Weekend cup')!;
  await settledBet(w, { userId: w.bot.users.bob, placedAt: Date.now(), settledAt: Date.now(), won: true, units: 2 });
  await settledBet(w, { userId: w.bot.users.bob, placedAt: Date.now(), settledAt: Date.now(), won: false, units: 1 });
  const reply = await w.bot.as('carol').run('/competition standings', { competition: String(weekend.id) });
  t.false(reply.ephemeral);
  const embed = reply.embeds[0]!;
  t.is(embed.title, 'Weekend cup: standings');
  t.regex(embed.description!, new RegExp(`\\*\\*1\\.\\*\\* <@${w.bot.users.bob}> · \\+1\\.00u · ROI 33\\.3%`));
  t.is(embed.image?.url, 'attachment://competition.png');
  t.is(reply.attachments.length, 1);
  t.deepEqual((await download(reply.attachments[0]!.url)).subarray(0, 8), PNG_SIGNATURE);

  const byName = await w.bot.as('carol').run('/competition standings', { competition: 'weekend CUP' });
  t.is(byName.embeds[0]!.title, 'Weekend cup: standings');
  assertRefusal(t, await w.bot.as('carol').run('/competition standings', { competition: 'no such cup' }), 'NOT_FOUND');

  const choices = await w.bot.as('carol').autocomplete('/competition standings', 'competition', { competition: 'week' });
  t.deepEqual(choices, [{ name: `#${String(weekend.id)} Weekend cup (running)`, value: String(weekend.id) }]);
});

test.serial('/competition list and /competition cancel (managers only, logged, streamed as ended)', async (t) => {
  const list = await w.bot.as('carol').run('/competition list');
  t.true(list.ephemeral);
  t.regex(list.embeds[0]!.description!, /Weekend cup/);

  const weekend = (await rows()).find((r) => r.name === 'Weekend cup')!;
  assertRefusal(t, await w.bot.as('carol').run('/competition cancel', { competition: String(weekend.id) }), 'NOT_ALLOWED');
  t.is((await rows()).find((r) => r.id === weekend.id)!.status, 'running');

  const head = await w.stream.topics.head();
  const cancelled = await w.bot.as('alice').run('/competition cancel', { competition: String(weekend.id) });
  t.is(cancelled.embeds[0]!.title, `Competition #${String(weekend.id)} cancelled`);
  const stored = await w.stream.em().findOneOrFail(CompetitionSchema, { id: Number(weekend.id) });
  t.like(stored, { status: 'cancelled', cancelledBy: w.bot.users.alice });
  const events = await competitionEvents(w, head);
  t.true(events.some((e) => e.event === 'competition.ended' && e.data.competitionId === Number(weekend.id) && e.data.reason === 'cancelled'));

  assertRefusal(t, await w.bot.as('alice').run('/competition cancel', { competition: String(weekend.id) }), 'CONFLICT');
  // Who created and who cancelled it is in the log.
  const audit = logged.filter((l) => l.competitionId === Number(weekend.id) && typeof l.audit === 'string');
  t.deepEqual(audit.map((l) => [l.audit, l.by, l.plugin]), [
    ['competition.created', w.bot.users.alice, 'stream'],
    ['competition.cancelled', w.bot.users.alice, 'stream'],
  ]);
  assertRefusal(t, await w.bot.as('carol').run('/competition standings', { competition: String(weekend.id) }), 'NOT_FOUND');
});

test.serial('a server without the plugin is refused by the gate, and nothing is written', async (t) => {
  await w.bot.app.settings.setEnabled(w.bot.guildId, 'stream', false);
  try {
    const before = await count();
    for (const [command, options] of [
      ['/competition list', {}],
      ['/competition create', { name: 'Gated', start: 'now', end: typed(DAY) }],
    ] as const) {
      const reply = await w.bot.as('alice').run(command, options);
      t.true(reply.ephemeral);
      t.is(reply.embeds[0]!.title, 'Not available here', command);
    }
    t.is(await count(), before);
  } finally {
    await w.bot.app.settings.setEnabled(w.bot.guildId, 'stream', true);
  }
});
