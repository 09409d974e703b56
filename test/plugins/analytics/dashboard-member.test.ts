import test from 'ava';
import { DEMO } from '../../../src/core/local/demo-world.ts';
import analytics from '../../../src/plugins/analytics/index.ts';
import betting from '../../../src/plugins/betting/index.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';

// Issue 13, finding 5: a dashboard link kept working for its whole life after the admin who asked for it was removed
// from the server or lost Manage Server. Every request now asks Discord whether the link's member still qualifies.

const SECRET = 'dashboard-member-test-secret-0123456789-abcdef';
let bot: TestBot;

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, { plugin: analytics, options: { linkSecret: SECRET } }], tier: 'platinum' });
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
});
test.after.always(() => bot?.close());

async function linkOf(who: 'alice' | 'owner'): Promise<string> {
  const reply = await bot.as(who).run('/analytics dashboard');
  const link = /\((http[^)]+)\)/.exec(reply.embeds[0]!.description!)![1]!;
  return new URL(link).searchParams.get('t')!;
}

const paths = ['/dashboard', '/dashboard/data', '/dashboard/chart.svg', '/dashboard/events'];

async function statusOf(path: string, token: string): Promise<{ status: number; body: string; type: string | null }> {
  const controller = new AbortController();
  const res = await fetch(`${bot.url}${path}?t=${encodeURIComponent(token)}`, { signal: controller.signal });
  // The events stream stays open when allowed: read its status, then hang up.
  if (path.endsWith('/events') && res.status === 200) {
    controller.abort();
    return { status: 200, body: '', type: res.headers.get('content-type') };
  }
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

test.serial('a member who loses Manage Server, then leaves, gets a clear 403 on every dashboard path with the same link', async (t) => {
  const token = await linkOf('alice');
  for (const path of paths) t.is((await statusOf(path, token)).status, 200, `${path} works while alice is an admin`);

  // Alice loses the Admin role (Manage Server): the link stops at once, though it has not expired.
  bot.emulator.setMemberRoles(bot.guildId, DEMO.users.alice.id, [DEMO.roles.member]);
  for (const path of paths) {
    const res = await statusOf(path, token);
    t.is(res.status, 403, path);
    if (path === '/dashboard') {
      t.regex(res.type ?? '', /text\/html/);
      t.regex(res.body, /no longer has the Manage Server permission/);
    } else {
      t.regex(res.type ?? '', /application\/problem\+json/);
      const problem = JSON.parse(res.body) as { code: string; title: string; detail: string; instance: string };
      t.is(problem.code, 'NOT_ALLOWED');
      t.is(problem.title, 'This link no longer works');
      t.regex(problem.detail, /no longer has the Manage Server permission/);
      t.is(problem.instance, path);
    }
  }

  // Given the role back, the same link works again; removed from the server, it stops again.
  bot.emulator.setMemberRoles(bot.guildId, DEMO.users.alice.id, [DEMO.roles.admin, DEMO.roles.member]);
  t.is((await statusOf('/dashboard/data', token)).status, 200);
  bot.emulator.removeMember(bot.guildId, DEMO.users.alice.id);
  for (const path of paths) {
    const res = await statusOf(path, token);
    t.is(res.status, 403, path);
    t.regex(res.body, /no longer in the server/);
  }

  // Another admin's link is untouched.
  const owner = await linkOf('owner');
  t.is((await statusOf('/dashboard/data', owner)).status, 200);
});
