/**
 * The only way the webhooks plugin talks to the outside world. Webhook URLs come from Discord admins, so every
 * request is treated as a potential SSRF attempt: the URL is validated, the address is checked on the IP that is
 * actually connected to (defeating DNS rebinding), redirects are not followed, and time and response size are bounded.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { checkPeer, guardedLookup, makeAllowCheck, normalizeHost } from './address-guard.ts';
import { isForbiddenAddress } from './ip-ranges.ts';
import { ALLOWED_HOSTS_OPTION, type KeepAliveAgents } from './keep-alive.ts';
import { SafeHttpError } from './safe-http-error.ts';

export { normalizeHost } from './address-guard.ts';
export { SafeHttpError, type SafeHttpErrorCode } from './safe-http-error.ts';

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
  /**
   * Keep-alive pools (services/keep-alive.ts) to send through; without them every request opens a fresh connection.
   * Either way each new connection is checked, and the peer of a reused one is checked again for this request.
   */
  agents?: KeepAliveAgents;
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
  const deadline = started + timeoutMs;
  const agent = init.agents ? (target.protocol === 'https:' ? init.agents.https : init.agents.http) : false;
  const attempt = (mayRetry: boolean): Promise<SafeResponse> =>
    new Promise<SafeResponse>((resolve, reject) => {
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

      const options = {
        method: 'POST',
        headers,
        // Without pools, a fresh connection per delivery; a pool's connect step runs the same check (keep-alive.ts).
        agent,
        lookup: guardedLookup(isAllowed),
        [ALLOWED_HOSTS_OPTION]: init.allowedHosts ?? [],
      } as http.RequestOptions;
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
        // Defence in depth, and for a pooled connection the check against this request's allow-list: whatever path led
        // here, never talk to a forbidden address that is not allow-listed.
        const check = (): void => {
          const refused = checkPeer(host, socket.remoteAddress, isAllowed);
          if (refused) fail(refused);
        };
        if (socket.connecting) socket.once('connect', check);
        else check();
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (response) {
          finish(true);
        } else if (mayRetry && !settled && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
          // The receiver closed an idle pooled connection as this request went out on it: nothing was answered, so
          // send it once more on a new connection (what Node's documentation advises for keep-alive clients).
          settled = true;
          clearTimeout(timer);
          resolve(attempt(false));
        } else {
          fail(toNetworkError(err, host));
        }
      });

      timer = setTimeout(
        () => {
          if (response) {
            finish(true);
            return;
          }
          fail(new SafeHttpError('TIMEOUT', `${host} did not answer within ${timeoutMs} ms.`));
        },
        Math.max(0, deadline - performance.now()),
      );

      req.end(body);
    });
  return attempt(agent !== false);
}
