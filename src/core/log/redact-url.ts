/**
 * Query parameters that carry a secret, compared case-insensitively. The one list every log line, problem document
 * and printed URL is redacted with: a signed dashboard link travels as `?t=`, OAuth-style flows as `code` and
 * `access_token`, webhook receivers as `key`, `token`, `sig`…
 */
export const SECRET_QUERY_PARAMS: readonly string[] = [
  't',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'key',
  'api_key',
  'apikey',
  'secret',
  'client_secret',
  'password',
  'pass',
  'pwd',
  'signature',
  'sig',
  'code',
  'auth',
  'session',
];

/** What stands in for a redacted secret. */
export const REDACTED = '[redacted]';

const secretParams = new Set(SECRET_QUERY_PARAMS.map((p) => p.toLowerCase()));

/** Whether a query parameter's name is one of {@link SECRET_QUERY_PARAMS}. */
export function isSecretParam(name: string): boolean {
  return secretParams.has(name.toLowerCase());
}

/**
 * Masks the query's secret parameters in a query string (without its `?`), keeping the others and their order as
 * they were written (no re-encoding, so what a log shows is what was sent).
 */
function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape is still compared as written.
      }
      return eq !== -1 && isSecretParam(name) ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
}

/**
 * A URL (absolute, or a request target such as `/dashboard?t=…`) safe to log: the password of its userinfo and the
 * values of secret query parameters are replaced by `[redacted]`, and a fragment is dropped. Anything that does not
 * parse is returned with the same rules applied textually, so an odd URL is never logged unredacted.
 * @example redactUrl('/dashboard?t=abc&period=week') // '/dashboard?t=[redacted]&period=week'
 * @example redactUrl('mysql://root:hunter2@db:3306/bets') // 'mysql://root:[redacted]@db:3306/bets'
 */
export function redactUrl(url: string): string {
  const hash = url.indexOf('#');
  const withoutFragment = hash === -1 ? url : url.slice(0, hash);
  const q = withoutFragment.indexOf('?');
  const head = q === -1 ? withoutFragment : withoutFragment.slice(0, q);
  const query = q === -1 ? undefined : withoutFragment.slice(q + 1);
  // userinfo: scheme://user:password@host — the password goes, the user stays (it helps to tell configs apart).
  const safeHead = head.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@]*)@/i, (_m, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon === -1 ? `${scheme}${userinfo}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
  });
  return query === undefined ? safeHead : `${safeHead}?${redactQuery(query)}`;
}

/** The path of a request target without its query and fragment (`/dashboard?t=…` → `/dashboard`). */
export function pathOnly(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
