import { HttpProblem, type ApiPrincipal, type StoredResponse } from 'dbsbm';
import type { ApiContext } from './context.ts';

/** How long a response is kept for retries with the same `Idempotency-Key` (Stripe's 24 hours). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** A first call still `running` after this long is taken to have died with its instance: a retry may run again. */
const STALE_RUNNING_MS = 60_000;

interface Row {
  fingerprint: string;
  state: 'running' | 'done';
  status_code: number | null;
  response_body: string | null;
  created_at: number;
}

/**
 * Claims an idempotency key for a request: null when this call should run (the key is new, expired, or its first
 * call died), the stored response when the same request already completed. The same key with another request is
 * refused (422), and so is a retry while the first call runs (409).
 */
export async function beginIdempotent(ctx: ApiContext, principal: ApiPrincipal, key: string, fingerprint: string): Promise<StoredResponse | null> {
  const now = Date.now();
  const keyId = Number(principal.keyId);
  const insert =
    ctx.data.dialect === 'sqlite'
      ? 'insert into api_idempotency (key_id, idempotency_key, fingerprint, state, created_at) values (?, ?, ?, ?, ?) on conflict do nothing'
      : 'insert ignore into api_idempotency (key_id, idempotency_key, fingerprint, state, created_at) values (?, ?, ?, ?, ?)';
  const claimed = await ctx.data.run(insert, [keyId, key, fingerprint, 'running', now]);
  if (claimed.changes === 1) return null;
  const row = await ctx.data.get<Row>('select fingerprint, state, status_code, response_body, created_at from api_idempotency where key_id = ? and idempotency_key = ?', [keyId, key]);
  if (!row) return beginIdempotent(ctx, principal, key, fingerprint);
  const age = now - Number(row.created_at);
  const expired = age >= IDEMPOTENCY_TTL_MS;
  const died = row.state === 'running' && age >= STALE_RUNNING_MS;
  if (expired || died) {
    // Only one retry takes it over: the update matches the row as it was read.
    const taken = await ctx.data.run('update api_idempotency set fingerprint = ?, state = ?, status_code = null, response_body = null, created_at = ? where key_id = ? and idempotency_key = ? and created_at = ?', [
      fingerprint,
      'running',
      now,
      keyId,
      key,
      row.created_at,
    ]);
    if (taken.changes === 1) return null;
    throw inFlight();
  }
  if (row.fingerprint !== fingerprint) {
    throw new HttpProblem(422, 'Unprocessable Content', 'This Idempotency-Key was already used with a different request (another path or body). Use a new key for a new request.', { code: 'IDEMPOTENCY_KEY_REUSED' });
  }
  if (row.state === 'running') throw inFlight();
  return { status: Number(row.status_code), body: JSON.parse(row.response_body ?? 'null') as unknown };
}

const inFlight = (): HttpProblem =>
  new HttpProblem(409, 'Conflict', 'A request with this Idempotency-Key is still being processed. Retry in a moment to get its response.', { code: 'IDEMPOTENCY_KEY_IN_USE' });

/** Keeps the response of a claimed key, for retries within 24 hours. */
export async function finishIdempotent(ctx: ApiContext, principal: ApiPrincipal, key: string, fingerprint: string, response: StoredResponse): Promise<void> {
  await ctx.data.run('update api_idempotency set state = ?, status_code = ?, response_body = ? where key_id = ? and idempotency_key = ? and fingerprint = ?', [
    'done',
    response.status,
    JSON.stringify(response.body ?? null),
    Number(principal.keyId),
    key,
    fingerprint,
  ]);
}

/** Frees a claimed key whose call failed, so that a retry runs again (failures are not replayed). */
export async function abandonIdempotent(ctx: ApiContext, principal: ApiPrincipal, key: string): Promise<void> {
  await ctx.data.run("delete from api_idempotency where key_id = ? and idempotency_key = ? and state = 'running'", [Number(principal.keyId), key]);
}

/** Drops responses older than 24 hours (a daily job). */
export async function purgeIdempotency(ctx: ApiContext, now = Date.now()): Promise<number> {
  return (await ctx.data.run('delete from api_idempotency where created_at < ?', [now - IDEMPOTENCY_TTL_MS])).changes;
}
