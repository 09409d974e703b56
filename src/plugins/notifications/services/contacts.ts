import { createHash, randomInt } from 'node:crypto';
import { Refusal } from 'dbsbm';
import { renderVerificationEmail } from '../channels/email-templates.ts';
import { normalisePhone } from '../channels/sms.ts';
import { channelsOf } from './channel-registry.ts';
import type { NotificationsContext } from './context.ts';
import { signLink } from './links.ts';

/** How long a confirmation code works. */
export const CODE_TTL_MS = 30 * 60_000;

const hash = (code: string): string => createHash('sha256').update(code).digest('hex');

// A pragmatic check (RFC 5321 sizes, one @, a dot in the domain): the confirmation mail is the real test.
const EMAIL = /^[^\s@<>()",;:\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

async function storeCode(ctx: NotificationsContext, userId: string, kind: 'email' | 'sms', address: string, code: string, now: number): Promise<void> {
  await ctx.data.transaction(async (em) => {
    await ctx.data.run('delete from notification_contacts where user_id = ? and kind = ?', [userId, kind], em);
    await ctx.data.run('insert into notification_contacts (user_id, kind, address, verified_at, code_hash, code_expires_at, updated_at) values (?, ?, ?, null, ?, ?, ?)', [userId, kind, address, hash(code), now + CODE_TTL_MS, now], em);
  });
}

/** Sends a confirmation code (and link) to an address; nothing goes to it until it is confirmed. */
export async function startEmailConfirmation(ctx: NotificationsContext, guildId: string, userId: string, raw: string, now = Date.now()): Promise<string> {
  const registry = channelsOf(ctx);
  if (!registry.email || registry.secret === null) throw new Refusal('UNAVAILABLE', 'E-mail is not set up on this bot.', { next: 'Ask whoever runs the bot to set SMTP_URL, SMTP_FROM and DBSBM_SECRET_KEY (docs/notifications.md).' });
  const address = raw.trim().toLowerCase();
  if (address.length > 254 || !EMAIL.test(address)) throw new Refusal('INVALID_INPUT', `"${raw.slice(0, 80)}" is not an e-mail address.`, { next: 'Write it like name@example.com.' });
  const code = String(randomInt(100_000, 1_000_000));
  await storeCode(ctx, userId, 'email', address, code, now);
  const token = signLink(registry.secret, { a: 'confirm', n: 0, g: guildId, u: userId, t: 'email', c: 'email', x: code, e: Math.floor((now + CODE_TTL_MS) / 1000) });
  const mail = renderVerificationEmail({ code, confirmUrl: `${registry.base}/n/confirm/${token}` });
  const sent = await registry.email.sendRaw({ to: address, ...mail, messageId: `<confirm.${userId}.${now}@dbsbm.local>` });
  if (sent.status !== 'delivered') throw new Refusal('UNAVAILABLE', `The confirmation mail could not be sent (${sent.reason}).`, { next: 'Check the address and try again in a few minutes.' });
  return address;
}

/** Sends a confirmation code by text message. */
export async function startPhoneConfirmation(ctx: NotificationsContext, guildId: string, userId: string, raw: string, now = Date.now()): Promise<string> {
  const registry = channelsOf(ctx);
  if (!registry.sms) throw new Refusal('UNAVAILABLE', 'Text messages are not set up on this bot.', { next: 'Ask whoever runs the bot to configure the SMS account (docs/notifications.md).' });
  const phone = normalisePhone(raw);
  if (phone === null) throw new Refusal('INVALID_INPUT', `"${raw.slice(0, 40)}" is not a phone number in international form.`, { next: 'Start with + and the country code, e.g. +447700900123.' });
  const code = String(randomInt(100_000, 1_000_000));
  await storeCode(ctx, userId, 'sms', phone, code, now);
  const sent = await registry.sms.send({ id: 0, guildId, userId, type: 'system', title: 'DBSBM confirmation code', body: `Your code is ${code}. Enter it with /notifications sms code:${code}`, url: null, fields: [], critical: true, createdAt: now }, phone, null);
  if (sent.status !== 'delivered') throw new Refusal('UNAVAILABLE', `The code could not be sent (${sent.reason}).`, { next: 'Check the number and try again in a few minutes.' });
  return phone;
}

/** Confirms a contact with the code sent to it; returns the confirmed address. */
export async function confirmContact(ctx: NotificationsContext, userId: string, kind: 'email' | 'sms', code: string, now = Date.now()): Promise<string> {
  const row = await ctx.data.get<{ address: string; code_hash: string | null; code_expires_at: number | null; verified_at: number | null }>(
    'select address, code_hash, code_expires_at, verified_at from notification_contacts where user_id = ? and kind = ?',
    [userId, kind],
  );
  const what = kind === 'email' ? 'e-mail address' : 'phone number';
  if (!row) throw new Refusal('NOT_FOUND', `There is no ${what} waiting for confirmation.`, { next: `Add one first with /notifications ${kind}.` });
  if (row.verified_at !== null) return row.address;
  if (row.code_hash !== hash(code.trim()) || Number(row.code_expires_at) < now) {
    throw new Refusal('INVALID_INPUT', 'That code is wrong or has expired.', { next: `Ask for a new one with /notifications ${kind}.` });
  }
  await ctx.data.run('update notification_contacts set verified_at = ?, code_hash = null, code_expires_at = null, updated_at = ? where user_id = ? and kind = ?', [now, now, userId, kind]);
  return row.address;
}

/** Forgets a member's address or number. */
export async function removeContact(ctx: NotificationsContext, userId: string, kind: 'email' | 'sms'): Promise<boolean> {
  return (await ctx.data.run('delete from notification_contacts where user_id = ? and kind = ?', [userId, kind])).changes > 0;
}

/** A member's contacts as they may see them. */
export async function contactsOf(ctx: NotificationsContext, userId: string): Promise<{ kind: 'email' | 'sms'; address: string; confirmed: boolean }[]> {
  const rows = await ctx.data.all<{ kind: 'email' | 'sms'; address: string; verified_at: number | null }>('select kind, address, verified_at from notification_contacts where user_id = ?', [userId]);
  return rows.map((r) => ({ kind: r.kind, address: r.address, confirmed: r.verified_at !== null }));
}
