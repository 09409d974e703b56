import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ChannelName, NotificationType, TrackingLinks } from '../channels/types.ts';

/** What a signed link does: record a click and redirect, record an open, unsubscribe, record a push click, confirm an address, open the push page. */
export type LinkAction = 'click' | 'open' | 'unsubscribe' | 'push-click' | 'confirm' | 'push-page';

const claimsSchema = z.object({
  a: z.enum(['click', 'open', 'unsubscribe', 'push-click', 'confirm', 'push-page']),
  /** notification id (0 when none: confirm, push page) */
  n: z.number().int().min(0),
  g: z.string().max(32),
  u: z.string().max(32).nullable(),
  t: z.string().max(32),
  c: z.string().max(16),
  /** redirect target (click) or confirmation code (confirm) */
  x: z.string().max(2048).optional(),
  /** expiry, epoch seconds */
  e: z.number().int(),
});
export type LinkClaims = z.output<typeof claimsSchema>;

const sign = (secret: string, body: string): string => createHmac('sha256', secret).update(`notifications.${body}`).digest('base64url');

/** Signs `claims` into a URL-safe token; nobody without the secret can make or alter one (no open redirect through click links). */
export function signLink(secret: string, claims: LinkClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** The claims of a token made by {@link signLink}, or null if it is forged, altered or expired. */
export function verifyLink(secret: string, token: string, now = Date.now()): LinkClaims | null {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return null;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims = claimsSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return claims.success && claims.data.e * 1000 > now ? claims.data : null;
  } catch {
    return null;
  }
}

// Mail is read long after it is sent; an unsubscribe link must still work months later (RFC 8058 asks it to keep working).
const LINK_DAYS = 180;

/** The tracking and unsubscribe links of one notification on one channel. */
export function trackingLinks(
  base: string,
  secret: string,
  n: { id: number; guildId: string; userId: string | null; type: NotificationType },
  channel: ChannelName,
  now = Date.now(),
): TrackingLinks {
  const claims = (a: LinkAction, x?: string): LinkClaims => ({ a, n: n.id, g: n.guildId, u: n.userId, t: n.type, c: channel, e: Math.floor(now / 1000) + LINK_DAYS * 86_400, ...(x === undefined ? {} : { x }) });
  const url = (a: LinkAction, x?: string): string => `${base}/n/${a}/${signLink(secret, claims(a, x))}`;
  return { click: (target) => url('click', target), openPixel: url('open'), unsubscribe: url('unsubscribe'), pushClick: url('push-click') };
}
