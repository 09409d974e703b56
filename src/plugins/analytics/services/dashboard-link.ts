import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const claims = z.object({ g: z.string().regex(/^\d{5,25}$/), u: z.string().regex(/^\d{5,25}$/), e: z.number().int() });
export type DashboardClaims = z.output<typeof claims>;

const sign = (secret: string, body: string): string => createHmac('sha256', secret).update(`dashboard.${body}`).digest('base64url');

/** A link token for one server's dashboard: who asked, which server, until when. Signed, so it cannot be edited. */
export function createDashboardToken(secret: string, input: { guildId: string; userId: string; expiresAt: number }): string {
  const body = Buffer.from(JSON.stringify({ g: input.guildId, u: input.userId, e: Math.floor(input.expiresAt) })).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export type TokenCheck = { ok: true; claims: DashboardClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a token's signature (in constant time) and expiry. */
export function verifyDashboardToken(secret: string, token: string | undefined, now = Date.now()): TokenCheck {
  if (!token || token.length > 512) return { ok: false, reason: 'invalid' };
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const result = claims.safeParse(parsed);
  if (!result.success) return { ok: false, reason: 'invalid' };
  if (result.data.e <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims: result.data };
}
