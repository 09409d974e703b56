import type { Response } from 'express';
import type { ApiScope } from './route.ts';

/** Who is calling: an API key, which sees exactly one server. @since 1.2.0 */
export interface ApiPrincipal {
  /** The key's public id (never the secret). */
  readonly keyId: string;
  readonly guildId: string;
  readonly scope: ApiScope;
  /** The member who created the key: the API acts as them where a rule needs a member (placing a bet). */
  readonly userId: string;
}

/** One finished call, as the guard records it. @since 1.2.0 */
export interface ApiUsageRecord {
  readonly principal: ApiPrincipal;
  readonly method: string;
  /** The route pattern (`/api/v1/betting/bets/:betId`), never the URL, so no id or secret of the caller is kept. */
  readonly endpoint: string;
  readonly status: number;
  readonly durationMs: number;
  readonly at: number;
  /** What was asked, secrets removed (query fields and the body's field names). */
  readonly requestData: Record<string, unknown>;
}

/** A response kept for an `Idempotency-Key`, replayed to a retry of the same request. */
export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * What turns a bearer key into a caller and decides whether the call may proceed. Provided by one plugin (the
 * `api` plugin) through `apiGuard`; without one, every `/api/v1` route not declared public answers 401.
 * @since 1.2.0
 */
export interface ApiGuard {
  /** The caller a key stands for; null for an unknown, revoked or expired key. May throw a refusal (403) for a key whose server lost API access. */
  authenticate(token: string): Promise<ApiPrincipal | null>;
  /** Counts the call against the key's limits and sets the rate-limit headers; throws an `HttpProblem` (429, 503) to refuse it. */
  admit(principal: ApiPrincipal, call: { write: boolean; weight: number }, res: Response): Promise<void>;
  /** Kept off the request path: called after the response is sent. */
  record(usage: ApiUsageRecord): void;
  /**
   * Starts a POST carrying an `Idempotency-Key`: the stored response when the same request already completed (replay
   * it), or null to proceed. Throws an `HttpProblem` when the key was used for another request (422) or is in flight (409).
   */
  beginIdempotent(principal: ApiPrincipal, key: string, fingerprint: string): Promise<StoredResponse | null>;
  /** Keeps the response of a POST that began with {@link beginIdempotent} (24 hours). */
  finishIdempotent(principal: ApiPrincipal, key: string, fingerprint: string, response: StoredResponse): Promise<void>;
  /** Frees the key of a POST that failed before answering, so a retry runs again. */
  abandonIdempotent(principal: ApiPrincipal, key: string): Promise<void>;
}
