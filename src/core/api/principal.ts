import type { ApiScope } from './route.ts';

/** Where the guard writes a call's rate-limit headers (an Express response, or a WebSocket upgrade's answer). @since 1.3.0 */
export interface HeaderSink {
  setHeader(name: string, value: string | number | readonly string[]): unknown;
}

/** How a token reached the core: in the `Authorization` header, or as `?access_token=` (GET requests and WebSocket upgrades). @since 1.3.0 */
export type TokenCarrier = 'header' | 'query';

/** Who is calling: an API key, which sees exactly one server. @since 1.2.0 */
export interface ApiPrincipal {
  /** The key's public id (never the secret). */
  readonly keyId: string;
  readonly guildId: string;
  readonly scope: ApiScope;
  /** The member who created the key: the API acts as them where a rule needs a member (placing a bet). */
  readonly userId: string;
  /** The caller holds a short-lived token minted from the key (read-only), not the key itself. @since 1.3.0 */
  readonly token?: boolean;
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
  /**
   * The caller a token stands for; null for an unknown, revoked or expired one. May throw an `HttpProblem` (403 for
   * a key whose server lost API access; 401 for a long-lived key sent in a URL, where logs and histories keep it).
   */
  authenticate(token: string, carrier: TokenCarrier): Promise<ApiPrincipal | null>;
  /** Counts the call against the key's limits and sets the rate-limit headers; throws an `HttpProblem` (429, 503) to refuse it. */
  admit(principal: ApiPrincipal, call: { write: boolean; weight: number }, res: HeaderSink): Promise<void>;
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
