import { OpenApiGeneratorV31, type OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { problemShape } from './problem.ts';

/** The name of the bearer security scheme every route not declared public requires. */
export const SECURITY_SCHEME = 'apiKey';

/** The standard error answers, by status: the component each operation refers to. */
export const ERROR_RESPONSES = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  422: 'UnprocessableContent',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
} as const;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** `{ $ref }` to a standard error answer. */
export const errorRef = (status: ErrorStatus) => ref('responses', ERROR_RESPONSES[status]);

/** `{ $ref }` to a standard header. */
export const headerRef = (name: 'RateLimit' | 'RateLimitPolicy' | 'RetryAfter') => ref('headers', name);

/** `{ $ref }` to the `Idempotency-Key` header parameter. */
export const idempotencyKeyRef = ref('parameters', 'IdempotencyKey');

/** The headers that tell a caller where it stands against its key's limits (sent on every authenticated answer). */
export const rateLimitHeaders = { RateLimit: headerRef('RateLimit'), 'RateLimit-Policy': headerRef('RateLimitPolicy') };

function problemResponse(description: string, headers?: Record<string, { $ref: string }>) {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/problem+json': { schema: ref('schemas', 'Problem') } },
  };
}

/**
 * The component schemas of the shapes every document carries (`Problem` and what it names), whether or not a route
 * refers to them. zod-to-openapi emits a named shape only where something refers to it, so they are generated through
 * a route that does, of which only the components are kept.
 */
export function standardSchemas() {
  const carrier = { method: 'get' as const, path: '/', responses: { 200: { description: '', content: { 'application/json': { schema: problemShape } } } } };
  return new OpenApiGeneratorV31([{ type: 'route', route: carrier }]).generateComponents().components?.schemas ?? {};
}

/**
 * Registers what every operation shares: the bearer scheme, the standard error answers (of the `Problem` schema in
 * {@link standardSchemas}), the rate-limit headers and the `Idempotency-Key` parameter.
 */
export function registerStandardComponents(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', SECURITY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'dbsbm_…',
    description:
      'An API key of one Discord server, sent as `Authorization: Bearer dbsbm_…`. A server admin creates one in Discord with `/api key create` ' +
      '(`scope:read` for GET routes only, `scope:write` for every route). A key sees its own server and nothing else.',
  });
  registry.registerComponent('headers', 'RateLimit', {
    description: 'What is left of the key\'s current window, e.g. `"default";r=42;t=18` (remaining calls, seconds to the reset).',
    schema: { type: 'string' },
  });
  registry.registerComponent('headers', 'RateLimitPolicy', {
    description: 'The key\'s limit, e.g. `"default";q=60;w=60` (calls per window of so many seconds): the server\'s `api_rate_limit`.',
    schema: { type: 'string' },
  });
  registry.registerComponent('headers', 'RetryAfter', {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 0 },
  });
  registry.registerComponent('parameters', 'IdempotencyKey', {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a retry safe: a second POST with the same key and the same body within 24 hours answers the first one\'s response again ' +
      '(with `Idempotent-Replayed: true`) instead of acting twice. The same key with another body is refused (422); ' +
      'while the first is still running, a retry is refused (409). A UUID is a good choice.',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
  });
  const responses: Record<ErrorStatus, ReturnType<typeof problemResponse>> = {
    400: problemResponse('The input was refused (`INVALID_INPUT`: a field of the path, query or body, or a query field the route does not take).'),
    401: problemResponse('No API key, or one that is not valid (revoked, expired after a rotation, mistyped).'),
    403: problemResponse('The key may not do this: a read-only key on a write route, or the plugin is off or above the server\'s tier.'),
    404: problemResponse('Nothing with that id in the key\'s server (another server\'s ids are not found either).'),
    409: problemResponse('The request conflicts with the current state, or a request with the same `Idempotency-Key` is still running.'),
    422: problemResponse('The request is well formed but refused by a rule, or its `Idempotency-Key` was used for another request.'),
    429: problemResponse('The key used up its calls for the current window; wait `Retry-After` seconds.', { 'Retry-After': headerRef('RetryAfter'), ...rateLimitHeaders }),
    503: problemResponse('A service this needs is not answering right now; try again after `Retry-After` seconds.', { 'Retry-After': headerRef('RetryAfter') }),
  };
  for (const [status, response] of Object.entries(responses)) registry.registerComponent('responses', ERROR_RESPONSES[Number(status) as ErrorStatus], response);
}
