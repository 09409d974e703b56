import { Refusal, type ApiPrincipal, type ApiScope } from 'dbsbm';
import { z } from 'zod';
import { ApiKeySchema, type ApiKey } from '../entities/api-key.ts';
import type { ApiContext } from './context.ts';
import { forgetKeyId } from './access-tokens.ts';
import { hashKeySecret, looksLikeKey, newKeySecret } from './key-secret.ts';

/** Keys a server may hold at once (revoked and expired ones do not count). */
export const MAX_KEYS_PER_SERVER = 25;
/** The longest a rotated key keeps working beside its successor: one week. */
export const MAX_GRACE_MINUTES = 7 * 24 * 60;

const keyName = z.string().trim().min(1, 'Give the key a name (1 to 100 characters), e.g. "stats site".').max(100, 'A key name has at most 100 characters.');

/** A key as its server sees it: never the secret, only its last four characters. */
export interface KeyView {
  id: number;
  name: string;
  scope: ApiScope;
  last4: string;
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
  status: 'active' | 'expiring' | 'expired' | 'revoked';
  expiresAt: number | null;
}

export function keyView(key: ApiKey, now = Date.now()): KeyView {
  const status = key.revokedAt !== null ? 'revoked' : key.expiresAt === null ? 'active' : key.expiresAt > now ? 'expiring' : 'expired';
  return { id: key.id, name: key.name, scope: key.scope, last4: key.last4, createdBy: key.createdBy, createdAt: key.createdAt, lastUsedAt: key.lastUsedAt, status, expiresAt: key.expiresAt };
}

const usable = (key: ApiKey, now: number): boolean => key.revokedAt === null && (key.expiresAt === null || key.expiresAt > now);

/** Creates a key for a server; the secret is in the result and nowhere else, ever. */
export async function createKey(ctx: ApiContext, input: { guildId: string; name: string; scope: ApiScope; createdBy: string }): Promise<{ key: KeyView; secret: string }> {
  const parsed = keyName.safeParse(input.name);
  if (!parsed.success) throw new Refusal('INVALID_INPUT', parsed.error.issues[0]!.message);
  const secret = newKeySecret();
  const now = Date.now();
  const key = await ctx.em().transactional(async (em) => {
    const keys = await em.find(ApiKeySchema, { guildId: input.guildId, revokedAt: null });
    const live = keys.filter((k) => usable(k, now)).length;
    if (live >= MAX_KEYS_PER_SERVER) {
      throw new Refusal('LIMIT_REACHED', `This server already has ${live} working API keys, the most it may hold (${MAX_KEYS_PER_SERVER}).`, { next: 'Revoke one you no longer use with /api key revoke.' });
    }
    return em.create(ApiKeySchema, {
      guildId: input.guildId,
      name: parsed.data,
      scope: input.scope,
      secretHash: hashKeySecret(secret),
      last4: secret.slice(-4),
      createdBy: input.createdBy,
      createdAt: now,
      lastUsedAt: null,
      revokedAt: null,
      expiresAt: null,
      replacedBy: null,
    });
  });
  ctx.logger.info({ guildId: input.guildId, keyId: key.id, scope: key.scope, by: input.createdBy }, 'API key created');
  return { key: keyView(key, now), secret };
}

