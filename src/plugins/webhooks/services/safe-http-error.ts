/** Why {@link SafeHttpError} was thrown (a delivery attempt that got no HTTP response). */
export type SafeHttpErrorCode = 'BAD_URL' | 'FORBIDDEN_ADDRESS' | 'TIMEOUT' | 'TOO_LARGE' | 'NETWORK';

/**
 * A delivery attempt that produced no HTTP response. `code` says why:
 * - `BAD_URL`: the URL is unusable (syntax, scheme, credentials, length).
 * - `FORBIDDEN_ADDRESS`: the host is or resolves to a private/loopback/reserved address and is not allow-listed.
 * - `TIMEOUT`: no response headers within the time limit.
 * - `TOO_LARGE`: the response headers exceeded Node's header size limit (an oversized *body* is not an error, see
 *   `SafeResponse.truncated`).
 * - `NETWORK`: DNS, connection, TLS or protocol failure.
 */
export class SafeHttpError extends Error {
  override readonly name = 'SafeHttpError';

  /**
   * @param code - The failure category.
   * @param message - A human-readable explanation.
   * @param options - Optionally the underlying error as `cause`.
   */
  constructor(
    readonly code: SafeHttpErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
