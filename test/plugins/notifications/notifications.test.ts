import test from 'ava';
import { seedGames, final, kickoff } from '../betting/seed.ts';
import { closeDigest } from '../../../src/plugins/notifications/services/digest-close.ts';
import { raiseNow } from '../../../src/plugins/notifications/services/raise-now.ts';
import { assertRefusal } from '../../helpers/refusal.ts';
import { deliveriesOf, dmsOf, eventually, local, startNotificationWorld, type NotificationWorld } from './helpers.ts';

let w: NotificationWorld;

test.before(async () => {
  w = await startNotificationWorld();
});
test.after.always(() => w?.close());

/** Places a bet for `user` on a fresh game and settles it as a home win; resolves with the bet's id. */
async function settledBet(user: 'carol' | 'bob', key: string): Promise<void> {
  const { ids, sink } = await seedGames(w.betting, [{ key, home: `${key} FC`, away: `${key} United`, inMinutes: 90 }]);
  const placed = await w.bot.as(user).run('/bet place', { game: String(ids[key]), selection: 'home', units: 1 });
  if (!/^Bet #\d+/.test(placed.embeds[0]?.title ?? '')) throw new Error(`bet not placed: ${JSON.stringify(placed.embeds[0])}`);
  await sink(kickoff(key));
  await sink(final(key, 2, 0));
}

test.serial('a settled bet reaches the member by DM with the result, and counts as sent and delivered', async (t) => {
  const carol = w.bot.users.carol;
  const before = dmsOf(w, carol).length;
  await settledBet('carol', 'dm1');
  const dm = await eventually(() => dmsOf(w, carol).slice(before).find((m) => /won/.test(m.embeds[0]?.title ?? '')), 'the result DM');
  t.regex(dm.embeds[0]!.title!, /^Your bet #\d+ won \(\+\d+\.\d\d u\)$/);
  t.regex(dm.embeds[0]!.footer?.text ?? '', /Bet results · change what you get with \/notifications set/);
  const rows = await eventually(async () => {
    const found = (await deliveriesOf(w, carol)).filter((r) => r.type === 'bet_result' && r.status === 'delivered');
    return found.length > 0 ? found : undefined;
  }, 'the delivery row');
  t.is(rows[0]!.channel, 'dm');
  const stats = await w.ctx.data.all<{ kind: string }>('select kind from notification_events where notification_id = ?', [rows[0]!.id]);
  t.deepEqual(stats.map((s) => s.kind).sort(), ['delivered', 'sent']);
});

test.serial('DMs closed (50007): the notification falls back to the server channel, then to confirmed e-mail', async (t) => {
  const bob = w.bot.users.bob;
  // Bob confirms an address by the code in the mail.
  const mailsBefore = w.smtp.mails.length;
  const sent = await w.bot.as('bob').run('/notifications email', { address: 'Bob@Example.com' });
  t.is(sent.embeds[0]?.title, 'Code sent');
  const [confirm] = (await w.smtp.waitFor(mailsBefore + 1)).slice(mailsBefore);
  const code = /\b(\d{6})\b/.exec(confirm!.text ?? '')![1]!;
  t.is((await w.bot.as('bob').run('/notifications email', { code: '000000' })).embeds[0]?.title?.includes('Confirmed'), false, 'a wrong code does not confirm');
  t.is((await w.bot.as('bob').run('/notifications email', { code })).embeds[0]?.title, 'Confirmed');

  w.bot.emulator.closeDms(bob);
  t.teardown(() => w.bot.emulator.openDms(bob));
  // No channel routed yet: DM fails for good, the channel is skipped, e-mail delivers.
  await settledBet('bob', 'fb1');
  const mail = await eventually(() => w.smtp.mails.slice(mailsBefore + 1).find((m) => /Your bet #\d+ won/.test(m.subject ?? '')), 'the fallback mail');
  await eventually(async () => (await deliveriesOf(w, bob)).some((r) => r.channel === 'email' && r.status === 'delivered'), 'the e-mail delivery row');
  t.is(mail.to && 'value' in mail.to ? mail.to.value[0]?.address : undefined, 'bob@example.com');
  const rows = (await deliveriesOf(w, bob)).filter((r) => r.type === 'bet_result');
  t.deepEqual(
    rows.map((r) => [r.channel, r.status]),
    [
      ['dm', 'failed'],
      ['channel', 'skipped'],
      ['email', 'delivered'],
    ],
  );
  t.regex(rows[0]!.error ?? '', /50007/);

  // With a channel for bet results, the channel takes it (mentioning bob) before e-mail.
  await w.bot.run('/notifications route', { type: 'bet_result', channel: w.bot.channels.general });
  await settledBet('bob', 'fb2');
  const post = await eventually(() => w.bot.messages(w.bot.channels.general).find((m) => m.content === `<@${bob}>` && /won/.test(m.embeds[0]?.title ?? '')), 'the channel post');
  t.truthy(post);
});

test.serial('e-mail: HTML and text parts, tracked links, an open pixel and RFC 8058 one-click unsubscribe', async (t) => {
  const bob = w.bot.users.bob;
  await w.bot.as('bob').run('/notifications set', { type: 'achievement', channel: 'email', on: true });
  const before = w.smtp.mails.length;
  await raiseNow(w.ctx, { guildId: w.bot.guildId, to: { userIds: [bob] }, type: 'achievement', key: 'mail-1', title: 'Ten wins <b>in a row</b>', body: 'Keep going', url: 'https://example.com/board' });
  const [mail] = (await w.smtp.waitFor(before + 1)).slice(before);
  t.is(mail!.subject, 'Ten wins <b>in a row</b>');
  t.regex(String(mail!.html), /Ten wins &(lt|#60|#x3c);b&(gt|#62|#x3e);in a row/i);
  t.false(String(mail!.html).includes('<b>in a row'));
  t.true((mail!.text ?? '').includes('Keep going'));
  const header = (name: string): string => {
    const line = mail!.headerLines.find((h) => h.key === name)?.line ?? '';
    return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  };
  const unsubscribe = header('list-unsubscribe').replace(/^<|>$/g, '');
  t.is(header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  const html = String(mail!.html);
  const pixel = /<img[^>]+src="([^"]+\/n\/open\/[^"]+)"/.exec(html)![1]!;
  const click = /href="(http:\/\/bot\.example\/n\/click\/[^"]+)"/.exec(html)![1]!;
  t.is((await fetch(local(w, pixel))).headers.get('content-type'), 'image/gif');
  const redirect = await fetch(local(w, click), { redirect: 'manual' });
  t.is(redirect.status, 302);
  t.is(redirect.headers.get('location'), 'https://example.com/board');
  // A forged click link is refused: no open redirect.
  t.is((await fetch(local(w, click.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))), { redirect: 'manual' })).status, 404);

  // A mail scanner's GET does not unsubscribe; the one-click POST does.
  t.is((await fetch(local(w, unsubscribe))).status, 200);
  t.true((await w.ctx.users.get(bob)).notificationPreferences !== null);
  const one = await fetch(local(w, unsubscribe), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  t.is(one.status, 200);
  const show = await w.bot.as('bob').run('/notifications show');
  t.regex(show.embeds[0]!.description!, /\*\*Achievements\*\*: DM\n/);

  const stats = await eventually(async () => {
    const rows = await w.ctx.data.all<{ kind: string }>("select kind from notification_events where channel = 'email' and type = 'achievement'");
    const kinds = rows.map((r) => r.kind).sort();
    return kinds.includes('opened') && kinds.includes('clicked') ? kinds : undefined;
  }, 'open and click figures');
  t.deepEqual(stats, ['clicked', 'delivered', 'opened', 'sent']);
});

test.serial('web push: the page, a subscription, an encrypted VAPID-signed push; a 410 removes the subscription', async (t) => {
  const carol = w.bot.users.carol;
  const reply = await w.bot.as('carol').run('/notifications push');
  const link = /\((http:\/\/bot\.example\/n\/push-page\/[^)]+)\)/.exec(reply.embeds[0]!.description!)![1]!;
  const page = await fetch(local(w, link));
  t.is(page.status, 200);
  const html = await page.text();
  t.true(html.includes('Turn on notifications'));
  const subscribeUrl = local(w, link).replace('/n/push-page/', '/n/push-subscribe/');
  const sub = w.push.subscription();
  const bad = await fetch(subscribeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: 'http://insecure.example/x', keys: {} }) });
  t.is(bad.status, 400);
  const ok = await fetch(subscribeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }) });
  t.is(ok.status, 201);

  await w.bot.as('carol').run('/notifications set', { type: 'custom', channel: 'push', on: true });
  await w.bot.as('carol').run('/notifications set', { type: 'custom', channel: 'dm', on: false });
  await raiseNow(w.ctx, { guildId: w.bot.guildId, to: { userIds: [carol] }, type: 'custom', key: 'push-1', title: 'Cup final tonight', body: 'Prices are up', url: 'https://example.com/final' });
  const [received] = await w.push.waitFor(1);
  const payload = received!.payload as { title: string; body: string; click: string };
  t.is(payload.title, 'Cup final tonight');
  t.regex(payload.click, /\/n\/push-click\//);
  t.is(received!.vapid.sub, 'mailto:ops@example.com');
  t.true(received!.ttl > 0);

  const endpointId = sub.endpoint.split('/').pop()!;
  w.push.setStatus(endpointId, 410);
  await raiseNow(w.ctx, { guildId: w.bot.guildId, to: { userIds: [carol] }, type: 'custom', key: 'push-2', title: 'Gone?', body: '…' });
  await eventually(async () => (await w.ctx.data.get('select id from notification_push_subscriptions where user_id = ?', [carol])) === undefined, 'the dead subscription removed');
  t.pass();
});

