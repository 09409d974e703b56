import type { Client } from 'openapi-fetch';
import { DbsbmError } from './errors.js';
import type { components, paths } from './schema.js';

/** A short-lived, read-only token for a browser's stream URL, and when it stops working (ISO time). */
export type AccessToken = components['schemas']['AccessToken'];

/**
 * Mints a short-lived, read-only token (`POST /api/v1/tokens`) with the client's API key, for a browser to put in
 * its stream URL as `?access_token=` (EventSource and WebSocket cannot send an `Authorization` header, and a key
 * never goes in a URL). Call it on your server and hand the page the token, never the key. The token reads what the
 * key reads and dies with it.
 * @param ttlSeconds How long it lives, 60 to 3600 seconds. @default 900
 * @throws {DbsbmError} the deployment's refusal (`API_KEY_INVALID`, `TOKEN_CANNOT_MINT`, …)
 * @example
 * // Your backend's route behind the page:
 * app.post('/stream-token', async (_req, res) => res.json(await mintToken(api, { ttlSeconds: 600 })));
 */
export async function mintToken(api: Client<paths>, options: { ttlSeconds?: number } = {}): Promise<AccessToken> {
  const { data, error, response } = await api.POST('/api/v1/tokens', { body: options.ttlSeconds === undefined ? {} : { ttlSeconds: options.ttlSeconds } });
  if (error !== undefined || data === undefined) throw DbsbmError.fromProblem(response.status, error);
  return data;
}
