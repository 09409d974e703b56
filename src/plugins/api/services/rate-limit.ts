import type { HeaderSink } from 'dbsbm';
import { HttpProblem, type ApiPrincipal, type WindowCount } from 'dbsbm';
import type { ApiContext } from './context.ts';

/** Limits count requests per key over a minute that starts at the key's first request. */
export const RATE_WINDOW_MS = 60_000;

/** How long a refused write should wait while the shared counter store does not answer. */
const STORE_DOWN_RETRY_S = 5;

/**
 * Adds `weight` calls to the key's window and returns the count with the limit in force (see {@link admitCall} for
 * the policy while Redis is down). Used alone by calls that weigh more than one (a batch's operations).
 */
export async function countCalls(ctx: ApiContext, principal: ApiPrincipal, call: { write: boolean; weight: number }, res?: HeaderSink): Promise<{ hit: WindowCount; limit: number }> {
  const { apiRateLimit } = await ctx.guild(principal.guildId);
  const hit = await ctx.counters.hit(`rate:${principal.keyId}`, RATE_WINDOW_MS, call.weight);
  if (hit.where !== 'degraded') return { hit, limit: apiRateLimit };
  if (call.write) {
    res?.setHeader('retry-after', String(STORE_DOWN_RETRY_S));
    throw new HttpProblem(503, 'Service Unavailable', `Rate limits cannot be shared between instances right now (the counter store does not answer), so changes are refused rather than let through unlimited. Reads still work at a share of the limit; retry changes in ${STORE_DOWN_RETRY_S} seconds.`, { code: 'RATE_LIMIT_STORE_DOWN', retryAfter: STORE_DOWN_RETRY_S });
  }
  return { hit, limit: Math.max(1, Math.floor(apiRateLimit / (await ctx.counters.peers()))) };
}

/** What a call may use: the limit in force and whether it was counted exactly. */
export interface Admission {
  limit: number;
  remaining: number;
  resetS: number;
  exact: boolean;
}

/**
 * Counts a call against its key's `api_rate_limit` (per minute) and sets the rate-limit headers: the IETF
 * `RateLimit`/`RateLimit-Policy` fields (draft 8) and GitHub's `x-ratelimit-*`. Over the limit: 429 with
 * `Retry-After`. With Redis configured but not answering, the count cannot be shared: writes get 503 (never let
 * through unlimited) and reads are counted on this instance against its share of the limit (limit ÷ instances
 * seen in the last 30 s).
 */
export async function admitCall(ctx: ApiContext, principal: ApiPrincipal, call: { write: boolean; weight: number }, res: HeaderSink): Promise<Admission> {
  const { hit, limit } = await countCalls(ctx, principal, call, res);
  const resetS = Math.max(1, Math.ceil(hit.resetMs / 1000));
  const remaining = Math.max(0, limit - hit.count);
  res.setHeader('ratelimit-policy', `"per-key";q=${limit};w=${RATE_WINDOW_MS / 1000}`);
  res.setHeader('ratelimit', `"per-key";r=${remaining};t=${resetS}`);
  res.setHeader('x-ratelimit-limit', String(limit));
  res.setHeader('x-ratelimit-remaining', String(remaining));
  res.setHeader('x-ratelimit-used', String(Math.min(hit.count, limit)));
  res.setHeader('x-ratelimit-reset', String(Math.ceil((Date.now() + hit.resetMs) / 1000)));
  if (hit.count > limit) {
    res.setHeader('retry-after', String(resetS));
    throw new HttpProblem(429, 'Too Many Requests', `This key may make ${limit} requests a minute${hit.where === 'degraded' ? ' on this instance while the shared counter is down' : ''}, and has used them. Wait ${resetS} s (see Retry-After), or ask a server admin for a higher limit.`, { code: 'RATE_LIMITED', limit, retryAfter: resetS });
  }
  return { limit, remaining, resetS, exact: hit.where !== 'degraded' };
}

/**
 * Charges `weight` more calls to a key that already paid one for its request (a GraphQL query weighs by its cost):
 * refused with 429 when they do not fit, before anything runs.
 */
export async function chargeExtra(ctx: ApiContext, principal: ApiPrincipal, weight: number, write: boolean): Promise<void> {
  if (weight <= 0) return;
  const { hit, limit } = await countCalls(ctx, principal, { write, weight });
  if (hit.count > limit) {
    const resetS = Math.max(1, Math.ceil(hit.resetMs / 1000));
    throw new HttpProblem(429, 'Too Many Requests', `This request weighs ${weight + 1} calls and the key has fewer than that left of its ${limit} a minute. Wait ${resetS} s, or ask for less (a smaller \`first\`).`, { code: 'RATE_LIMITED', limit, retryAfter: resetS });
  }
}
