import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';

/**
 * Any JSON value: what a record, a union or an open shape of a route becomes, passed through as the route answers
 * it (the route's own shape already validated it).
 */
export const GraphQLJSON = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value: a map, a union or an open shape that the route declares without fixed fields.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
