import { createServer, type AddressInfo } from 'node:net';
import test from 'ava';
import type { ParsedMail } from 'mailparser';
import { renderVerificationEmail } from '../../../../src/plugins/notifications/channels/email-templates.ts';
import { createEmailChannel } from '../../../../src/plugins/notifications/channels/email.ts';
import type { OutgoingNotification, TrackingLinks } from '../../../../src/plugins/notifications/channels/types.ts';
import { startSmtpSink } from '../../../helpers/smtp-sink.ts';

const FROM = '"Bets Bot" <bot@bot.example>';

function notification(overrides: Partial<OutgoingNotification> = {}): OutgoingNotification {
  return {
    id: 41,
    guildId: '900000000000000001',
    userId: '100000000000000001',
    type: 'bet_result',
    title: 'Arsenal 2–1 Chelsea: you won',
    body: 'Your 10.00 stake on Arsenal paid 25.00.\n\nWell played.',
    url: 'https://bot.example/g/900000000000000001/bets/7',
    fields: [
      { name: 'Stake', value: '10.00' },
      { name: 'Payout', value: '25.00' },
    ],
    critical: false,
    createdAt: Date.UTC(2025, 0, 1),
    ...overrides,
  };
}

function linksFor(id: number): TrackingLinks {
  return {
    click: (target) => `https://bot.example/n/c/${id}/email?sig=abc&to=${encodeURIComponent(target)}`,
    openPixel: `https://bot.example/n/o/${id}/email.gif?sig=abc`,
    unsubscribe: `https://bot.example/n/u/${id}/email?sig=abc`,
    pushClick: `https://bot.example/n/p/${id}?sig=abc`,
  };
}

/** A header as it was sent (mailparser turns List-* headers into a structured `list` value). */
const header = (mail: ParsedMail, name: string): string => {
  const line = mail.headerLines.find((h) => h.key === name)?.line ?? '';
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
};

