/**
 * The SMS channel: Twilio's Messages API (or any service speaking its shape) over plain fetch, so no SDK and no
 * process-wide client. Twilio accepts a message by queueing it; what happens on the handset arrives later through
 * `statusCallback`, which this channel only passes on.
 */
import { z } from 'zod';
import type { OutgoingNotification, SendOutcome } from './types.ts';

/** E.164 (ITU-T): a `+`, a country code that never starts with 0, 8 to 15 digits in all. */
const E164 = /^\+[1-9]\d{7,14}$/;

/** Whether `phone` is already a number in E.164 form (`+447700900123`), with nothing to strip. */
export function isE164(phone: string): boolean {
  return E164.test(phone);
}

/**
 * The E.164 form of a number as people type it (`+44 7700 900-123`, `+1 (555) 010-9999`): spaces, dashes, dots and
 * parentheses removed; null unless what is left is `+` and 8–15 digits. No country is guessed for a national number.
 */
export function normalisePhone(input: string): string | null {
  const stripped = input.trim().replace(/[\s\-().]/g, '');
  return isE164(stripped) ? stripped : null;
}

/** Options of {@link createSmsChannel}. */
export const smsOptions = z.object({
  /** The API's origin; a test points it at a loopback server. */
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
  /** The account SID: `AC` and 32 characters (Twilio's are lower-case hex; test accounts are not always). */
  accountSid: z.string().regex(/^AC[0-9a-zA-Z]{32}$/, 'must be a Twilio account SID: AC and 32 characters'),
  authToken: z.string().min(16, 'must be the account auth token (32 characters on Twilio)'),
  /** The sender: an E.164 number the account owns, or a Messaging Service SID (`MG…`) that picks one. */
  from: z.string().refine((v) => isE164(v) || /^MG[0-9a-zA-Z]{32}$/.test(v), 'must be an E.164 number (+15550100) or a Messaging Service SID (MG…)'),
  /** Where Twilio posts delivery status updates for each message. */
  statusCallback: z.url({ protocol: /^https?$/ }).optional(),
});

/** What {@link createSmsChannel} is given (defaults not yet applied). */
export type SmsOptionsInput = z.input<typeof smsOptions>;

/** The SMS channel adapter. */
export interface SmsChannel {
  /** Sends `n` as one text to `to` (E.164, or as typed: it is normalised); never throws. */
  send(n: OutgoingNotification, to: string, link: string | null): Promise<SendOutcome>;
}

/** Twilio's limit for one message body (it splits it into segments itself). */
export const MAX_SMS_CHARS = 1600;
const TIMEOUT_MS = 10_000;

/** Twilio error codes meaning this number cannot be texted from this account: another try only fails again. */
const UNREACHABLE: Record<number, string> = {
  21211: 'not a valid phone number',
  21408: 'sending to its region is not enabled on the account',
  21610: 'the recipient unsubscribed (replied STOP)',
  21612: 'it cannot be reached from the sender number',
  21614: 'not a mobile number',
};
/** 400s that are about the moment, not the message: the sender's queue is full, or too many requests. */
const TRANSIENT = new Set([20429, 21611]);

const twilioError = z.object({ code: z.number().int().optional(), message: z.string().optional() });
const twilioMessage = z.object({ sid: z.string().regex(/^[SM]M[0-9a-zA-Z]{32}$/) });

/** `text` cut to at most `max` UTF-16 units with an ellipsis, never through a surrogate pair (a split emoji is garbage). */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** The text of the message: headline, body and link on their own lines, within Twilio's limit, the link kept whole. */
export function smsBody(n: Pick<OutgoingNotification, 'title' | 'body'>, link: string | null): string {
  const tail = link ? `\n${link}` : '';
  const text = [n.title, n.body].filter((s) => s.length > 0).join('\n');
  // A link over half the limit would crowd the words out: it is clipped along with them instead.
  if (tail.length > MAX_SMS_CHARS / 2) return clip(text + tail, MAX_SMS_CHARS);
  return clip(text, MAX_SMS_CHARS - tail.length) + tail;
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now. */
function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** What the dispatcher does after a non-2xx answer; `secret` is kept out of every reason. */
function refusal(status: number, body: unknown, retryAfter: string | null, secret: string): SendOutcome {
  const parsed = twilioError.safeParse(body);
  const code = parsed.success ? parsed.data.code : undefined;
  const said = parsed.success && parsed.data.message ? `: ${parsed.data.message.split(secret).join('***').slice(0, 200)}` : '';
  const ref = `HTTP ${status}${code === undefined ? '' : `, Twilio ${code}`}`;
  if (status === 429 || status === 408 || status >= 500 || (code !== undefined && TRANSIENT.has(code))) {
    const after = retryAfterMs(retryAfter);
    const reason = `SMS service busy or failing (${ref})${said}`;
    return after === undefined ? { status: 'retry', reason } : { status: 'retry', reason, retryAfterMs: after };
  }
  if (code !== undefined && UNREACHABLE[code]) return { status: 'permanent', reason: `cannot text this number: ${UNREACHABLE[code]} (${ref})` };
  if (status === 401 || status === 403 || status === 404) {
    // Every message would fail the same way until an operator fixes the settings: say which ones.
    const what = status === 401 ? 'the account SID or auth token is wrong' : status === 404 ? 'the account SID or base URL is wrong' : 'the account may not send this';
    return { status: 'permanent', reason: `SMS account settings rejected (${ref}): ${what}; check the sms channel options` };
  }
  // Any other 4xx (missing body, bad sender…): the same request fails again.
  return { status: 'permanent', reason: `SMS refused (${ref})${said}` };
}

/**
 * Creates the SMS channel.
 * @throws z.ZodError when the options are unusable (checked now, so a typo fails at start, not on every send).
 */
export function createSmsChannel(options: SmsOptionsInput): SmsChannel {
  const o = smsOptions.parse(options);
  const endpoint = `${o.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${o.accountSid}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${o.accountSid}:${o.authToken}`).toString('base64')}`;
  const sender: [string, string] = isE164(o.from) ? ['From', o.from] : ['MessagingServiceSid', o.from];

  return {
    async send(n, to, link) {
      const number = normalisePhone(to);
      if (number === null) return { status: 'permanent', reason: 'cannot text this number: not an E.164 phone number' };
      const form = new URLSearchParams([['To', number], sender, ['Body', smsBody(n, link)]]);
      if (o.statusCallback) form.set('StatusCallback', o.statusCallback);
      let res: Response;
      let body: unknown;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        body = await res.json().catch(() => undefined);
      } catch (err) {
        // Network failure or the timeout: Twilio may or may not have queued it, but a lost notification is worse.
        const name = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : describe(err);
        return { status: 'retry', reason: `SMS service unreachable: ${name}` };
      }
      if (res.ok) {
        // Accepted: even if the answer is odd, sending again would text the member twice.
        const message = twilioMessage.safeParse(body);
        return message.success ? { status: 'delivered', providerId: message.data.sid } : { status: 'delivered' };
      }
      return refusal(res.status, body, res.headers.get('retry-after'), o.authToken);
    },
  };
}

/** fetch's own error says only "fetch failed"; the cause (ECONNREFUSED…) is what an operator needs. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ((err.cause as NodeJS.ErrnoException).code ?? err.cause.message) : undefined;
  return cause ? `${err.message} (${cause})` : err.message;
}
