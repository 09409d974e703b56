import type { Logger } from 'pino';
import { problemFor } from '../http/problem.ts';
import type { RefusalCatalogue } from '../refusals/codes.ts';
import type { ApiDirectory } from './directory.ts';
import type { ApiPrincipal } from './principal.ts';
import type { ApiMethod } from './route.ts';

/** One call to a declared route made in process (a batch item, a GraphQL field). @since 1.2.0 */
export interface ApiInvocation {
  method: ApiMethod;
  /** `/api/v1/…`, optionally with a query string. */
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** What a call answered: the status and the JSON body (a problem document when it failed). @since 1.2.0 */
export interface ApiOutcome {
  status: number;
  body: unknown;
}

function queryOf(search: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const seen = out[name];
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

/** Runs declared routes in process with the same checks as HTTP, rendering failures as problem documents. */
export function apiInvoker(directory: ApiDirectory, logger: Logger, refusals: RefusalCatalogue) {
  return async (principal: ApiPrincipal, call: ApiInvocation): Promise<ApiOutcome> => {
    const [path = '', search = ''] = call.path.split('?', 2);
    const found = directory.find(call.method, path);
    if (!found) {
      return { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404, detail: `No route answers ${call.method.toUpperCase()} ${path}. Every route is listed at /api/v1/openapi.json.`, instance: path } };
    }
    try {
      const body = await directory.execute(found.declared, principal, { params: found.params, query: { ...queryOf(search), ...call.query }, body: call.body });
      return { status: found.declared.status, body };
    } catch (err) {
      const problem = problemFor(logger, refusals, err, { instance: path, path, plugin: found.declared.plugin });
      return { status: problem.status, body: problem.body };
    }
  };
}
