import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** What the sink keeps of every accepted mail, parsed or not: the envelope and two raw headers. */
export interface SinkHead {
  /** The SMTP session (one per client connection): how many a pooled client opened. */
  session: string;
  /** RCPT TO addresses of the envelope. */
  rcpt: string[];
  /** The raw `Message-ID` header value (with its angle brackets), '' when absent. */
  messageId: string;
  /** The raw `To` header value, '' when absent. */
  to: string;
}

export interface SmtpSinkOptions {
  /** Answers RCPT TO for `rcpt` with this SMTP code and text instead of accepting it (e.g. 550 or 451). */
  reject?: (rcpt: string) => { code: number; message: string } | undefined;
  /**
   * Parse each mail with mailparser (default true). A benchmark sending thousands turns it off: then `mails` stays
   * empty and only `heads`/`received` grow, and `waitFor` waits on `received`.
   */
  parse?: boolean;
  /** Largest accepted message in bytes (default 5 MB); bigger ones are answered 552. */
  sizeLimit?: number;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:{port}`: plain SMTP, no STARTTLS; auth optional, any credentials accepted. */
  url: string;
  port: number;
  /** Parsed mails in the order their parsing finished (empty with `parse: false`). */
  mails: ParsedMail[];
  /** One entry per accepted mail, in arrival order. */
  heads: SinkHead[];
  /** Mails accepted and (when parsing) parsed. */
  readonly received: number;
  /** Resolves with `mails` once `count` mails were received; rejects after `timeoutMs` (default 10 s). */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** Stops listening and drops open client connections (a pooled client would otherwise keep them). */
  close(): Promise<void>;
}

/** The value of header `name` in a raw header block (unfolded), '' when missing. */
function rawHeader(head: string, name: string): string {
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return match ? match[1].replace(/\r?\n[ \t]+/g, ' ').trim() : '';
}

/** Starts an SMTP server on 127.0.0.1 (random port) that accepts and records every mail. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const parse = options.parse ?? true;
  const mails: ParsedMail[] = [];
  const heads: SinkHead[] = [];
  let received = 0;
  const waiters = new Set<{ count: number; resolve: () => void }>();

  const arrived = () => {
    received++;
    for (const w of waiters) {
      if (received >= w.count) {
        waiters.delete(w);
        w.resolve();
      }
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Every client is 127.0.0.1: a reverse DNS lookup per connection would only add latency.
    disableReverseLookup: true,
    size: options.sizeLimit ?? 5 * 1024 * 1024,
    // A pooled client keeps idle connections open: closing must not wait the default 30 s for them.
    closeTimeout: 100,
    // Any user/password is accepted (over plain TCP too), so a URL with credentials works against the sink.
    allowInsecureAuth: true,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'sink' });
    },
    onRcptTo(address, _session, callback) {
      const answer = options.reject?.(address.address);
      if (answer === undefined) return callback();
      const err = Object.assign(new Error(answer.message), { responseCode: answer.code });
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err: Error) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const end = raw.indexOf('\r\n\r\n');
        const head = raw.subarray(0, end === -1 ? raw.length : end).toString('latin1');
        heads.push({ session: session.id, rcpt: session.envelope.rcptTo.map((r) => r.address), messageId: rawHeader(head, 'Message-ID'), to: rawHeader(head, 'To') });
        callback();
        if (!parse) return arrived();
        simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true }).then(
          (mail) => {
            mails.push(mail);
            arrived();
          },
          // A mail the parser cannot read still counts, or a waitFor would hang on it.
          () => arrived(),
        );
      });
    },
  });

  // Connection-level errors (a client that resets) are emitted on the server; unhandled they would end the test run.
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    heads,
    get received() {
      return received;
    },
    waitFor(count, timeoutMs = 10_000) {
      if (received >= count) return Promise.resolve(mails);
      return new Promise((resolve, reject) => {
        const waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(mails);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`smtp sink: ${received} of ${count} mails after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
