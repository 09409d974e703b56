import { REDACTED, isSecretParam, redactUrl } from './redact-url.ts';

/** The shape pino's standard request serializer produces (the fields we touch). */
interface SerializedRequest {
  url?: unknown;
  query?: unknown;
  headers?: Record<string, unknown>;
  [key: string]: unknown;
}

interface SerializedResponse {
  headers?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Headers whose value is a URL that may carry a secret (a page's signed link travels on as its Referer). */
const URL_HEADERS = ['referer', 'referrer', 'location', 'content-location'];

function redactQueryObject(query: unknown): unknown {
  if (!query || typeof query !== 'object') return query;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) out[name] = isSecretParam(name) ? REDACTED : value;
  return out;
}

function redactUrlHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!headers) return headers;
  const out = { ...headers };
  for (const name of URL_HEADERS) if (typeof out[name] === 'string') out[name] = redactUrl(out[name]);
  return out;
}

/**
 * pino-http serializers that keep secrets out of request logs: the URL's secret query parameters and userinfo
 * password (see {@link redactUrl}), the parsed query's secret keys, and URLs in Referer/Location headers.
 * Credentials in headers (Authorization, cookies, API keys) are blanked by the logger's redact paths.
 */
export const requestLogSerializers = {
  req(req: SerializedRequest): SerializedRequest {
    if (typeof req.url === 'string') req.url = redactUrl(req.url);
    if ('query' in req) req.query = redactQueryObject(req.query);
    if (req.headers) req.headers = redactUrlHeaders(req.headers);
    return req;
  },
  res(res: SerializedResponse): SerializedResponse {
    if (res.headers) res.headers = redactUrlHeaders(res.headers);
    return res;
  },
};
