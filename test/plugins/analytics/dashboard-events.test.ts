import test from 'ava';
import analytics from '../../../src/plugins/analytics/index.ts';
import betting from '../../../src/plugins/betting/index.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { SseConnection } from '../stream/helpers/sse.ts';

// The dashboard's live updates come from the core's topic log (the stream's spine): an update that happened while a
// page was reconnecting is not lost; the page gets one reload when it comes back with its Last-Event-ID.

const SECRET = 'dashboard-events-test-secret-0123456789-abcdef';
let bot: TestBot;

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, { plugin: analytics, options: { linkSecret: SECRET } }], tier: 'platinum' });
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
});
test.after.always(() => bot?.close());

async function eventsUrl(): Promise<string> {
  const reply = await bot.as('owner').run('/analytics dashboard');
  const link = /\((http[^)]+)\)/.exec(reply.embeds[0]!.description!)![1]!;
  return `${bot.url}/dashboard/events?t=${encodeURIComponent(new URL(link).searchParams.get('t')!)}`;
}

const updates = (c: SseConnection) => c.frames.filter((f) => f.event === 'update').length;

test.serial('an open dashboard is told to reload; one that missed an update while away reloads once on return', async (t) => {
  const url = await eventsUrl();
  const page = await SseConnection.open(url);
  t.is(page.status, 200);
  t.is(page.headers!.get('x-accel-buffering'), 'no');
  await bot.app.bus.publish('analytics.updated', { guildId: bot.guildId });
  await page.until((c) => updates(c) === 1, 'an update');
  const lastId = page.lastId()!;
  page.close();

  // Nothing changed while it was away: no reload.
  const quiet = await SseConnection.open(url, { 'last-event-id': lastId });
  await new Promise((r) => setTimeout(r, 300));
  t.is(updates(quiet), 0);
  quiet.close();

  await bot.app.bus.publish('analytics.updated', { guildId: bot.guildId });
  await bot.app.bus.publish('analytics.updated', { guildId: bot.guildId });
  const back = await SseConnection.open(url, { 'last-event-id': lastId });
  await back.until((c) => updates(c) === 1, 'one reload for what it missed');
  await bot.app.bus.publish('analytics.updated', { guildId: bot.guildId });
  await back.until((c) => updates(c) === 2, 'live again');
  back.close();
});
