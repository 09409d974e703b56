import { GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';

/** @default 10 */
export const DEFAULT_MAX_DEPTH = 10;

/**
 * How deep a selection nests fields (`{ bets { data { id } } }` is 3). Fragments count as what they hold, each
 * measured once; introspection fields do not count (they read the schema, which is finite).
 */
function depthOf(set: SelectionSetNode, context: ValidationContext, fragments: Map<string, number>, open: Set<string>): number {
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet, context, fragments, open) : 0));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, context, fragments, open));
    } else {
      const name = selection.name.value;
      // A cycle of fragments is refused by the standard rules; here it only must not loop.
      if (open.has(name)) continue;
      let depth = fragments.get(name);
      if (depth === undefined) {
        const fragment = context.getFragment(name);
        open.add(name);
        depth = fragment ? depthOf(fragment.selectionSet, context, fragments, open) : 0;
        open.delete(name);
        fragments.set(name, depth);
      }
      deepest = Math.max(deepest, depth);
    }
  }
  return deepest;
}

/** Refuses an operation that nests fields deeper than `max`, before anything runs. */
export function depthLimit(max: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, number>();
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, context, fragments, new Set());
        if (depth <= max) return;
        context.reportError(
          new GraphQLError(`This operation nests fields ${depth} deep; at most ${max} are allowed. Split it into several queries.`, {
            nodes: node,
            extensions: { code: 'DEPTH_LIMIT_EXCEEDED', status: 400, depth, limit: max },
          }),
        );
      },
    };
  };
}
