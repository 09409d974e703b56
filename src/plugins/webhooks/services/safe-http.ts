/**
 * The only way the webhooks plugin talks to the outside world. Webhook URLs come from Discord admins, so every
 * request is treated as a potential SSRF attempt: the URL is validated, the address is checked on the IP that is
 * actually connected to (defeating DNS rebinding), redirects are not followed, and time and response size are bounded.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { isForbiddenAddress } from './ip-ranges.ts';

/** Why {@link safePost} failed. */
export type SafeHttpErrorCode = 'BAD_URL' | 'FORBIDDEN_ADDRESS' | 'TIMEOUT' | 'TOO_LARGE' | 'NETWORK';

/**
 * A delivery attempt that produced no HTTP response. `code` says why:
 * - `BAD_URL`: the URL is unusable (syntax, scheme, credentials, length).
 * - `FORBIDDEN_ADDRESS`: the host is or resolves to a private/loopback/reserved address and is not allow-listed.
 * - `TIMEOUT`: no response headers within the time limit.
 * - `TOO_LARGE`: the response headers exceeded Node's header size limit (an oversized *body* is not an error, see
 *   {@link SafeResponse.truncated}).
 * - `NETWORK`: DNS, connection, TLS or protocol failure.
 */
export class SafeHttpError extends Error {
  override readonly name = 'SafeHttpError';

