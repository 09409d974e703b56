import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message the receiver accepted (answered 201). */
export interface ReceivedSms {
  sid: string;
  to: string;
  /** The From number, or null when a Messaging Service SID was given instead. */
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
}

/** A failure {@link TwilioReceiver.failNext} makes the next request answer. */
export interface ForcedFailure {
  status: number;
  /** Twilio's error code in the JSON body (20429 for 429, 20500 otherwise, unless given). */
  code?: number;
  /** Twilio's error message (a generic one for the status unless given). */
  message?: string;
  /** Sent as the `Retry-After` header when given. */
  retryAfter?: string;
}

export interface TwilioReceiver {
  /** The base URL to give the channel (`http://127.0.0.1:{port}`). */
  url: string;
  accountSid: string;
  authToken: string;
  /** Accepted messages, in arrival order. */
  messages: ReceivedSms[];
  /** Requests received, refused ones included. */
  readonly requests: number;
  /** Messages to `phone` are refused with 21610, as after the member replied STOP. */
  optOut(phone: string): void;
  /** The next request gets this failure instead of its answer (queued: each call adds one). */
  failNext(failure: ForcedFailure): void;
  /** Resolves with `messages` once `count` were accepted; rejects after `timeoutMs` (default 5 s). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedSms[]>;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{7,14}$/;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Twilio's error body shape. */
const error = (status: number, code: number, message: string) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A loopback server speaking the shape of Twilio's `POST /2010-04-01/Accounts/{sid}/Messages.json`: Basic auth,
 * form body, Twilio's error codes for what a test can arrange (bad number, opted out, forced 429/500).
 */
export async function startTwilioReceiver(options: { accountSid?: string; authToken?: string } = {}): Promise<TwilioReceiver> {
  const accountSid = options.accountSid ?? `AC${hex(16)}`;
  const authToken = options.authToken ?? hex(16);
  const messages: ReceivedSms[] = [];
  const optedOut = new Set<string>();
  const failures: ForcedFailure[] = [];
  const waiters: (() => void)[] = [];
  let requests = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requests += 1;
    const form = await readForm(req);
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return sendJson(res, 401, error(401, 20003, 'Authenticate'));
    const path = new URL(req.url ?? '/', 'http://twilio').pathname;
    if (req.method !== 'POST' || path !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
      return sendJson(res, 404, error(404, 20404, `The requested resource ${path} was not found`));
    }
    const forced = failures.shift();
    if (forced) {
      const code = forced.code ?? (forced.status === 429 ? 20429 : 20500);
      const message = forced.message ?? (forced.status === 429 ? 'Too Many Requests' : forced.status >= 500 ? 'Internal Server Error' : 'Bad Request');
      return sendJson(res, forced.status, error(forced.status, code, message), {
        ...(forced.retryAfter === undefined ? {} : { 'retry-after': forced.retryAfter }),
      });
    }
    const to = form.get('To');
    const from = form.get('From');
    const service = form.get('MessagingServiceSid');
    const body = form.get('Body');
    if (!to) return sendJson(res, 400, error(400, 21604, "A 'To' phone number is required."));
    if (!E164.test(to)) return sendJson(res, 400, error(400, 21211, `The 'To' number ${to} is not a valid phone number.`));
    if (!from && !service) return sendJson(res, 400, error(400, 21603, "A 'From' phone number is required."));
    if (!body) return sendJson(res, 400, error(400, 21602, 'Message body is required.'));
    if (body.length > 1600) return sendJson(res, 400, error(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'));
    if (optedOut.has(to)) return sendJson(res, 400, error(400, 21610, 'Attempt to send to unsubscribed recipient'));

    const message: ReceivedSms = { sid: `SM${hex(16)}`, to, from, messagingServiceSid: service, body, statusCallback: form.get('StatusCallback') };
    messages.push(message);
    for (const wake of waiters.splice(0)) wake();
    const now = new Date().toUTCString().replace('GMT', '+0000');
    sendJson(res, 201, {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: service,
      num_media: '0',
      num_segments: String(Math.ceil(body.length / 153)),
      price: null,
      price_unit: 'USD',
      sid: message.sid,
      status: service && !from ? 'accepted' : 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, error(500, 20500, String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    get requests() {
      return requests;
    },
    optOut: (phone) => void optedOut.add(phone),
    failNext: (failure) => void failures.push(failure),
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`Twilio receiver: ${messages.length} of ${count} messages within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return messages;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
