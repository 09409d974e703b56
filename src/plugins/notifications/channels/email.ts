import { connect, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { headerSafe, renderEmail } from './email-templates.ts';
import type { OutgoingNotification, SendOutcome, TrackingLinks } from './types.ts';

/** One fully rendered mail for {@link EmailChannel.sendRaw}. */
export interface RawMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** `<local@domain>`: stable per logical message, so a re-send after a crash is recognisable as the same one. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface EmailChannelOptions {
  /** `smtp://host:port` (STARTTLS when the server offers it) or `smtps://user:pass@host:465`. */
  url: string;
  /** The From address, e.g. `"Bets Bot" <bot@example.com>`. */
  from: string;
  /** Keep connections open and reuse them (default true): a burst of notifications would otherwise open one each. */
  pool?: boolean;
  /** Parallel connections of the pool (default 5). */
  maxConnections?: number;
  /** Shown in the template's footer (default "DBSBM"). */
  productName?: string;
}

/** The email channel adapter. */
export interface EmailChannel {
  /** Renders `n` and sends it to `to` with one-click unsubscribe headers; never throws. */
  send(n: OutgoingNotification, to: string, links: TrackingLinks): Promise<SendOutcome>;
  /** Sends an already rendered mail (address confirmation…); never throws. */
  sendRaw(mail: RawMail): Promise<SendOutcome>;
  /** Closes pooled connections; a send in progress finishes first. */
  close(): void;
}

/** The deterministic Message-ID of notification `id` on the email channel. */
export function notificationMessageId(id: number): string {
  return `<n${id}.email@dbsbm.local>`;
}

// Connection-level failures: the server or the route is (for now) unreachable, so a later attempt may succeed.
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'ECONNRESET', 'EDNS', 'EPROTOCOL', 'EPIPE', 'EHOSTUNREACH']);
const REASON_MAX = 500;
// One address, no display name: the recipient comes from our database, anything richer is a bug or an injection.
const ADDRESS = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+$/;

interface SmtpError {
  code?: string;
  responseCode?: number;
  message: string;
}

function asSmtpError(err: unknown): SmtpError {
  if (typeof err !== 'object' || err === null) return { message: String(err) };
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
  return {
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.responseCode === 'number' ? { responseCode: e.responseCode } : {}),
    message: typeof e.message === 'string' ? e.message : String(err),
  };
}

/** The secrets of the SMTP URL, raw and decoded, so no reason or log line can echo them. */
function secretsOf(url: string): string[] {
  try {
    const { password } = new URL(url);
    if (password === '') return [];
    return [...new Set([password, decodeURIComponent(password)])].filter((s) => s.length > 0);
  } catch {
    return [];
  }
}

/** Maps a nodemailer failure to an outcome: 5xx is final, 4xx and network trouble are worth another try. */
export function classifySmtpError(err: unknown, secrets: string[] = []): SendOutcome {
  const e = asSmtpError(err);
  let reason = [e.code, e.message].filter(Boolean).join(': ');
  for (const secret of secrets) reason = reason.split(secret).join('***');
  reason = headerSafe(reason, REASON_MAX);
  if (e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode <= 599) return { status: 'permanent', reason };
  if (e.responseCode !== undefined && e.responseCode >= 400 && e.responseCode <= 499) return { status: 'retry', reason };
  if (e.code !== undefined && TRANSIENT_CODES.has(e.code)) return { status: 'retry', reason };
  // Refused by nodemailer itself before talking to the server (malformed address): the same mail fails again.
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return { status: 'permanent', reason };
  return { status: 'retry', reason };
}

const CONNECTION_TIMEOUT_MS = 15_000;

/**
 * Opens the TCP connection for nodemailer with Nagle's algorithm off. nodemailer leaves it on, and the small
 * writes of an SMTP dialogue then wait on the peer's delayed ACK: about 40 ms per message and connection, a
 * tenfold slowdown of a burst. nodemailer still does TLS (smtps) and the SMTP dialogue on the socket it is given.
 */
function openSocket(
  options: { host?: string; port?: number; secure?: boolean },
  callback: (err: Error | null, socketOptions?: { connection: Socket }) => void,
): void {
  const socket = connect({ host: options.host ?? 'localhost', port: options.port ?? (options.secure ? 465 : 587) });
  socket.setNoDelay(true);
  socket.setKeepAlive(true);
  const fail = (err: Error) => {
    clearTimeout(timer);
    socket.destroy();
    callback(err);
  };
  const timer = setTimeout(() => fail(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })), CONNECTION_TIMEOUT_MS);
  socket.once('error', fail);
  socket.once('connect', () => {
    clearTimeout(timer);
    socket.off('error', fail);
    callback(null, { connection: socket });
  });
}

/** The server's queue id from a "250 2.0.0 Ok: queued as ABC123" reply, when it gave one. */
function queueIdOf(response: string | undefined): string | undefined {
  const match = response === undefined ? null : /queued as\s+([^\s]+)/i.exec(response);
  return match?.[1];
}

/**
 * Creates the email channel on a nodemailer SMTP transport. Each notification mail carries a deterministic
 * Message-ID, `X-DBSBM-Notification` and RFC 8058 one-click `List-Unsubscribe` headers; SMTP errors are classified
 * into permanent (5xx) and retry (4xx, network), with the URL's password scrubbed from every reason.
 */
export function createEmailChannel(options: EmailChannelOptions): EmailChannel {
  const secrets = secretsOf(options.url);
  const common = {
    url: options.url,
    // Shorter than nodemailer's minutes-long defaults: a stuck server should turn into a retry, not hold a worker.
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    getSocket: openSocket,
  };
  // The transports are built here rather than by createTransport: given an object with a `url`, createTransport
  // keeps only what the URL says and silently drops pool, maxConnections and the timeouts.
  const transport =
    options.pool === false
      ? nodemailer.createTransport(new SMTPTransport(common))
      : nodemailer.createTransport(
          new SMTPPool({ ...common, pool: true, maxConnections: options.maxConnections ?? 5, maxMessages: Infinity }),
        );

  async function sendRaw(mail: RawMail): Promise<SendOutcome> {
    if (!ADDRESS.test(mail.to)) return { status: 'permanent', reason: `invalid recipient address` };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(mail.headers ?? {})) {
      if (/^[!-9;-~]+$/.test(name)) headers[name] = headerSafe(value, 2_000);
    }
    try {
      const info = await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: headerSafe(mail.subject),
        html: mail.html,
        text: mail.text,
        messageId: headerSafe(mail.messageId),
        // Chosen, not detected: nodemailer otherwise scans every part to pick quoted-printable or base64 (a tenth of
        // its time in a blast), and base64 is the cheaper of the two to encode.
        textEncoding: 'base64',
        headers,
      });
      const providerId = queueIdOf(info.response) ?? info.messageId;
      return providerId ? { status: 'delivered', providerId } : { status: 'delivered' };
    } catch (err) {
      return classifySmtpError(err, secrets);
    }
  }

  return {
    send(n, to, links) {
      const { subject, html, text } = renderEmail(n, links, { ...(options.productName ? { productName: options.productName } : {}) });
      return sendRaw({
        to,
        subject,
        html,
        text,
        messageId: notificationMessageId(n.id),
        headers: {
          'List-Unsubscribe': `<${links.unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'X-DBSBM-Notification': String(n.id),
        },
      });
    },
    sendRaw,
    close() {
      transport.close();
    },
  };
}