test.serial('text messages: a phone number confirmed by code, then a notification by SMS', async (t) => {
  const carol = w.bot.users.carol;
  const before = w.sms.messages.length;
  t.is((await w.bot.as('carol').run('/notifications sms', { phone: '+44 7700 900123' })).embeds[0]?.title, 'Code sent');
  const [codeText] = (await w.sms.waitFor(before + 1)).slice(before);
  t.is(codeText!.to, '+447700900123');
  const code = /\b(\d{6})\b/.exec(codeText!.body)![1]!;
  t.is((await w.bot.as('carol').run('/notifications sms', { code })).embeds[0]?.title, 'Confirmed');
  await w.bot.as('carol').run('/notifications set', { type: 'responsible_play', channel: 'sms', on: true });
  await raiseNow(w.ctx, { guildId: w.bot.guildId, to: { userIds: [carol] }, type: 'responsible_play', key: 'sms-1', title: 'You have used 80% of your daily limit', body: 'Take a break whenever you like.', critical: true });
  const [text] = (await w.sms.waitFor(before + 2)).slice(before + 1);
  t.true(text!.body.startsWith('You have used 80% of your daily limit'));
});

test.serial('quiet hours hold a notification until they end; a critical one comes at once', async (t) => {
  const carol = w.bot.users.carol;
  const now = new Date();
  const hh = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  const start = new Date(now.getTime() - 60 * 60_000);
  const end = new Date(now.getTime() + 2 * 60 * 60_000);
  const set = await w.bot.as('carol').run('/notifications quiet', { start: hh(start), end: hh(end), timezone: 'UTC' });
  t.is(set.embeds[0]?.title, 'Quiet hours set');
  t.teardown(() => w.bot.as('carol').run('/notifications quiet', { off: true }).then(() => undefined));
  const [held] = await raiseNow(w.ctx, { guildId: w.bot.guildId, to: { userIds: [carol] }, type: 'achievement', key: 'quiet-1', title: 'Held', body: 'Later' });
  const [urgent] = await raiseNow(w.ctx, { guildId: w.bot.guildId, to: { userIds: [carol] }, type: 'achievement', key: 'quiet-2', title: 'Now', body: 'Critical', critical: true });
  const sendAt = async (id: number) => Number((await w.ctx.data.get<{ send_at: number }>('select send_at from notifications where id = ?', [id]))!.send_at);
  const expectedEnd = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate(), end.getUTCHours(), end.getUTCMinutes());
  t.is(await sendAt(held!), expectedEnd);
  t.true((await sendAt(urgent!)) <= Date.now());
  await eventually(() => dmsOf(w, carol).find((m) => m.embeds[0]?.title === 'Now'), 'the critical DM');
  t.falsy(dmsOf(w, carol).find((m) => m.embeds[0]?.title === 'Held'));
});

