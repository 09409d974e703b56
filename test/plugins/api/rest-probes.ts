import type { DeclaredRoute } from 'dbsbm';
import { z } from 'zod';
import { looksLikeId, type IdKind } from './graphql-probes.ts';
import type { Probe } from './leak-scan.ts';

// REST attempts of the BOLA suite, built from the declared routes themselves: path parameters, list filters and body
// fields that name something by id are given the other server's ids.

/** Declared routes that carry other requests (their own probes cover them). */
export const TRANSPORTS = new Set(['batch', 'graphql', 'graphqlGet']);

/** A valid body of a write route, with `field` set to `value` when given: needed for each route whose body names their data by id. */
export type BodyOf = (set?: { field: string; value: string }) => Record<string, unknown>;

const pathParams = (path: string): string[] => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

function peel(shape: z.ZodType): z.ZodType {
  let s = shape;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

/** Field names of an input shape: its own and those of the objects in its arrays (a parlay's legs). */
function fieldNames(shape: z.ZodType | undefined): string[] {
  const s = shape && peel(shape);
  if (!(s instanceof z.ZodObject)) return [];
  return Object.entries(s.shape as Record<string, z.ZodType>).flatMap(([name, field]) => {
    const inner = peel(field);
    return [name, ...(inner instanceof z.ZodArray ? fieldNames(inner.element as z.ZodType) : [])];
  });
}

const notFound = (answer: { status: number }): boolean => answer.status === 404;
const fill = (path: string, values: Record<string, string>): string => path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name]!));

/**
 * The REST attempts on the other server's data, and the names the suite does not know (each must be added to its map
 * of kinds, or its body to `bodies`, so a new route cannot go unprobed).
 */
export function restProbes(routes: readonly DeclaredRoute[], kinds: Record<string, IdKind>, bodies: Record<string, BodyOf>): { probes: Probe[]; unknown: string[] } {
  const probes: Probe[] = [];
  const unknown: string[] = [];
  for (const declared of routes) {
    const { route, fullPath } = declared;
    if (TRANSPORTS.has(route.operationId)) continue;
    const method = route.method.toUpperCase();
    const where = `${method} ${fullPath}`;
    const params = pathParams(fullPath);
    const query = fieldNames(route.query);
    const body = fieldNames(route.body);
    for (const name of [...params, ...query.filter(looksLikeId), ...body.filter(looksLikeId)]) if (!kinds[name]) unknown.push(`${where}: ${name}`);
    if (params.some((p) => !kinds[p])) continue;

    // Path parameters: one at a time is theirs, the others keep a value of theirs too.
    for (const param of params) {
      const kind = kinds[param]!;
      const others = Object.fromEntries(params.filter((p) => p !== param).map((p) => [p, kinds[p]!.secret[0] ?? kinds[p]!.shared[0]!]));
      const othersFresh = Object.fromEntries(params.filter((p) => p !== param).map((p) => [p, kinds[p]!.secret.length ? kinds[p]!.fresh : others[p]!]));
      const otherSwaps = params.filter((p) => p !== param && kinds[p]!.secret.length).map((p): [string, string] => [others[p]!, kinds[p]!.fresh]);
      let base: Record<string, unknown> | undefined;
      if (route.body) {
        const bodyOf = bodies[route.operationId];
        if (!bodyOf) {
          unknown.push(`${where}: takes a body; add a valid one to the suite's bodies`);
          continue;
        }
        base = bodyOf();
      }
      for (const value of kind.secret) {
        probes.push({
          label: `${where} ${param}=their ${kind.kind} ${value}`,
          attack: { method, path: fill(fullPath, { ...others, [param]: value }), ...(base ? { body: base } : {}) },
          control: { method, path: fill(fullPath, { ...othersFresh, [param]: kind.fresh }), ...(base ? { body: base } : {}) },
          swaps: [[value, kind.fresh], ...otherSwaps],
          ...(kind.object ? { notFound } : {}),
        });
      }
      for (const value of kind.shared) probes.push({ label: `${where} ${param}=shared ${kind.kind} ${value}`, attack: { method, path: fill(fullPath, { ...others, [param]: value }), ...(base ? { body: base } : {}) }, swaps: [] });
    }

    // List filters that take an id: their ids must select nothing, exactly as ids that never existed.
    for (const name of query.filter((q) => kinds[q])) {
      if (params.length) {
        unknown.push(`${where}: a filter (${name}) on a route with path parameters; extend the suite`);
        continue;
      }
      const kind = kinds[name]!;
      for (const value of kind.secret) {
        probes.push({
          label: `${where}?${name}=their ${kind.kind} ${value}`,
          attack: { method, path: `${fullPath}?${name}=${encodeURIComponent(value)}` },
          control: { method, path: `${fullPath}?${name}=${encodeURIComponent(kind.fresh)}` },
          swaps: [[value, kind.fresh]],
        });
      }
      for (const value of kind.shared) probes.push({ label: `${where}?${name}=shared ${kind.kind} ${value}`, attack: { method, path: `${fullPath}?${name}=${encodeURIComponent(value)}` }, swaps: [] });
    }

    // Body fields that name their data (a saved report to export: not found) or filter by it (a member: nothing selected).
    for (const name of body.filter((b) => kinds[b]?.secret.length)) {
      const bodyOf = bodies[route.operationId];
      if (!bodyOf) {
        unknown.push(`${where}: body field ${name} names their data; add a valid body to the suite's bodies`);
        continue;
      }
      const kind = kinds[name]!;
      for (const value of kind.secret) {
        probes.push({
          label: `${where} {${name}: their ${kind.kind} ${value}}`,
          attack: { method, path: fill(fullPath, {}), body: bodyOf({ field: name, value }) },
          control: { method, path: fill(fullPath, {}), body: bodyOf({ field: name, value: kind.fresh }) },
          swaps: [[value, kind.fresh]],
          ...(kind.object ? { notFound } : {}),
        });
      }
      for (const value of kind.shared) probes.push({ label: `${where} {${name}: shared ${kind.kind} ${value}}`, attack: { method, path: fill(fullPath, {}), body: bodyOf({ field: name, value }) }, swaps: [] });
    }

    // Every read without parameters, as is: lists and figures must hold nothing of theirs.
    if (method === 'GET' && params.length === 0) probes.push({ label: `${where}`, attack: { method, path: fullPath }, swaps: [] });
  }
  return { probes, unknown };
}
