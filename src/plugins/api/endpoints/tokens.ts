import { defineRoute, type ApiRoute } from 'dbsbm';
import { z } from 'zod';
import type { ApiContext } from '../services/context.ts';
import { MAX_TOKEN_SECONDS, mintAccessToken } from '../services/access-tokens.ts';

/** `POST /api/v1/tokens`: a short-lived, read-only token for a browser's live stream (`?access_token=`). */
export function tokensEndpoint(ctx: ApiContext): ApiRoute {
  return defineRoute({
    method: 'post',
    path: '/tokens',
    root: true,
    operationId: 'createAccessToken',
    summary: 'Mint a short-lived read-only token to put in a URL (browser EventSource or WebSocket)',
    description:
      'Browsers cannot send an Authorization header from EventSource or WebSocket. Mint a token on your server with your API key and hand it to the page; it reads what the key reads, writes nothing, and stops with the key (revoked or rotated).',
    // Minting changes nothing and yields no more than the key reads: a read key may mint.
    scope: 'read',
    sensitive: true,
    body: z
      .object({ ttlSeconds: z.number().int().min(60).max(MAX_TOKEN_SECONDS).default(900).describe('How long the token lives, 60 to 3600 seconds.') })
      .default({ ttlSeconds: 900 }),
    response: z
      .object({
        token: z.string().describe('Put it in a URL as ?access_token=; it is a secret until it expires.'),
        expiresAt: z.string().describe('ISO time it stops working.'),
      })
      .meta({ id: 'AccessToken' }),
    status: 201,
    async handler({ principal, body }) {
      const { token, expiresAt } = await mintAccessToken(ctx, principal, body.ttlSeconds);
      return { token, expiresAt: new Date(expiresAt).toISOString() };
    },
  });
}
