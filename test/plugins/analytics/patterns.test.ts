import test from 'ava';
import analytics from '../../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { HARM_NOTE_INTERVAL_MS, updatePatterns } from '../../../src/plugins/analytics/services/pattern-runner.ts';
import betting from '../../../src/plugins/betting/index.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { chasingHistory, countRows, insertBets, sql } from './helpers.ts';

let bot: TestBot;
let ctx: AnalyticsContext;
const now = Date.now();

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, analytics], tier: 'platinum' });
  ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
  const history = chasingHistory(now);
  await insertBets(ctx, { guildId: bot.guildId, userId: bot.users.bob, bets: history, tag: 'chase-bob' });
  await insertBets(ctx, { guildId: bot.guildId, userId: bot.users.carol, bets: history, tag: 'chase-carol' });
});
test.after.always(() => bot?.close());

const dms = (userId: string) => bot.messages(bot.emulator.dmChannel(userId).id);
const patternRows = (userId: string) =>
  sql<{ pattern_type: string; confidence_score: unknown; pattern_data: unknown }>(bot.app, 'select pattern_type, confidence_score, pattern_data from betting_patterns where guild_id = ? and user_id = ?', [bot.guildId, userId]);

test.serial('a consenting chaser gets the pattern stored, one private note pointing to /limits a week, and sees it in /analytics patterns', async (t) => {
  const on = await bot.as('bob').run('/preferences set', { analytics: true });
  t.regex(on.embeds[0]!.description!, /\*\*Analytics: on\*\*/);

  const found = await updatePatterns(ctx, bot.guildId, bot.users.bob, now);
  const chasing = found.find((p) => p.type === 'chasing_losses');
  if (!chasing) return t.fail(`no chasing pattern among ${found.map((p) => p.type).join(', ')}`);
  t.true(chasing.confidence >= 0.8);
  t.true(chasing.harmful);

  const rows = await patternRows(bot.users.bob);
  const stored = rows.filter((r) => r.pattern_type === 'chasing_losses');
  t.is(stored.length, 1);
  t.true(Number(stored[0]!.confidence_score) >= 0.8);
  t.is(Number(stored[0]!.confidence_score), chasing.confidence);
  const data = (typeof stored[0]!.pattern_data === 'string' ? JSON.parse(stored[0]!.pattern_data) : stored[0]!.pattern_data) as Record<string, unknown>;
  t.like(data, { harmful: true, summary: chasing.summary, otherRaised: 0 });
  t.deepEqual(rows.map((r) => r.pattern_type).sort(), found.map((p) => p.type).sort(), 'one row per pattern found');

  const notes = dms(bot.users.bob);
  t.is(notes.length, 1, 'exactly one note');
  const note = notes[0]!.embeds[0]!;
  t.is(note.title, 'A quiet word about your betting');
  t.regex(note.description!, /`\/limits`/);
  t.regex(note.description!, /Nobody else has been told/);
  t.regex(note.description!, /at most once a week/);
  t.is(await countRows(bot.app, 'analytics_harm_notes', 'user_id = ?', [bot.users.bob]), 1);

  // Again within the week (the detectors run on every bet a consenting member places): no second note.
  await updatePatterns(ctx, bot.guildId, bot.users.bob, now + 60_000);
  await updatePatterns(ctx, bot.guildId, bot.users.bob, now + HARM_NOTE_INTERVAL_MS - 60_000);
  t.is(dms(bot.users.bob).length, 1);
  t.is((await patternRows(bot.users.bob)).filter((r) => r.pattern_type === 'chasing_losses').length, 1, 'replaced, not duplicated');

  const shown = await bot.as('bob').run('/analytics patterns');
  t.true(shown.ephemeral);
  t.is(shown.embeds[0]!.title, 'Patterns in your betting');
  t.regex(shown.embeds[0]!.description!, new RegExp(`\\*\\*chasing losses\\*\\* \\(${Math.round(chasing.confidence * 100)}% sure\\)\\n${chasing.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  t.regex(shown.embeds[0]!.description!, /Only you can see this\. `\/limits`/);
  t.is(bot.messages(bot.channels.general).filter((m) => /chasing/i.test(JSON.stringify(m.embeds))).length, 0, 'nothing public');

  // A week on, the pattern still there: one more note.
  await updatePatterns(ctx, bot.guildId, bot.users.bob, now + HARM_NOTE_INTERVAL_MS + 60_000);
  t.is(dms(bot.users.bob).length, 2);
});

test.serial('without consent the detectors store nothing and send nothing', async (t) => {
  t.false((await bot.app.users.get(bot.users.carol)).analyticsConsent);
  const found = await updatePatterns(ctx, bot.guildId, bot.users.carol, now);
  t.deepEqual(found, []);
  t.is((await patternRows(bot.users.carol)).length, 0);
  t.is(dms(bot.users.carol).length, 0);
  t.is(await countRows(bot.app, 'analytics_harm_notes', 'user_id = ?', [bot.users.carol]), 0);
  const shown = await bot.as('carol').run('/analytics patterns');
  t.is(shown.embeds[0]!.title, 'Analytics is off for you');
});

test.serial('a server that turned harm notes off stores the pattern but sends no note', async (t) => {
  await bot.as('carol').run('/preferences set', { analytics: true });
  const set = await bot.as('alice').run('/settings set', { plugin: 'analytics', key: 'harmNotes', value: 'false' });
  t.is(set.embeds[0]!.title, 'analytics.harmNotes is now `false`');
  try {
    const found = await updatePatterns(ctx, bot.guildId, bot.users.carol, now);
    t.true(found.some((p) => p.type === 'chasing_losses' && p.confidence >= 0.8));
    t.is((await patternRows(bot.users.carol)).filter((r) => r.pattern_type === 'chasing_losses').length, 1);
    t.is(dms(bot.users.carol).length, 0);
  } finally {
    await bot.as('alice').run('/settings set', { plugin: 'analytics', key: 'harmNotes', value: 'true' });
  }
});

test.serial('the detectors running twice at once for one member (two bets placed together) both succeed, with one note', async (t) => {
  // Each bet.placed of a consenting member runs the detectors, and the job runner delivers events side by side.
  // Members new to the detectors in a newly added server (the newest ids sort last in the indexes).
  const guildId = '1999999999999999999';
  for (let i = 1; i <= 5; i++) {
    const member = `199999999999999990${i}`;
    bot.emulator.createUser({ id: member, username: `late-${i}` });
    await insertBets(ctx, { guildId, userId: member, bets: chasingHistory(now, 80, 9), tag: `chase-late-${i}` });
    await bot.app.users.set(member, { analyticsConsent: true });
    const runs = await Promise.allSettled([0, 1, 2, 3, 4, 5, 6, 7].map((k) => updatePatterns(ctx, guildId, member, now + k)));
    t.deepEqual(
      runs.flatMap((r) => (r.status === 'rejected' ? [String(r.reason).slice(0, 160)] : [])),
      [],
      `member ${i}`,
    );
    const rows = await sql<{ pattern_type: string }>(bot.app, 'select pattern_type from betting_patterns where guild_id = ? and user_id = ?', [guildId, member]);
    t.true(rows.some((r) => r.pattern_type === 'chasing_losses'));
    t.is(new Set(rows.map((r) => r.pattern_type)).size, rows.length, 'one row per kind');
    t.is(dms(member).length, 1, 'one note');
  }
});