test.serial('digest: two price alerts in the same second make one window and one message', async (t) => {
  const carol = w.bot.users.carol;
  const at = Date.now();
  const alert = (selection: string, from: number, to: number, key: string) =>
    raiseNow(w.ctx, {
      guildId: w.bot.guildId,
      to: { userIds: [carol] },
      type: 'odds_alert',
      key,
      digestKey: 'game:77:h2h',
      title: 'Price moved: Arsenal v Chelsea',
      body: `${selection} ${from} → ${to}`,
      data: { gameId: 77, game: 'Arsenal v Chelsea', market: 'h2h', selection, from, to, at },
    });
  await Promise.all([alert('home', 2.1, 1.95, 'd1'), alert('away', 3.6, 3.9, 'd2')]);
  const windows = await w.ctx.data.all<{ id: number; items: unknown }>("select id, items from notification_digests where user_id = ? and digest_key = 'odds_alert:game:77:h2h'", [carol]);
  t.is(windows.length, 1);
  const jobs = await w.ctx.data.all("select id from jobs where plugin = 'notifications' and name = 'digest' and idempotency_key = ?", [`digest:${windows[0]!.id}`]);
  t.is(jobs.length, 1);
  await closeDigest(w.ctx, windows[0]!.id);
  await closeDigest(w.ctx, windows[0]!.id);
  const dm = await eventually(() => dmsOf(w, carol).find((m) => /Prices moved|price/i.test(m.embeds[0]?.title ?? '') && m.embeds[0]?.title !== 'Price moved: Arsenal v Chelsea'), 'the digest DM');
  const text = JSON.stringify(dm.embeds[0]);
  t.true(text.includes('2.10 → 1.95') && text.includes('3.60 → 3.90'), text);
  const digests = await w.ctx.data.all("select id from notifications where user_id = ? and type = 'odds_alert'", [carol]);
  t.is(digests.length, 1, 'closing twice sends once');
});

