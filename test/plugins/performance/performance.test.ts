import test from 'ava';
import performance from '../../../src/plugins/performance/index.ts';
import type { PerformanceContext } from '../../../src/plugins/performance/services/context.ts';
import { minuteOf } from '../../../src/plugins/performance/services/metric-rows.ts';
import { minuteRollup } from '../../../src/plugins/performance/services/rollup.ts';
import { Sampler } from '../../../src/plugins/performance/services/sampler.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { assertRefusal } from '../../helpers/refusal.ts';
import { eventually, PNG_SIGNATURE } from './helpers.ts';

let bot: TestBot;
let ctx: PerformanceContext;

// One rule that real figures breach at once (the heap is never empty), so the test can watch it fire and resolve.
const HEAP_RULE = { name: 'heap-in-use', metric: 'heap.used', comparator: '>', threshold: 0, forMinutes: 2 } as const;

test.before(async () => {
  bot = await createTestBot({ plugins: [{ plugin: performance, options: { sampler: false, rules: [HEAP_RULE] } }], tier: 'free' });
  ctx = bot.app.contextOf('performance') as unknown as PerformanceContext;
  // Discord shows /performance to administrators only; alice is one, but not the bot owner.
  const role = bot.emulator.createRole(bot.guildId, { name: 'Server Admin', permissions: ['Administrator'] });
  bot.emulator.setMemberRoles(bot.guildId, bot.users.alice, [role.id]);
});
test.after.always(() => bot?.close());

const rowsAt = (timestamp: number) =>
  ctx.data.all<{ metric_name: string; series: string; metric_value: number; resolution: number }>(
    'select metric_name, series, metric_value, resolution from performance_metrics where `timestamp` = ? order by metric_name, series',
    [timestamp],
  );

const download = async (url: string): Promise<Buffer> => Buffer.from(await (await fetch(url)).arrayBuffer());

test.serial('a minute roll-up writes the commands run, the process and the job queue; /performance shows them with charts', async (t) => {
  const sampler = new Sampler(ctx);
  t.teardown(() => sampler.stop());
  const t0 = Date.now() - 150_000;
  await sampler.sample(t0);
  await bot.run('/performance');
  await bot.as('alice').run('/performance');
  const { rows } = await minuteRollup(ctx, sampler, t0 + 60_000);
  t.true(rows > 0);

  const own = await rowsAt(minuteOf(t0 + 30_000));
  const names = new Set(own.map((r) => r.metric_name));
  for (const m of ['command.latency.p50', 'command.latency.p99', 'command.rate', 'heap.used', 'gc.pause', 'db.pool.usage', 'db.pool.pending']) t.true(names.has(m), m);
  const perf = own.find((r) => r.metric_name === 'command.rate' && r.series.includes('command=performance'))!;
  t.truthy(perf, 'the command ran is timed by its path');
  t.is(Math.round(Number(perf.metric_value) * 60), 2, 'both runs, the refused one too');
  t.true(own.every((r) => Number(r.resolution) === 60));

  const queue = await rowsAt(minuteOf(t0 + 60_000));
  t.truthy(queue.find((r) => r.metric_name === 'jobs.queue.depth' && r.series === ''));
  t.truthy(queue.find((r) => r.metric_name === 'jobs.queue.age' && r.series === ''));

  // The owner: the summary and two charts, privately.
  const reply = await bot.run('/performance');
  t.true(reply.ephemeral);
  t.is(reply.embeds.length, 2);
  const [summary, queueEmbed] = reply.embeds;
  t.regex(summary!.title ?? '', /^Performance: /);
  const fields = Object.fromEntries(summary!.fields!.map((f) => [f.name, f.value]));
  t.regex(fields['Slowest commands']!, /`performance` p99 [\d.,]+ ms/);
  t.regex(fields['Job queue']!, /due · oldest waited/);
  t.regex(fields.Process!, /heap [\d.,]+ MB/);
  t.regex(fields.Alerts!, /None firing \(1 rule watched\)/);
  t.is(summary!.image?.url?.endsWith('latency.png'), true);
  t.is(queueEmbed!.image?.url?.endsWith('queue.png'), true);
  t.is(reply.attachments.length, 2);
  for (const a of reply.attachments) t.deepEqual((await download(a.url)).subarray(0, 8), PNG_SIGNATURE);
});

