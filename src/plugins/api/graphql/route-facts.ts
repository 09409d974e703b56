import type { DeclaredRoute } from 'dbsbm';

const PARAM = /:([A-Za-z_$][\w$]*)/g;

/** Whether GraphQL serves a route: not a file download, not opted out with `graphql: false`. */
export function isExposed(declared: DeclaredRoute): boolean {
  return declared.route.graphql !== false && declared.route.produces === undefined;
}

/** The `:name` parameters of a mounted path, in order. */
export function pathParamsOf(fullPath: string): string[] {
  return [...fullPath.matchAll(PARAM)].map((m) => m[1]!);
}

/** The path with its parameters filled in, each encoded as one segment. */
export function fillPath(fullPath: string, values: Readonly<Record<string, unknown>>): string {
  return fullPath.replace(PARAM, (_m, name: string) => encodeURIComponent(String(values[name])));
}

/** How a route is named in messages: `getGame (GET /api/v1/betting/games/:gameId)`. */
export function routeLabel(declared: DeclaredRoute): string {
  return `${declared.route.operationId} (${declared.route.method.toUpperCase()} ${declared.fullPath})`;
}