test.serial('a price move of 3 % or more on a game a member holds opens their digest window; a kick-off reminder is queued', async (t) => {
  const bob = w.bot.users.bob;
  const { ids, sink } = await seedGames(w.betting, [{ key: 'mv1', home: 'Mover FC', away: 'Static United', inMinutes: 120, h2h: [2.0, 3.4, 3.8] }]);
  await w.bot.as('bob').run('/bet place', { game: String(ids.mv1), selection: 'home', units: 1 });
  const reminder = await eventually(
    () => w.ctx.data.get<{ send_at: number; title: string }>("select send_at, title from notifications where user_id = ? and type = 'game_starting' and title like ?", [bob, '%Mover FC%']),
    'the reminder',
  );
  t.is(reminder.title, 'Kick-off soon: Mover FC v Static United');
  const game = await w.ctx.use('betting').game(ids.mv1!);
  t.is(Number(reminder.send_at), game!.startTime - 30 * 60_000);
  await sink({ type: 'odds', prices: [{ providerId: 'test:mv1', market: 'h2h', selection: 'home', price: 2.01, at: new Date() }] });
  await sink({ type: 'odds', prices: [{ providerId: 'test:mv1', market: 'h2h', selection: 'home', price: 1.8, at: new Date() }] });
  const window = await eventually(() => w.ctx.data.get<{ items: unknown }>("select items from notification_digests where user_id = ? and digest_key = ?", [bob, `odds_alert:game:${ids.mv1}:h2h`]), 'the digest window');
  const items = (typeof window.items === 'string' ? JSON.parse(window.items) : window.items) as { data: { from: number; to: number } }[];
  t.deepEqual(items.map((i) => [i.data.from, i.data.to]), [[2.01, 1.8]], 'the 0.5 % move is noise, the 10 % move an alert');
});

test.serial('where the plugin is off for the server, a settled bet tells nobody', async (t) => {
  const off = await w.bot.run('/plugins disable', { name: 'notifications' });
  t.regex(off.embeds[0]?.title ?? '', /disabled|off/i);
  t.teardown(() => w.bot.run('/plugins enable', { name: 'notifications' }).then(() => undefined));
  const count = async () => Number((await w.ctx.data.get<{ n: number }>("select count(*) as n from notifications where type = 'bet_result'"))!.n);
  const before = await count();
  const settled = w.bot.events.next('bet.settled');
  await settledBet('carol', 'off1');
  t.is((await settled).payload.userId, w.bot.users.carol);
  // Every durable event's subscribers have run once the core's event jobs are all finished.
  await eventually(async () => Number((await w.ctx.data.get<{ n: number }>("select count(*) as n from jobs where plugin = 'core' and status in ('pending', 'running')"))!.n) === 0, 'the event jobs');
  t.is(await count(), before);
});

test.serial('/notifications stats shows figures and a chart to managers; members are refused', async (t) => {
  const reply = await w.bot.run('/notifications stats');
  t.regex(reply.embeds[0]!.description!, /Bet results\*\* · DM: \d+ sent, \d+ delivered/);
  t.is(reply.attachments.length, 1);
  assertRefusal(t, await w.bot.as('carol').run('/notifications stats'), 'NOT_ALLOWED');
});

test.serial('a malformed request from another plugin is refused whole: nothing written', async (t) => {
  const count = async () => Number((await w.ctx.data.get<{ n: number }>('select count(*) as n from notifications'))!.n);
  const before = await count();
  t.deepEqual(await raiseNow(w.ctx, { guildId: w.bot.guildId, to: { userIds: ['not-an-id'] }, type: 'bet_result', key: 'x', title: 'x', body: 'x' }), []);
  t.deepEqual(await raiseNow(w.ctx, { guildId: w.bot.guildId, to: { userIds: [w.bot.users.carol] }, type: 'nonsense', key: 'x', title: 'x', body: 'x' }), []);
  t.is(await count(), before);
});
