import type { GraphqlCost } from './cost.ts';

/** Points of cost that weigh as one call against a key's rate limit. */
export const POINTS_PER_CALL = 100;

/**
 * What an operation weighs against the key's rate limit, in calls: one per started 100 points (a cheap query is
 * one call, the most expensive allowed, 1,000 points, is ten).
 * @since 1.2.0
 */
export function graphqlWeight(cost: GraphqlCost): number {
  return Math.max(1, Math.ceil(cost.requested / POINTS_PER_CALL));
}