/** A port that was just free: nothing listens there, so connecting is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('a notification arrives with text and HTML parts, tracking links and one-click unsubscribe headers', async (t) => {
  const sink = await startSmtpSink();
  const channel = createEmailChannel({ url: sink.url, from: FROM });
  t.teardown(async () => {
    channel.close();
    await sink.close();
  });
  const n = notification();
  const links = linksFor(n.id);

  const outcome = await channel.send(n, 'member@example.com', links);
  t.is(outcome.status, 'delivered');
  t.truthy(outcome.status === 'delivered' && outcome.providerId);

  const [mail] = await sink.waitFor(1);
  t.is(mail.subject, 'Arsenal 2–1 Chelsea: you won');
  t.is(mail.messageId, '<n41.email@dbsbm.local>');
  t.is(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', 'member@example.com');
  t.is(header(mail, 'list-unsubscribe'), '<https://bot.example/n/u/41/email?sig=abc>');
  t.is(header(mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  t.is(header(mail, 'x-dbsbm-notification'), '41');
  t.deepEqual(sink.heads[0].rcpt, ['member@example.com']);

  t.regex(mail.text ?? '', /Your bet was settled/);
  t.regex(mail.text ?? '', /Stake: 10\.00/);
  t.regex(mail.text ?? '', /Unsubscribe from these emails: https:\/\/bot\.example\/n\/u\/41\/email\?sig=abc/);
  const html = typeof mail.html === 'string' ? mail.html : '';
  const openHref = links.click(n.url ?? '').replace(/&/g, '&#38;');
  t.true(html.includes(`href="${openHref}"`), 'the Open button goes through the click tracker');
  t.regex(html, /<img src="https:\/\/bot\.example\/n\/o\/41\/email\.gif\?sig=abc" width="1" height="1" alt=""/);
  t.regex(html, /<th[^>]*>Payout<\/th>\s*<td[^>]*>25\.00<\/td>/);
  t.regex(html, /Unsubscribe from these emails<\/a>/);
});

test('user-supplied text is escaped in the HTML and a title cannot inject headers', async (t) => {
  const sink = await startSmtpSink();
  const channel = createEmailChannel({ url: sink.url, from: FROM, pool: false });
  t.teardown(async () => {
    channel.close();
    await sink.close();
  });
  const n = notification({
    id: 42,
    title: 'Win <script>alert(1)</script>\r\nBcc: victim@evil.example\r\n\r\nforged body',
    body: '<img src=x onerror=alert(2)> & "quotes"',
    fields: [{ name: '<b>field</b>', value: '<i>v</i>' }],
    url: null,
  });

  t.is((await channel.send(n, 'member@example.com', linksFor(42))).status, 'delivered');
  const [mail] = await sink.waitFor(1);
  t.false(mail.subject?.includes('\n') ?? true);
  t.is(mail.subject, 'Win <script>alert(1)</script> Bcc: victim@evil.example forged body');
  t.false(mail.headers.has('bcc'));
  t.deepEqual(sink.heads[0].rcpt, ['member@example.com'], 'no extra recipient');
  const html = typeof mail.html === 'string' ? mail.html : '';
  t.false(html.includes('<script>'));
  t.false(html.includes('<img src=x'));
  t.false(html.includes('<b>field</b>'));
  t.true(html.includes('&#60;script&#62;alert(1)&#60;/script&#62;'));
  t.true(html.includes('&#38; &#34;quotes&#34;'));
  t.false(html.includes('>Open</a>'), 'no Open button without a url');
});

test('a recipient refused with 550 is permanent, with 451 is a retry', async (t) => {
  const sink = await startSmtpSink({
    reject: (rcpt) =>
      rcpt.startsWith('gone@') ? { code: 550, message: 'No such user' } : rcpt.startsWith('busy@') ? { code: 451, message: 'Try later' } : undefined,
  });
  const channel = createEmailChannel({ url: sink.url, from: FROM });
  t.teardown(async () => {
    channel.close();
    await sink.close();
  });

  const gone = await channel.send(notification({ id: 43 }), 'gone@example.com', linksFor(43));
  t.is(gone.status, 'permanent');
  t.regex(gone.status === 'permanent' ? gone.reason : '', /550/);
  const busy = await channel.send(notification({ id: 44 }), 'busy@example.com', linksFor(44));
  t.is(busy.status, 'retry');
  t.regex(busy.status === 'retry' ? busy.reason : '', /451/);
  t.is((await channel.send(notification({ id: 45 }), 'ok@example.com', linksFor(45))).status, 'delivered');
  t.is((await sink.waitFor(1)).length, 1);
});

test('a server that is down is a retry, and the reason does not carry the password', async (t) => {
  const port = await closedPort();
  const channel = createEmailChannel({ url: `smtp://mailer:s3cr%40t-pw@127.0.0.1:${port}`, from: FROM });
  t.teardown(() => channel.close());

  const outcome = await channel.send(notification(), 'member@example.com', linksFor(41));
  t.is(outcome.status, 'retry');
  const reason = outcome.status === 'retry' ? outcome.reason : '';
  t.regex(reason, /ECONNREFUSED|ECONNECTION/);
  t.false(reason.includes('s3cr'));
});

test('a malformed recipient address is refused before any SMTP', async (t) => {
  const sink = await startSmtpSink();
  const channel = createEmailChannel({ url: sink.url, from: FROM });
  t.teardown(async () => {
    channel.close();
    await sink.close();
  });
  const outcome = await channel.send(notification(), 'a@example.com\r\nBcc: b@example.com', linksFor(41));
  t.is(outcome.status, 'permanent');
  t.is(sink.received, 0);
});

test('200 notifications sent at once over the pool all arrive, each with its own Message-ID', async (t) => {
  const sink = await startSmtpSink();
  const channel = createEmailChannel({ url: sink.url, from: FROM, maxConnections: 4 });
  t.teardown(async () => {
    channel.close();
    await sink.close();
  });

  const outcomes = await Promise.all(
    Array.from({ length: 200 }, (_, i) => channel.send(notification({ id: 1000 + i }), `m${i}@example.com`, linksFor(1000 + i))),
  );
  t.true(outcomes.every((o) => o.status === 'delivered'));
  const mails = await sink.waitFor(200);
  t.is(mails.length, 200);
  const ids = new Set(mails.map((m) => m.messageId));
  t.is(ids.size, 200);
  t.true(ids.has('<n1000.email@dbsbm.local>') && ids.has('<n1199.email@dbsbm.local>'));
  t.true(new Set(sink.heads.map((h) => h.session)).size <= 4, 'the pool reused its connections');
});

test('the verification email carries the code and the confirm link, escaped', async (t) => {
  const sink = await startSmtpSink();
  const channel = createEmailChannel({ url: sink.url, from: FROM, pool: false });
  t.teardown(async () => {
    channel.close();
    await sink.close();
  });
  const rendered = renderVerificationEmail({ code: '482913', confirmUrl: 'https://bot.example/n/verify?t=abc&x=1', guildName: 'Bets <&>\nClub' });
  const outcome = await channel.sendRaw({ to: 'member@example.com', messageId: '<v1.email@dbsbm.local>', ...rendered });
  t.is(outcome.status, 'delivered');

  const [mail] = await sink.waitFor(1);
  t.is(mail.subject, 'Confirm your email address for Bets <&> Club');
  t.is(mail.messageId, '<v1.email@dbsbm.local>');
  t.regex(mail.text ?? '', /482913/);
  const html = typeof mail.html === 'string' ? mail.html : '';
  t.true(html.includes('href="https://bot.example/n/verify?t=abc&#38;x=1"'));
  t.true(html.includes('Bets &#60;&#38;&#62;'));
});
