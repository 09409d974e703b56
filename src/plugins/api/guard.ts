import { HttpProblem, type ApiGuard } from 'dbsbm';
import type { ApiContext } from './services/context.ts';
import { abandonIdempotent, beginIdempotent, finishIdempotent } from './services/idempotency.ts';
import { principalFor } from './services/keys.ts';
import { ACCESS_TOKEN_PREFIX, principalForAccessToken } from './services/access-tokens.ts';
import { looksLikeKey } from './services/key-secret.ts';
import { admitCall } from './services/rate-limit.ts';
import type { UsageWriter } from './services/usage-writer.ts';

/** The api plugin's guard: keys, the server's API access (Platinum), limits, usage and idempotency. */
export function apiGuard(ctx: ApiContext, usage: UsageWriter): ApiGuard {
  return {
    async authenticate(token, carrier) {
      if (carrier === 'query' && looksLikeKey(token)) {
        throw new HttpProblem(401, 'Unauthorized', 'An API key must not travel in a URL: logs, proxies and browser histories keep URLs. Send it as "Authorization: Bearer …", or mint a short-lived token with POST /api/v1/tokens and put that in the URL.', { code: 'API_KEY_IN_URL' });
      }
      const principal = token.startsWith(ACCESS_TOKEN_PREFIX) ? await principalForAccessToken(ctx, token) : await principalFor(ctx, token);
      if (!principal) return null;
      // A key outlives a plan: when the server's tier or settings turn the API off, its keys stop until it is on again.
      const gate = await ctx.gate(principal.guildId);
      if (!gate.ok) throw new HttpProblem(403, 'API not available', `${gate.message} API keys of this server work again once it is.`, { code: gate.identifier, ...(gate.requiredTier ? { requiredTier: gate.requiredTier } : {}) });
      return principal;
    },
    async admit(principal, call, res) {
      await admitCall(ctx, principal, call, res);
    },
    record: (record) => usage.push(record),
    beginIdempotent: (principal, key, fingerprint) => beginIdempotent(ctx, principal, key, fingerprint),
    finishIdempotent: (principal, key, fingerprint, response) => finishIdempotent(ctx, principal, key, fingerprint, response),
    abandonIdempotent: (principal, key) => abandonIdempotent(ctx, principal, key),
  };
}
