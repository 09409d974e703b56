import { errorRef, SECURITY_SCHEME } from './standard-components.ts';

/** A raw (`routes`) route mounted under `/api/v1`, as the core lists it. */
export interface RawRoute {
  readonly method: string;
  /** `/api/v1/<plugin>/…`, Express style. */
  readonly path: string;
  readonly plugin: string;
}

/**
 * The minimal operation of a raw route: it declares no shapes, so only its path, its plugin and the answers the core
 * gives on its way in (authentication, limits) are known. Marked `x-dbsbm-undocumented` so readers and tools can tell.
 */
export function rawOperation(plugin: string, method: string, path: string, params: readonly string[]) {
  return {
    operationId: rawOperationId(plugin, method, path),
    summary: `${method.toUpperCase()} ${path} (undocumented)`,
    description: `A raw route of the "${plugin}" plugin: it declares no input or response shapes, so neither is described here and the SDK types its answer as unknown.`,
    tags: [plugin],
    security: [{ [SECURITY_SCHEME]: [] }],
    'x-dbsbm-undocumented': true,
    ...(params.length ? { parameters: params.map((name) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' as const } })) } : {}),
    responses: {
      '401': errorRef(401),
      '403': errorRef(403),
      '429': errorRef(429),
      '503': errorRef(503),
      default: { description: 'Whatever the route answers: it is not described.' },
    },
  };
}

/** `rawHelloGetGuildsGuildIdGreetings`: a name for the SDK from the plugin, method and path (a clash with a declared operation fails the document's lint). */
function rawOperationId(plugin: string, method: string, path: string): string {
  const words = [plugin, method, ...path.replace(new RegExp(`^/api/v1/${plugin}(?=/|$)`), '').split(/[^A-Za-z0-9]+/)].filter(Boolean);
  return `raw${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`;
}
