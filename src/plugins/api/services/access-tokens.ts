import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpProblem, type ApiPrincipal } from 'dbsbm';
import type { ApiContext } from './context.ts';

/** Prefix of a short-lived token (what browsers put in a stream URL). */
export const ACCESS_TOKEN_PREFIX = 'dbsbm_st_';
const TOKEN = /^dbsbm_st_(\d{1,15})_(\d{10})_([A-Za-z0-9_-]{43})$/;
/** The longest a token lives: an hour. */
export const MAX_TOKEN_SECONDS = 3_600;

interface KeyForTokens {
  principal: ApiPrincipal;
  secretHash: string;
  usableUntil: number | null;
}

// A second per instance, like keys: revoking a key stops its tokens within that second everywhere.
const LOCAL_TTL_MS = 1_000;
const locals = new WeakMap<ApiContext, Map<string, { at: number; key: KeyForTokens | null }>>();

/**
 * The MAC of a token: keyed by the hash of the API key it was minted from, which never leaves the server, so a
 * token cannot be forged from anything a client holds, and dies with its key (revoked, or rotated past its grace).
 */
const mac = (secretHash: string, keyId: string, expires: number): string => createHmac('sha256', secretHash).update(`access-token.${keyId}.${expires}`).digest('base64url');

async function keyById(ctx: ApiContext, keyId: string): Promise<KeyForTokens | null> {
  let local = locals.get(ctx);
  if (!local) locals.set(ctx, (local = new Map()));
  const now = Date.now();
  const hit = local.get(keyId);
  if (hit && now - hit.at < LOCAL_TTL_MS) return hit.key;
  const { key } = await ctx.cache.wrap<{ key: KeyForTokens | null }>(`key-id:${keyId}`, 60_000, async () => {
    const row = await ctx.data.get<{ id: number; guild_id: string; scope: 'read' | 'write'; created_by: string; revoked_at: number | null; expires_at: number | null; secret_hash: string }>(
      'select id, guild_id, scope, created_by, revoked_at, expires_at, secret_hash from api_keys where id = ?',
      [Number(keyId)],
    );
    if (!row || row.revoked_at !== null) return { key: null };
    return {
      key: {
        principal: { keyId: String(row.id), guildId: String(row.guild_id), scope: row.scope, userId: String(row.created_by) },
        secretHash: row.secret_hash,
        usableUntil: row.expires_at === null ? null : Number(row.expires_at),
      },
    };
  });
  if (local.size > 10_000) local.clear();
  local.set(keyId, { at: now, key });
  return key;
}

/** Forgets what this instance and the shared cache know of a key (revoked or rotated). */
export async function forgetKeyId(ctx: ApiContext, keyId: string): Promise<void> {
  locals.get(ctx)?.delete(keyId);
  await ctx.cache.delete(`key-id:${keyId}`);
}

/**
 * Mints a read-only token for the caller's key, living `ttlSeconds` (never past the key's own end). For browsers,
 * whose EventSource and WebSocket cannot send an `Authorization` header: the token travels as `?access_token=`.
 */
export async function mintAccessToken(ctx: ApiContext, principal: ApiPrincipal, ttlSeconds: number): Promise<{ token: string; expiresAt: number }> {
  // A token minting tokens would outlive the hour it was given; only the key itself may mint.
  if (principal.token) throw new HttpProblem(403, 'Forbidden', 'A token cannot mint another token: mint it with the API key itself, on your server.', { code: 'TOKEN_CANNOT_MINT' });
  const key = await keyById(ctx, principal.keyId);
  if (!key) throw new HttpProblem(401, 'Unauthorized', 'This API key no longer works.', { code: 'API_KEY_INVALID' });
  let expires = Math.floor(Date.now() / 1000) + ttlSeconds;
  if (key.usableUntil !== null) expires = Math.min(expires, Math.floor(key.usableUntil / 1000));
  const token = `${ACCESS_TOKEN_PREFIX}${principal.keyId}_${expires}_${mac(key.secretHash, principal.keyId, expires)}`;
  return { token, expiresAt: expires * 1000 };
}

/** The read-only caller a token stands for, or null (malformed, forged, expired, or its key gone). */
export async function principalForAccessToken(ctx: ApiContext, token: string): Promise<ApiPrincipal | null> {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const [, keyId, exp, given] = m as unknown as [string, string, string, string];
  const expires = Number(exp);
  const now = Date.now();
  if (expires * 1000 <= now) return null;
  const key = await keyById(ctx, keyId);
  if (!key || (key.usableUntil !== null && key.usableUntil <= now)) return null;
  const expected = Buffer.from(mac(key.secretHash, keyId, expires));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { ...key.principal, scope: 'read', token: true };
}
