/**
 * The web push channel (RFC 8030 delivery, RFC 8291 payload encryption, RFC 8292 VAPID), sent with web-push.
 * Every send passes its VAPID details and agent as options, so nothing here touches web-push's process-wide settings.
 */
import { createHash } from 'node:crypto';
import { Agent } from 'node:https';
import webpush, { type RequestOptions, type Urgency } from 'web-push';
import type { NotificationType, OutgoingNotification, SendOutcome, TrackingLinks } from './types.ts';

/** A browser's push subscription as stored: the endpoint and its two base64url keys. */
export interface PushSubscriptionKeys {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** The server's VAPID identity (from `loadOrCreateVapidKeys`). */
export interface VapidDetails {
  publicKey: string;
  privateKey: string;
  /** A `mailto:` or `https:` URL the push service can use to reach the operator. */
  subject: string;
}

/** Options of {@link createPushChannel}. */
export interface PushChannelOptions {
  vapid: VapidDetails;
  /** Extra CA certificates to trust (a private push service, as in tests); the public roots are used without it. */
  ca?: string | Buffer;
  /** Socket inactivity limit for one send (default 10 s). */
  timeoutMs?: number;
}

/** The push channel adapter. */
export interface PushChannel {
  /** Encrypts and posts one notification to one subscription; never throws for a delivery failure. */
  send(n: OutgoingNotification, subscription: PushSubscriptionKeys, links: TrackingLinks): Promise<SendOutcome>;
  /** Closes the kept-alive connections to push services. */
  close(): void;
}

/** Well under the 4,096-byte record push services accept once encryption overhead (~103 bytes) is added. */
export const MAX_PUSH_PAYLOAD_BYTES = 3000;
const DEFAULT_TIMEOUT_MS = 10_000;

/** How long a push service keeps an undelivered message: an odds move or kick-off is worthless once stale. */
const TTL_SECONDS: Partial<Record<NotificationType, number>> = { odds_alert: 900, game_starting: 1800 };
const DEFAULT_TTL_SECONDS = 86_400;

/** The TTL header for a notification type. */
export const pushTtl = (type: NotificationType): number => TTL_SECONDS[type] ?? DEFAULT_TTL_SECONDS;

/** Urgency (RFC 8030 §5.3): high wakes a sleeping phone, low lets it wait for a better moment. */
export const pushUrgency = (n: Pick<OutgoingNotification, 'critical' | 'type'>): Urgency =>
  n.critical ? 'high' : n.type === 'odds_alert' ? 'low' : 'normal';

/**
 * The Topic header (≤ 32 base64url characters): a newer odds alert with the same headline replaces one the device has
 * not fetched yet, instead of queueing both. Other types omit it, so each one is delivered.
 */
export function pushTopic(n: Pick<OutgoingNotification, 'type' | 'title'>): string | undefined {
  if (n.type !== 'odds_alert') return undefined;
  return `${n.type}-${createHash('sha256').update(n.title).digest('base64url').slice(0, 16)}`;
}

/** Longest prefix of `text` (with an ellipsis) for which `build` stays within the payload limit; null if none does. */
function fitText(text: string, build: (s: string) => string): string | null {
  const fits = (s: string) => Buffer.byteLength(build(s)) <= MAX_PUSH_PAYLOAD_BYTES;
  if (fits(text)) return text;
  const chars = [...text]; // by code point, so a cut never splits a surrogate pair
  let lo = 0;
  let hi = chars.length - 1;
  if (!fits('')) return null;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(`${chars.slice(0, mid).join('')}…`)) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${chars.slice(0, lo).join('')}…`;
}

/**
 * The JSON the service worker receives. Multi-byte text can pass the limit even within the 2,000-character body,
 * so the body is shortened first, then the title; null when even empty texts do not fit (a huge URL).
 */
export function pushPayload(n: OutgoingNotification, links: TrackingLinks, topic: string | undefined): string | null {
  const url = n.url ? links.click(n.url) : null;
  const build = (title: string, body: string) => JSON.stringify({ title, body, url, click: links.pushClick, tag: topic ?? null });
  const body = fitText(n.body, (b) => build(n.title, b));
  if (body !== null) return build(n.title, body);
  const title = fitText(n.title, (t) => build(t, ''));
  return title === null ? null : build(title, '');
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now. */
function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Maps a push service's refusal to what the dispatcher does next. */
function refusalOutcome(status: number, headers: Record<string, string | string[] | undefined>, body: string): SendOutcome {
  const reason = `push service answered ${status}${body ? `: ${body.slice(0, 200)}` : ''}`;
  // 404/410: the subscription expired or the user revoked permission; it will never work again.
  if (status === 404 || status === 410) return { status: 'permanent', reason, gone: true };
  if (status === 429 || status === 408 || status >= 500) {
    const after = retryAfterMs(headers['retry-after']);
    return after === undefined ? { status: 'retry', reason } : { status: 'retry', reason, retryAfterMs: after };
  }
  // 400 malformed, 401/403 VAPID refused, 413 too large and any other 4xx: the same request would fail again.
  return { status: 'permanent', reason };
}

/** A subscription that cannot be encrypted to is dead data; web-push would only reject it with a generic Error. */
function subscriptionProblem(s: PushSubscriptionKeys): string | undefined {
  let url: URL;
  try {
    url = new URL(s.endpoint);
  } catch {
    return 'push subscription endpoint is not a URL';
  }
  if (url.protocol !== 'https:') return 'push subscription endpoint is not https';
  if (!/^[A-Za-z0-9_-]+$/.test(s.p256dh) || Buffer.from(s.p256dh, 'base64url').length !== 65) return 'push subscription p256dh is not a 65-byte P-256 key';
  if (!/^[A-Za-z0-9_-]+$/.test(s.auth) || Buffer.from(s.auth, 'base64url').length < 16) return 'push subscription auth secret is shorter than 16 bytes';
  return undefined;
}

/**
 * Creates the push channel.
 * @throws Error when the VAPID details are unusable (checked now, so a bad key fails at start, not on every send).
 */
export function createPushChannel(options: PushChannelOptions): PushChannel {
  const { vapid } = options;
  // web-push validates the subject and both keys while signing; a throwaway audience makes it do so once up front.
  webpush.getVapidHeaders('https://push.invalid', vapid.subject, vapid.publicKey, vapid.privateKey, 'aes128gcm');
  // web-push passes `agent` to https.request (web-push-lib.js checks `instanceof https.Agent`); an own agent keeps
  // the extra CA to this channel and the connections reusable, without touching https.globalAgent.
  const agent = new Agent({ keepAlive: true, ...(options.ca === undefined ? {} : { ca: options.ca }) });
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    async send(n, subscription, links) {
      const problem = subscriptionProblem(subscription);
      if (problem) return { status: 'permanent', reason: problem, gone: true };
      const topic = pushTopic(n);
      const payload = pushPayload(n, links, topic);
      if (payload === null) return { status: 'permanent', reason: `push payload does not fit in ${MAX_PUSH_PAYLOAD_BYTES} bytes` };
      const requestOptions: RequestOptions = {
        vapidDetails: vapid,
        TTL: pushTtl(n.type),
        urgency: pushUrgency(n),
        agent,
        timeout,
        ...(topic ? { topic } : {}),
      };
      const sub = { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } };
      try {
        const result = await webpush.sendNotification(sub, payload, requestOptions);
        const location = result.headers.location;
        return typeof location === 'string' && location ? { status: 'delivered', providerId: location } : { status: 'delivered' };
      } catch (error) {
        if (error instanceof webpush.WebPushError) return refusalOutcome(error.statusCode, error.headers, error.body);
        // Everything else is the connection: refused, reset, TLS, or the socket timeout web-push raises.
        return { status: 'retry', reason: `push service unreachable: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
    close() {
      agent.destroy();
    },
  };
}
