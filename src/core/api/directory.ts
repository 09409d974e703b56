import { match, type MatchFunction } from 'path-to-regexp';
import { z } from 'zod';
import type { Gate } from '../gate/gate.ts';
import { HttpProblem } from '../http/problem.ts';
import type { ApiPrincipal } from './principal.ts';
import type { ApiMethod, ApiRoute, ApiScope } from './route.ts';

/** A declared route as mounted: its plugin and its full path under `/api/v1`. @since 1.2.0 */
export interface DeclaredRoute {
  readonly plugin: string;
  readonly route: ApiRoute;
  /** `/api/v1/<plugin><path>`, Express style (`:betId`). */
  readonly fullPath: string;
  readonly scope: ApiScope;
  readonly status: number;
}

/** The raw parts of a call before validation. */
export interface RawCall {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

const EMPTY = z.object({});

/**
 * Every declared route of the deployment, and the one way to run one: HTTP, `POST /api/v1/batch` and GraphQL all
 * go through {@link execute}, so scope, gate and validation cannot differ between them.
 */
export class ApiDirectory {
  readonly #routes: DeclaredRoute[] = [];
  readonly #matchers = new Map<DeclaredRoute, MatchFunction<Record<string, string>>>();
  // Built once per route: a strict copy of a shape compiled per call cost a tenth of a cached GET's time.
  readonly #inputs = new Map<DeclaredRoute, { params: z.ZodObject; query: z.ZodObject }>();
  readonly #operations = new Map<string, DeclaredRoute>();

  constructor(private readonly gate: Gate) {}

  add(plugin: string, route: ApiRoute): DeclaredRoute {
    const clash = this.#routes.find((r) => r.route.method === route.method && r.fullPath === (route.root ? `/api/v1${route.path}` : `/api/v1/${plugin}${route.path}`));
    if (clash) throw new Error(`API route ${route.method.toUpperCase()} ${clash.fullPath} of plugin "${plugin}" is already declared by "${clash.plugin}".`);
    const taken = this.#operations.get(route.operationId);
    if (taken) throw new Error(`API operation "${route.operationId}" of plugin "${plugin}" is already declared by "${taken.plugin}"; choose another operationId.`);
    const declared: DeclaredRoute = {
      plugin,
      route,
      fullPath: route.root ? `/api/v1${route.path}` : `/api/v1/${plugin}${route.path}`,
      scope: route.scope ?? (route.method === 'get' ? 'read' : 'write'),
      status: route.status ?? (route.method === 'post' ? 201 : 200),
    };
    this.#routes.push(declared);
    this.#operations.set(route.operationId, declared);
    this.#matchers.set(declared, match<Record<string, string>>(declared.fullPath, { decode: decodeURIComponent }));
    this.#inputs.set(declared, { params: (route.params ?? EMPTY).strict(), query: (route.query ?? EMPTY).strict() });
    return declared;
  }

  routes(): readonly DeclaredRoute[] {
    return this.#routes;
  }

  operation(operationId: string): DeclaredRoute | undefined {
    return this.#operations.get(operationId);
  }

  /** The declared route a method and path (`/api/v1/…`, no query string) reach, with its path parameters. */
  find(method: ApiMethod, path: string): { declared: DeclaredRoute; params: Record<string, string> } | null {
    for (const declared of this.#routes) {
      if (declared.route.method !== method) continue;
      const found = this.#matchers.get(declared)!(path);
      if (found) return { declared, params: found.params };
    }
    return null;
  }

  /**
   * Runs a declared route for a caller: scope, the plugin's gate for the key's server, then the shapes (unknown
   * query fields refused), the handler and the response shape (which also drops anything undeclared). Throws what
   * the route refuses; the caller renders it.
   */
  async execute(declared: DeclaredRoute, principal: ApiPrincipal | null, raw: RawCall): Promise<unknown> {
    const { route, plugin } = declared;
    if (!route.public) {
      if (!principal) throw new HttpProblem(401, 'Unauthorized', 'This route needs an API key: send "Authorization: Bearer dbsbm_…". A server admin creates one with /api key create.', { code: 'API_KEY_MISSING' });
      if (declared.scope === 'write' && principal.scope !== 'write') {
        throw new HttpProblem(403, 'Forbidden', 'This key is read-only. Create a key with write access (/api key create scope:write) to change anything.', { code: 'API_KEY_READ_ONLY' });
      }
      const gate = await this.gate.check(plugin, principal.guildId);
      if (!gate.ok) throw new HttpProblem(403, 'Plugin not available', gate.message, { code: gate.identifier, plugin, ...(gate.requiredTier ? { requiredTier: gate.requiredTier } : {}) });
    }
    const inputs = this.#inputs.get(declared)!;
    const params = inputs.params.parse(raw.params);
    const query = inputs.query.parse(raw.query);
    const body = route.body ? route.body.parse(raw.body ?? {}) : undefined;
    const out = await route.handler({ guildId: principal?.guildId ?? '', params, query, body, principal: principal as ApiPrincipal });
    return route.produces ? out : route.response.parse(out);
  }
}