  /**
   * @param code - The failure category.
   * @param message - A human-readable explanation.
   * @param options - Optionally the underlying error as `cause`.
   */
  constructor(
    readonly code: SafeHttpErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What came back from a delivery. */
export interface SafeResponse {
  /** HTTP status code; a 3xx is reported as-is because redirects are never followed. */
  status: number;
  /** Response headers with lower-case names; repeated headers are joined with ", ". */
  headers: Record<string, string>;
  /** The first ≤ 1 KiB of the body decoded as UTF-8, for showing to admins when a delivery fails. */
  bodyExcerpt: string;
  /** Milliseconds from the start of the request until the body was read (or reading stopped). */
  latencyMs: number;
  /**
   * True when reading stopped before the body ended: it exceeded `maxResponseBytes`, the time limit ran out after
   * the headers arrived, or the connection broke mid-body. The status is still what the receiver answered.
   */
  truncated: boolean;
}

/** Options for {@link safePost}. */
export interface SafePostInit {
  /** The request body, sent as-is (UTF-8). */
  body: string;
  /** Request headers; `content-length` is always computed from the body. */
  headers: Record<string, string>;
  /** Total time limit in ms covering DNS, connect, TLS and the response. Default 15000. */
  timeoutMs?: number;
  /** Stop reading the response body after this many bytes. Default 64 KiB. */
  maxResponseBytes?: number;
  /** Exact host names or IPs that may be private/loopback and may use http (from WEBHOOK_ALLOWED_HOSTS). */
  allowedHosts?: string[];
  /** Allow `http:` URLs for any host (for development). */
  allowHttp?: boolean;
}

/** Options for {@link validateWebhookUrl}. */
export interface ValidateWebhookUrlOptions {
  /** Exact host names or IPs that may be private/loopback and may use http. */
  allowedHosts?: string[];
  /** Allow `http:` URLs for any host. */
  allowHttp?: boolean;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
const EXCERPT_BYTES = 1024;
const MAX_URL_LENGTH = 2048;

/**
 * Canonical form for comparing hosts, so an allow-list entry matches the URL's host name and the address actually
 * resolved or connected to however each is written: case, URL brackets and a trailing root dot do not make another
 * host; addresses take the URL parser's form (`0:0:0:0:0:0:0:1` is `::1`, `127.1` is `127.0.0.1`) and an IPv4
 * address mapped into IPv6 (`::ffff:10.0.0.5`, how a dual-stack socket reports an IPv4 peer) is that IPv4 address.
 */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (isIP(h) === 6) {
    h = new URL(`http://[${h}]/`).hostname.slice(1, -1);
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
    if (mapped) {
      const [hi, lo] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
      h = `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
    }
  } else if (/^[0-9a-fx.]+$/.test(h)) {
    // Numeric IPv4 shorthands (127.1, 0x7f.1, 2130706433) are addresses to the URL parser; compare them as such.
    try {
      const parsed = new URL(`http://${h}/`).hostname;
      if (isIP(parsed) === 4) h = parsed;
    } catch {
      // Not an address after all (a name made of hex letters): keep it as a name.
    }
  }
  return h;
}

/** Whether a host name (from the URL) or an IP (from DNS or the socket) is on the allow-list. */
function makeAllowCheck(allowedHosts: readonly string[] | undefined): (host: string) => boolean {
  const allowed = new Set((allowedHosts ?? []).map(normalizeHost).filter((h) => h !== ''));
  return (host) => allowed.has(normalizeHost(host));
}

type CheckResult = { ok: true; url: URL } | { ok: false; code: 'BAD_URL' | 'FORBIDDEN_ADDRESS'; message: string };

function checkUrl(raw: string, opts: ValidateWebhookUrlOptions): CheckResult {
  const bad = (message: string): CheckResult => ({ ok: false, code: 'BAD_URL', message });
  const trimmed = raw.trim();
  if (trimmed.length > MAX_URL_LENGTH) {
    return bad(`That URL is ${trimmed.length} characters long; webhook URLs can be at most ${MAX_URL_LENGTH}. Use a shorter URL.`);
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return bad('That is not a valid URL. Paste the full address of your webhook receiver, starting with https://');
  }
  const isAllowed = makeAllowCheck(opts.allowedHosts);
  const host = normalizeHost(url.hostname);
  if (url.protocol === 'http:') {
    if (!opts.allowHttp && !isAllowed(host)) {
      return bad('Webhook URLs must use https:// so deliveries are encrypted. Change http:// to https:// (your receiver needs a TLS certificate).');
    }
  } else if (url.protocol !== 'https:') {
    return bad(`Webhook URLs must start with https:// (this one uses ${url.protocol.replace(/:$/, '')}). Use the https address of your receiver.`);
  }
  if (url.username !== '' || url.password !== '') {
    return bad('Remove the username and password from the URL: they would be sent in plain sight to every log. Receivers authenticate deliveries by checking the webhook signature instead.');
  }
  if (host === '') {
    return bad('The URL has no host name. Use the full address of your receiver, e.g. https://example.com/webhooks');
  }
  if (!isAllowed(host)) {
    // RFC 6761: every *.localhost name is loopback, so these can be refused without asking DNS.
    if (host === 'localhost' || host.endsWith('.localhost')) {
      return {
        ok: false,
        code: 'FORBIDDEN_ADDRESS',
        message: `"${host}" points at the bot's own machine, which webhooks may not call. Use a public address of your receiver (the bot owner can allow it via WEBHOOK_ALLOWED_HOSTS).`,
      };
    }
    if (isIP(host) !== 0 && isForbiddenAddress(host)) {
      return {
        ok: false,
        code: 'FORBIDDEN_ADDRESS',
        message: `${host} is a private, local or reserved address, which webhooks may not call. Use a public address of your receiver (the bot owner can allow it via WEBHOOK_ALLOWED_HOSTS).`,
      };
    }
  }
  return { ok: true, url };
}

/**
 * Validates a webhook URL where an admin enters it, with messages that say what is wrong and what to do.
 *
 * Checks: length ≤ 2048, parseable, `https:` (or `http:` when `allowHttp` or the host is allow-listed), no
 * credentials, a host name, and no literal private/reserved IP or `localhost` unless allow-listed. Host names are not
 * resolved here — that check happens when connecting (see {@link safePost}), because DNS can change in between.
 *
 * @param url - The URL as typed.
 * @param opts - The allow-list and whether plain http is allowed.
 */
export function validateWebhookUrl(
  url: string,
  opts: ValidateWebhookUrlOptions,
): { ok: true; url: URL } | { ok: false; message: string } {
  const result = checkUrl(url, opts);
  return result.ok ? result : { ok: false, message: result.message };
}

function forbiddenAddressError(host: string, address: string): SafeHttpError {
  return new SafeHttpError(
    'FORBIDDEN_ADDRESS',
    `${host} resolves to ${address}, a private, local or reserved address, which webhooks may not call.`,
  );
}

/**
 * A socket `lookup` that resolves all addresses and refuses the connection if any is forbidden. Checking *all* of
 * them (not just the first) matters because Node may fall back to the next address when the first fails to connect
 * (autoSelectFamily), and a rebinding DNS server can put a private address anywhere in the list.
 */
function guardedLookup(isAllowed: (host: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    // Looked up through the module object (not a destructured import) so tests can simulate DNS answers.
    dns.lookup(hostname, { all: true, family: options.family, hints: options.hints }, (err, addresses) => {
      if (err) {
        callback(err, '');
        return;
      }
      if (!isAllowed(hostname)) {
        const bad = addresses.find((a) => isForbiddenAddress(a.address) && !isAllowed(a.address));
        if (bad) {
          callback(forbiddenAddressError(hostname, bad.address), '');
          return;
        }
      }
      if (options.all) {
        callback(null, addresses);
        return;
      }
      const first = addresses[0];
      if (!first) {
        callback(new SafeHttpError('NETWORK', `${hostname} has no addresses.`), '');
        return;
      }
      callback(null, first.address, first.family);
    });
  };
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function toNetworkError(err: unknown, host: string): SafeHttpError {
  if (err instanceof SafeHttpError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'HPE_HEADER_OVERFLOW') {
    return new SafeHttpError('TOO_LARGE', `${host} answered with response headers larger than allowed.`, { cause: err });
  }
  const detail = e.code ? `${e.code}: ${e.message}` : String(e.message ?? err);
  return new SafeHttpError('NETWORK', `Could not reach ${host} (${detail}).`, { cause: err });
}

/**
 * POSTs a webhook delivery with SSRF protections.
 *
 * - Only `https:` (or `http:` with `allowHttp` or an allow-listed host); no credentials in the URL.
 * - The resolved address is checked when connecting, so a DNS answer that changes after validation does not help;
 *   literal IP hosts are checked before connecting. Allow-listed hosts (and allow-listed IPs they resolve to) skip
 *   the check.
 * - Redirects are never followed: a 3xx is returned like any other status.
 * - At most `maxResponseBytes` of the body are read; then the connection is destroyed and the response is returned
 *   with `truncated: true` (the status is what matters to the delivery code, not the body).
 * - `timeoutMs` bounds the whole exchange. Without response headers by then it fails with `TIMEOUT`; if the headers
 *   arrived but the body is still trickling, the response is returned with `truncated: true`.
 *
 * @param url - The webhook URL.
 * @param init - Body, headers and limits.
 * @returns The response status, headers and a body excerpt.
 * @throws SafeHttpError when no HTTP response was obtained.
 */
export function safePost(url: string, init: SafePostInit): Promise<SafeResponse> {
  const checked = checkUrl(url, { allowedHosts: init.allowedHosts, allowHttp: init.allowHttp });
  if (!checked.ok) return Promise.reject(new SafeHttpError(checked.code, checked.message));
  const target = checked.url;
  const host = normalizeHost(target.hostname);
  const isAllowed = makeAllowCheck(init.allowedHosts);
  const timeoutMs = init.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = init.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const body = Buffer.from(init.body, 'utf8');

  // Caller headers first, then the length we computed, so a stale content-length can never desynchronise the body.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers)) {
    const lower = name.toLowerCase();
    if (lower !== 'content-length' && lower !== 'transfer-encoding' && lower !== 'host') headers[name] = value;
  }
  headers['content-length'] = String(body.length);

  const started = performance.now();
  return new Promise<SafeResponse>((resolve, reject) => {
    let settled = false;
    let response: http.IncomingMessage | undefined;
    let status = 0;
    let responseHeaders: Record<string, string> = {};
    const decoder = new StringDecoder('utf8');
    let excerpt = '';
    let excerptBytes = 0;
    let received = 0;
    let timer: NodeJS.Timeout | undefined;

    const finish = (truncated: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        status,
        headers: responseHeaders,
        bodyExcerpt: excerpt,
        latencyMs: Math.round(performance.now() - started),
        truncated,
      });
      // Destroying (not just pausing) releases the socket at once, so an endless body cannot keep it open.
      if (truncated) req.destroy();
    };
    const fail = (err: SafeHttpError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(err);
      req.destroy();
    };

    const options: http.RequestOptions = {
      method: 'POST',
      headers,
      // A fresh connection per delivery: a pooled socket would skip the connect-time address check.
      agent: false,
      lookup: guardedLookup(isAllowed),
    };
    const onResponse = (res: http.IncomingMessage): void => {
      response = res;
      status = res.statusCode ?? 0;
      responseHeaders = flattenHeaders(res.headers);
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        received += chunk.length;
        if (excerptBytes < EXCERPT_BYTES) {
          const part = chunk.subarray(0, EXCERPT_BYTES - excerptBytes);
          excerptBytes += part.length;
          excerpt += decoder.write(part);
        }
        // Only the excerpt is kept, so memory stays bounded; the cap bounds bandwidth and time spent reading.
        if (received > maxResponseBytes) finish(true);
      });
      res.on('end', () => {
        excerpt += decoder.end();
        finish(false);
      });
      // The connection broke after the headers: the receiver did answer, so report what it answered. (After a normal
      // 'end' this is a no-op because the promise has already settled.)
      res.on('error', () => finish(true));
      res.on('close', () => finish(true));
    };
    const req =
      target.protocol === 'https:' ? https.request(target, options, onResponse) : http.request(target, options, onResponse);

    req.on('socket', (socket: Socket) => {
      // Defence in depth: whatever path led here, never talk to a forbidden address that is not allow-listed.
      socket.once('connect', () => {
        const remote = socket.remoteAddress;
        if (remote !== undefined && !isAllowed(host) && !isAllowed(remote) && isForbiddenAddress(remote)) {
          fail(forbiddenAddressError(host, remote));
        }
      });
    });
    req.on('error', (err) => {
      if (response) finish(true);
      else fail(toNetworkError(err, host));
    });

    timer = setTimeout(() => {
      if (response) {
        finish(true);
        return;
      }
      fail(new SafeHttpError('TIMEOUT', `${host} did not answer within ${timeoutMs} ms.`));
    }, timeoutMs);

    req.end(body);
  });
}
