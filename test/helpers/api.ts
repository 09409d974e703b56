import type { App } from '../../src/core/app.ts';
import type { ApiScope } from '../../src/core/api/route.ts';
import type { ApiContext } from '../../src/plugins/api/services/context.ts';
import { createKey } from '../../src/plugins/api/services/keys.ts';

let made = 0;

/** A working key of `guildId` (the api plugin must be loaded, and the server on Platinum for it to be let in). */
export async function issueKey(app: App, guildId: string, options: { scope?: ApiScope; userId?: string; name?: string } = {}): Promise<string> {
  const ctx = app.contextOf('api') as ApiContext | undefined;
  if (!ctx) throw new Error('issueKey needs the api plugin (src/plugins/api/index.ts) among the app’s plugins');
  const { secret } = await createKey(ctx, { guildId, name: options.name ?? `test key ${++made}`, scope: options.scope ?? 'write', createdBy: options.userId ?? '100000000000000001' });
  return secret;
}

/** What an API call answered: status, parsed JSON body (or text), and headers. */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One real HTTP call to the app's API. */
export async function apiCall<T = unknown>(app: App, key: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
  const res = await fetch(`http://127.0.0.1:${app.port}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, body: (type.includes('json') && text ? JSON.parse(text) : text) as T, headers: res.headers };
}

/** Headers with a working key: puts `guildId` on Platinum (the API's tier) and issues a write key for it. */
export async function keyHeaders(app: App, guildId = '100000000000000099'): Promise<Record<string, string>> {
  await app.settings.setTier(guildId, 'platinum');
  return { authorization: `Bearer ${await issueKey(app, guildId)}` };
}
