import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { HttpProblem } from '../http/problem.ts';
import type { ApiDirectory, DeclaredRoute } from './directory.ts';
import type { ApiGuard, ApiPrincipal, StoredResponse, TokenCarrier } from './principal.ts';
import type { ApiFile, ApiMethod } from './route.ts';

const PRINCIPAL = 'dbsbmPrincipal';
/** `res.locals` key of the mount path of the router that answered (kept for usage and metrics after routing). */
export const ROUTE_BASE = 'dbsbmRouteBase';

/** The route pattern that answered a request (`/api/v1/betting/bets/:betId`), or `unmatched`; valid once it finished. */
export function routePattern(req: Request, res: Response): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return 'unmatched';
  const base = typeof res.locals[ROUTE_BASE] === 'string' ? (res.locals[ROUTE_BASE] as string) : req.baseUrl;
  return `${base}${path}`;
}

/**
 * The API key behind a request under `/api/v1`, for plugins that mount raw `routes`: every such route runs after
 * authentication, so this is set unless the route was declared public.
 * @since 1.2.0
 */
export function apiPrincipalOf(res: Response): ApiPrincipal | undefined {
  return res.locals[PRINCIPAL] as ApiPrincipal | undefined;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function challenge(res: Response, detail: string, code: string): never {
  res.setHeader('www-authenticate', 'Bearer realm="dbsbm"');
  throw new HttpProblem(401, 'Unauthorized', detail, { code });
}

/**
 * The core's authentication of `/api/v1`: a bearer API key turned into a caller by the guard, the key's limits
 * counted, and the call recorded once answered. Runs before every plugin route not declared public.
 */
export function authenticate(guard: () => ApiGuard | null, directory: ApiDirectory): RequestHandler {
  return (req, res, next) => {
    const run = async (): Promise<void> => {
      const presented = presentedToken(req);
      if (!presented) challenge(res, 'This route needs an API key: send "Authorization: Bearer dbsbm_…". A server admin creates one with /api key create in Discord.', 'API_KEY_MISSING');
      const g = guard();
      if (!g) challenge(res, 'This deployment issues no API keys: its operator has not loaded the api plugin.', 'API_KEYS_UNAVAILABLE');
      const principal = await g.authenticate(presented.token, presented.carrier);
      if (!principal) challenge(res, 'This API key is not valid: it was revoked, it expired after a rotation, or it was mistyped. Create a new one with /api key create.', 'API_KEY_INVALID');
      res.locals[PRINCIPAL] = principal;
      const started = performance.now();
      res.on('finish', () => {
        const endpoint = routePattern(req, res);
        g.record({
          principal,
          method: req.method,
          endpoint,
          status: res.statusCode,
          durationMs: Math.round(performance.now() - started),
          at: Date.now(),
          requestData: { query: fieldNames(req.query), body: fieldNames(req.body) },
        });
      });
      // A declared route's scope decides (a GraphQL query or a batch of reads is POSTed, yet reads); raw routes go by method.
      const declared = directory.find(req.method.toLowerCase() as ApiMethod, `/api/v1${req.path}`);
      await g.admit(principal, { write: declared ? declared.declared.scope === 'write' : !READS.has(req.method), weight: 1 }, res);
    };
    run().then(() => next(), next);
  };
}

/**
 * The token a request carries: the `Authorization` header, or, on a GET (a browser's EventSource or WebSocket
 * cannot set headers), `?access_token=`, which is then taken out of the query so no route's strict query shape
 * meets it. Which tokens a URL may carry is the guard's decision.
 */
export function presentedToken(req: IncomingMessage & { query?: unknown }): { token: string; carrier: TokenCarrier } | null {
  const found = BEARER.exec(req.headers.authorization ?? '');
  if (found) return { token: found[1]!, carrier: 'header' };
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const token = url.searchParams.get('access_token');
  if (!token) return null;
  if (req.query && typeof req.query === 'object') {
    const { access_token: _token, ...rest } = req.query as Record<string, unknown>;
    Object.defineProperty(req, 'query', { value: rest, writable: true, configurable: true, enumerable: true });
  }
  return { token, carrier: 'query' };
}

/**
 * Only the names of the fields, never their values (a value may be a secret: a webhook's signing secret), and a
 * bounded number of short names, so a body of a million keys cannot bloat the usage row.
 */
function fieldNames(input: unknown): string[] {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return [];
  const names: string[] = [];
  for (const name in input) {
    if (names.length === 20) break;
    names.push(name.slice(0, 40));
  }
  return names;
}

/** The fingerprint an `Idempotency-Key` is bound to: the same key with another request is refused. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Answers one declared route over HTTP through {@link ApiDirectory.execute}, with `Idempotency-Key` on POST. */
export function declaredRouteHandler(directory: ApiDirectory, declared: DeclaredRoute, guard: () => ApiGuard | null): RequestHandler {
  return (req, res, next) => {
    const principal = apiPrincipalOf(res) ?? null;
    const raw = { params: req.params as Record<string, string>, query: req.query as Record<string, unknown>, body: req.body as unknown };
    const key = req.method === 'POST' ? req.get('idempotency-key') : undefined;
    const run = async (): Promise<void> => {
      const g = guard();
      if (key === undefined || !principal || !g) return send(res, declared, await directory.execute(declared, principal, raw));
      if (!IDEMPOTENCY_KEY.test(key)) throw new HttpProblem(400, 'Bad Request', 'The Idempotency-Key header must be 1 to 255 printable ASCII characters (a UUID is a good choice).', { code: 'INVALID_IDEMPOTENCY_KEY' });
      const fingerprint = requestFingerprint(req.method, req.path, req.body);
      const stored = await g.beginIdempotent(principal, key, fingerprint);
      if (stored) {
        replay(res, declared, stored);
        return;
      }
      let out: unknown;
      try {
        out = await directory.execute(declared, principal, raw);
      } catch (err) {
        await g.abandonIdempotent(principal, key);
        throw err;
      }
      await g.finishIdempotent(principal, key, fingerprint, { status: declared.status, body: keptBody(declared, out) });
      send(res, declared, out);
    };
    run().catch(next);
  };
}

/**
 * What an idempotency record keeps of a response: a file as base64, and nothing of a response carrying a secret
 * shown once (a record is plain data for 24 hours; the secret must not outlive its one showing).
 */
function keptBody(declared: DeclaredRoute, out: unknown): unknown {
  if (declared.route.sensitive) return { sensitive: true };
  if (declared.route.produces) {
    const file = out as ApiFile;
    return { file: { filename: file.filename, contentType: file.contentType, base64: file.data.toString('base64') } };
  }
  return out;
}

function replay(res: Response, declared: DeclaredRoute, stored: StoredResponse): void {
  res.setHeader('idempotent-replayed', 'true');
  const body = stored.body as { sensitive?: boolean; file?: { filename: string; contentType: string; base64: string } } | null;
  if (declared.route.sensitive && body?.sensitive) {
    throw new HttpProblem(409, 'Conflict', 'This request already succeeded. Its answer held a secret that is shown only once and not kept for retries; read the resource with a GET, and rotate the secret if it was lost.', { code: 'SECRET_NOT_REPLAYED' });
  }
  if (declared.route.produces && body?.file) {
    res.status(stored.status).attachment(body.file.filename).type(body.file.contentType).send(Buffer.from(body.file.base64, 'base64'));
    return;
  }
  res.status(stored.status).json(stored.body);
}

function send(res: Response, declared: DeclaredRoute, out: unknown): void {
  if (declared.route.produces) {
    const file = out as ApiFile;
    res.status(declared.status).attachment(file.filename).type(file.contentType).send(file.data);
    return;
  }
  res.status(declared.status).json(out);
}