/** The server's keys, newest first (revoked and expired ones too, marked so). */
export async function listKeys(ctx: ApiContext, guildId: string): Promise<KeyView[]> {
  const keys = await ctx.em().find(ApiKeySchema, { guildId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  const now = Date.now();
  return keys.map((k) => keyView(k, now));
}

async function ownKey(em: ReturnType<ApiContext['em']>, guildId: string, id: number): Promise<ApiKey> {
  const key = await em.findOne(ApiKeySchema, { id, guildId });
  if (!key) throw new Refusal('NOT_FOUND', `This server has no API key #${id}.`, { next: 'See its keys with /api key list.' });
  return key;
}

/** Revokes a key at once, on every instance within a second. */
export async function revokeKey(ctx: ApiContext, guildId: string, id: number, by: string): Promise<KeyView> {
  const em = ctx.em();
  const key = await ownKey(em, guildId, id);
  if (key.revokedAt !== null) throw new Refusal('CONFLICT', `API key #${id} is already revoked.`);
  key.revokedAt = Date.now();
  await em.flush();
  await forget(ctx, key.secretHash, key.id);
  ctx.logger.info({ guildId, keyId: id, by }, 'API key revoked');
  return keyView(key);
}

/**
 * Replaces a key with a new one of the same name and scope; the old one keeps working for `graceMinutes` (0: stops
 * at once), so a service can switch without an outage.
 */
export async function rotateKey(ctx: ApiContext, guildId: string, id: number, graceMinutes: number, by: string): Promise<{ key: KeyView; secret: string; old: KeyView }> {
  if (!Number.isInteger(graceMinutes) || graceMinutes < 0 || graceMinutes > MAX_GRACE_MINUTES) {
    throw new Refusal('INVALID_INPUT', `The grace period is a whole number of minutes from 0 to ${MAX_GRACE_MINUTES} (one week).`);
  }
  const em = ctx.em();
  const old = await ownKey(em, guildId, id);
  const now = Date.now();
  if (!usable(old, now)) throw new Refusal('CONFLICT', `API key #${id} no longer works (revoked or expired): create a new one with /api key create.`);
  if (old.replacedBy !== null) throw new Refusal('CONFLICT', `API key #${id} was already rotated into #${old.replacedBy}; rotate that one instead.`);
  const secret = newKeySecret();
  const fresh = await em.transactional(async (tem) => {
    const created = tem.create(ApiKeySchema, {
      guildId,
      name: old.name,
      scope: old.scope,
      secretHash: hashKeySecret(secret),
      last4: secret.slice(-4),
      createdBy: by,
      createdAt: now,
      lastUsedAt: null,
      revokedAt: null,
      expiresAt: null,
      replacedBy: null,
    });
    await tem.flush();
    const row = await tem.findOneOrFail(ApiKeySchema, { id: old.id });
    row.expiresAt = now + graceMinutes * 60_000;
    row.replacedBy = created.id;
    return { created, row };
  });
  await forget(ctx, old.secretHash, old.id);
  ctx.logger.info({ guildId, keyId: id, newKeyId: fresh.created.id, graceMinutes, by }, 'API key rotated');
  return { key: keyView(fresh.created, now), secret, old: keyView(fresh.row, now) };
}

interface CachedKey {
  principal: ApiPrincipal;
  expiresAt: number | null;
}

// Per instance, a second at most: spares the shared cache a round trip on every call of a busy key, and a revoked
// key stops within that second everywhere.
const LOCAL_TTL_MS = 1_000;
const locals = new WeakMap<ApiContext, Map<string, { at: number; entry: CachedKey | null }>>();
const localOf = (ctx: ApiContext): Map<string, { at: number; entry: CachedKey | null }> => {
  let map = locals.get(ctx);
  if (!map) locals.set(ctx, (map = new Map()));
  return map;
};

async function forget(ctx: ApiContext, hash: string, keyId: number): Promise<void> {
  localOf(ctx).delete(hash);
  await ctx.cache.delete(`key:${hash}`);
  await forgetKeyId(ctx, String(keyId));
}

/** The caller a bearer token stands for, or null for anything that is not a working key. */
export async function principalFor(ctx: ApiContext, token: string): Promise<ApiPrincipal | null> {
  if (!looksLikeKey(token)) return null;
  const hash = hashKeySecret(token);
  const now = Date.now();
  const local = localOf(ctx);
  const hit = local.get(hash);
  let entry: CachedKey | null;
  if (hit && now - hit.at < LOCAL_TTL_MS) {
    entry = hit.entry;
  } else {
    const cached = await ctx.cache.wrap<{ entry: CachedKey | null }>(`key:${hash}`, 60_000, async () => ({ entry: await loadKey(ctx, hash) }));
    entry = cached.entry;
    if (local.size > 10_000) local.clear();
    local.set(hash, { at: now, entry });
  }
  if (!entry || (entry.expiresAt !== null && entry.expiresAt <= now)) return null;
  return entry.principal;
}

async function loadKey(ctx: ApiContext, hash: string): Promise<CachedKey | null> {
  const row = await ctx.data.get<{ id: number; guild_id: string; scope: ApiScope; created_by: string; revoked_at: number | null; expires_at: number | null }>(
    'select id, guild_id, scope, created_by, revoked_at, expires_at from api_keys where secret_hash = ?',
    [hash],
  );
  if (!row || row.revoked_at !== null) return null;
  return {
    principal: { keyId: String(row.id), guildId: String(row.guild_id), scope: row.scope, userId: String(row.created_by) },
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  };
}
