import test from 'ava';
import analytics from '../../src/plugins/analytics/index.ts';
import { createDashboardToken } from '../../src/plugins/analytics/services/dashboard-link.ts';
import betting from '../../src/plugins/betting/index.ts';
import webhooks from '../../src/plugins/webhooks/index.ts';
import ml from '../../src/plugins/ml/index.ts';
import { createTestBot, type TestBot } from '../../src/testkit/index.ts';
import { assertRefusal } from '../helpers/refusal.ts';
import { captureLogs, type LogCapture } from '../helpers/secret-scan.ts';

// Issue 13, finding 4: a NUL in input ended the SQLite statement it was written into (MikroORM inlines values into
// the SQL text): `/stats sport:`, `/capper setup name:` and dashboard filters answered 500 or "Something went wrong",
// and an autocomplete timed out with nothing logged. Every edge now refuses control characters before any query.

const SECRET = 'control-characters-test-link-secret-0123456789';
let bot: TestBot;
let capture: LogCapture;

test.before(async () => {
  const logs = captureLogs('debug');
  capture = logs.capture;
  bot = await createTestBot({
    plugins: [
      { plugin: betting },
      { plugin: webhooks, options: { secretKey: 'test-key-0123456789-0123456789-0123456789', allowedHosts: ['127.0.0.1'] } },
      { plugin: analytics, options: { linkSecret: SECRET } },
      { plugin: ml },
    ],
    tier: 'platinum',
    logger: logs.logger,
  });
  for (const plugin of ['betting', 'webhooks', 'analytics', 'ml']) await bot.app.settings.setEnabled(bot.guildId, plugin, true);
});
test.after.always(() => bot?.close());

const errorLines = (): string[] => capture.entries().filter((e) => Number(e.level) >= 50).map((e) => String(e.msg));

async function count(table: string): Promise<number> {
  const rows = (await bot.app.orm.em.fork().getConnection().execute(`select count(*) as n from ${table}`)) as { n: unknown }[];
  return Number(rows[0]!.n);
}

test.serial('/stats sport: with a NUL is refused, naming the option', async (t) => {
  const reply = await bot.as('carol').run('/stats', { sport: 'soc\u0000cer' });
  assertRefusal(t, reply, 'INVALID_INPUT');
  t.regex(reply.embeds[0]!.description!, /`sport` contains a control character \(U\+0000\)/);
  t.deepEqual(errorLines(), []);
});

test.serial('/capper setup name: with a NUL is refused and no capper is written', async (t) => {
  const before = await count('betting_cappers');
  const reply = await bot.as('bob').run('/capper setup', { name: 'Bob\u0000Tips' });
  assertRefusal(t, reply, 'INVALID_INPUT');
  t.regex(reply.embeds[0]!.description!, /`name` contains a control character/);
  t.is(await count('betting_cappers'), before);
  t.deepEqual(errorLines(), []);
});

test.serial('an autocomplete with a NUL answers at once with no choices, and runs no query with it', async (t) => {
  // Without the screen, the bet game search ran `like '%\0%'` into SQLite, failed, and the member's client waited.
  const choices = await bot.as('carol').autocomplete('/bet place', 'game', { game: 'Ars\u0000' });
  t.deepEqual(choices, []);
  // The same autocomplete without the NUL still works (it says no game is open: the database has none).
  const fine = await bot.as('carol').autocomplete('/bet place', 'game', { game: 'Ars' });
  t.is(fine.length, 1);
  t.regex(String(fine[0]!.name), /No game is open/);
  t.deepEqual(errorLines(), []);
});

test.serial('a dashboard data filter with %00 is a 400 problem naming the field, not a 500', async (t) => {
  const token = createDashboardToken(SECRET, { guildId: bot.guildId, userId: bot.users.owner, expiresAt: Date.now() + 600_000 });
  for (const path of ['/dashboard/data', '/dashboard/chart.svg']) {
    const res = await fetch(`${bot.url}${path}?t=${encodeURIComponent(token)}&sport=soccer%00`);
    t.is(res.status, 400, path);
    t.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const problem = (await res.json()) as { title: string; detail: string; code: string; instance: string; errors: { path: string }[] };
    t.is(problem.code, 'INVALID_INPUT');
    t.regex(problem.detail, /`query\.sport` contains a control character \(U\+0000\)/);
    t.deepEqual(problem.errors.map((e) => e.path), ['query.sport']);
    // The problem's instance is the path only: the link's token never travels back in it.
    t.is(problem.instance, path);
  }
  // A clean filter on the same link works.
  const ok = await fetch(`${bot.url}/dashboard/data?t=${encodeURIComponent(token)}&sport=soccer`);
  t.is(ok.status, 200);
  t.deepEqual(errorLines(), []);
});

test.serial('a JSON body with a control character is refused on any route, before the route runs', async (t) => {
  const res = await fetch(`${bot.url}/api/v1/betting/guilds/${bot.guildId}/bets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ note: { text: 'a\u0007b' } }),
  });
  t.is(res.status, 400);
  const problem = (await res.json()) as { code: string; detail: string };
  t.is(problem.code, 'INVALID_INPUT');
  t.regex(problem.detail, /`body\.note\.text` contains a control character \(U\+0007\)/);
  // Tab, newline and carriage return are text: they pass the screen (and meet the route's own checks).
  const multiline = await fetch(`${bot.url}/api/v1/betting/guilds/${bot.guildId}/bets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ note: 'line one\r\n\tline two' }),
  });
  t.not(multiline.status, 400);
});
