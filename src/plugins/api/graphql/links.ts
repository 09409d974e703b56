import { isPageShape, type DeclaredRoute } from 'dbsbm';
import { z } from 'zod';
import { isExposed, pathParamsOf } from './route-facts.ts';
import { peel } from './zod-peel.ts';

/** An id field that GraphQL follows: `Bet.gameId` → `Bet.game`, resolved by the route `target`. */
export interface Link {
  /** The object type that carries the id. */
  readonly type: string;
  readonly idField: string;
  /** The field added beside it: the id field without its `Id`. */
  readonly field: string;
  readonly target: DeclaredRoute;
}

const ID_PARAM = /^([a-z][A-Za-z0-9]*)Id$/;

/** Whether a path segment names the thing `x` (`games`, `game`, `categories` for `category`, `bet-slips` for `betSlip`). */
function namesThing(segment: string, x: string): boolean {
  const plain = segment.replace(/[-_]/g, '').toLowerCase();
  const thing = x.toLowerCase();
  return [thing, `${thing}s`, `${thing}es`, thing.endsWith('y') ? `${thing.slice(0, -1)}ies` : thing].includes(plain);
}

/**
 * A by-id route: GET `…/<x>s/:<x>Id` (its only parameter, after a segment naming the thing), a single object back,
 * no required query field. `GET /predictions/:gameId` is not one: it answers a prediction, not the game.
 */
function byIdParam(declared: DeclaredRoute): string | undefined {
  const { route, fullPath } = declared;
  if (route.method !== 'get' || !isExposed(declared) || isPageShape(route.response)) return undefined;
  const params = pathParamsOf(fullPath);
  const x = ID_PARAM.exec(params[0] ?? '')?.[1];
  if (params.length !== 1 || !x || !fullPath.endsWith(`/:${params[0]}`)) return undefined;
  const segments = fullPath.split('/');
  if (!namesThing(segments[segments.length - 2] ?? '', x)) return undefined;
  const query = route.query instanceof z.ZodObject ? Object.values(route.query.shape as Record<string, z.ZodType>) : [];
  return query.every((field) => peel(field, 'query').optional) ? params[0] : undefined;
}

/**
 * The links of a deployment, by naming convention only: inside the responses of plugin P, a field `<x>Id` links to
 * P's route `GET …/<x>s/:<x>Id` (its only parameter, ending its path), and GraphQL adds a field `<x>` resolved
 * through that route. A plugin with two such routes for one parameter gets no link for it (ambiguous), and a plugin never
 * links into another plugin's routes: what one plugin's id means is its own business.
 */
export class LinkTable {
  readonly #byPlugin = new Map<string, Map<string, DeclaredRoute | null>>();
  readonly #made: Link[] = [];

  constructor(routes: readonly DeclaredRoute[]) {
    for (const declared of routes) {
      const param = byIdParam(declared);
      if (!param) continue;
      const own = this.#byPlugin.get(declared.plugin) ?? new Map<string, DeclaredRoute | null>();
      own.set(param, own.has(param) ? null : declared);
      this.#byPlugin.set(declared.plugin, own);
    }
  }

  /** The route an id field of `plugin`'s responses links to, if the convention gives exactly one. */
  targetOf(plugin: string, idField: string): DeclaredRoute | undefined {
    if (!ID_PARAM.test(idField)) return undefined;
    return this.#byPlugin.get(plugin)?.get(idField) ?? undefined;
  }

  /** Notes a link the schema made, for {@link list}. */
  made(link: Link): void {
    this.#made.push(link);
  }

  /** Every link the schema holds: the table the README describes, as built for this deployment. */
  list(): readonly Link[] {
    return this.#made;
  }
}