test.serial('a server admin who is not a bot owner is refused', async (t) => {
  const reply = await bot.as('alice').run('/performance');
  assertRefusal(t, reply, 'NOT_ALLOWED');
  t.is(reply.attachments.length, 0);
});

test.serial('an alert fires once (a DM to the owner and system.health), stays quiet while firing, then resolves', async (t) => {
  const sampler = new Sampler(ctx);
  t.teardown(() => sampler.stop());
  const dms = () => bot.emulator.messages(bot.emulator.dmChannel(bot.users.owner).id);
  const before = dms().length;
  // An hour ahead, so these minutes are the rule's alone.
  const t0 = minuteOf(Date.now()) + 3_600_000 + 1_000;

  await sampler.sample(t0);
  t.deepEqual((await minuteRollup(ctx, sampler, t0 + 60_000)).transitions, [], 'one minute of two');
  const health = bot.events.next('system.health');
  const fired = await minuteRollup(ctx, sampler, t0 + 120_000);
  t.is(fired.transitions.length, 1);
  t.is(fired.transitions[0]!.to, 'firing');

  const event = await health;
  t.is(event.payload.status, 'alert');
  t.is(event.payload.instance, 'performance');
  t.like(event.payload.alert, { rule: 'heap-in-use', metric: 'heap.used', comparator: '>', threshold: 0, forSeconds: 120, unit: 'MB' });
  t.true(event.payload.alert!.value! > 0);
  t.is(event.payload.alert!.tags.instance, sampler.instance);

  const dm = await eventually(() => dms().find((m, i) => i >= before && m.embeds[0]?.title === 'Alert: heap-in-use is firing'), 'the alert DM');
  t.regex(dm.embeds[0]!.description ?? '', /`heap\.used` > 0 MB for 2 min/);

  // Still breaching a minute later: no second notice.
  t.deepEqual((await minuteRollup(ctx, sampler, t0 + 180_000)).transitions, []);
  const firing = await bot.run('/performance');
  t.regex(firing.embeds[0]!.fields!.find((f) => f.name === 'Alerts')!.value, /heap-in-use/);

  // No figure for five minutes (the instance went quiet): resolved, told once.
  const resolvedEvent = bot.events.next('system.health');
  const resolved = await minuteRollup(ctx, undefined, t0 + 480_000);
  t.deepEqual(resolved.transitions.map((x) => x.to), ['ok']);
  t.is((await resolvedEvent).payload.status, 'resolved');
  await eventually(() => dms().find((m) => m.embeds[0]?.title === 'Resolved: heap-in-use'), 'the resolved DM');
  t.deepEqual((await minuteRollup(ctx, undefined, t0 + 540_000)).transitions, []);
  const notices = (await bot.app.jobStore.list({ plugin: 'performance' })).filter((j) => j.name === 'notify');
  t.deepEqual(notices.map((j) => (j.payload as { status: string }).status).sort(), ['alert', 'resolved'], 'one notice when it fired, one when it resolved');
  t.is(dms().length - before, 2);
});

test.serial('/metrics carries the command latency, the job queue and the alert state', async (t) => {
  const text = await (await fetch(`${bot.url}/metrics`)).text();
  t.regex(text, /dbsbm_command_duration_seconds_bucket\{[^}]*command="performance"/);
  t.regex(text, /dbsbm_jobs_queue_depth/);
  t.regex(text, /dbsbm_performance_alert_firing\{rule="heap-in-use"\} 0/);
});
