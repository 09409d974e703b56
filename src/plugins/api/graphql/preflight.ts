import type { ApiPrincipal } from 'dbsbm';
import { getOperationAST, GraphQLError, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { costOf, type GraphqlCost } from './cost.ts';

/** An operation as asked, before it runs. */
export interface Operation {
  readonly document: DocumentNode;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

/** What the checks found: the cost (when it could be computed) and every reason to refuse. */
export interface Preflight {
  readonly cost?: GraphqlCost;
  readonly problems: readonly GraphQLError[];
}

/**
 * The checks that need the caller or the variables, run with validation so a refused operation runs nothing: a
 * mutation needs POST and a key with write access, and the cost must stay within the limit.
 */
export function preflight(schema: GraphQLSchema, operation: Operation, caller: { principal: ApiPrincipal; method: 'GET' | 'POST'; maxCost: number }): Preflight {
  const problems: GraphQLError[] = [];
  const ast = getOperationAST(operation.document, operation.operationName);
  if (ast?.operation === 'mutation') {
    if (caller.method === 'GET') {
      problems.push(new GraphQLError('A mutation is sent with POST /api/v1/graphql; GET runs queries only.', { nodes: ast, extensions: { code: 'MUTATION_NEEDS_POST', status: 405 } }));
    }
    if (caller.principal.scope !== 'write') {
      problems.push(
        new GraphQLError('This key is read-only, and a mutation changes data. Create a key with write access (/api key create scope:write) to run it.', {
          nodes: ast,
          extensions: { code: 'API_KEY_READ_ONLY', status: 403 },
        }),
      );
    }
  }
  if (!ast) return { problems };
  const { requested, problems: refused } = costOf(schema, operation.document, operation.variables, operation.operationName);
  problems.push(...refused);
  const cost = { requested, limit: caller.maxCost };
  if (requested > caller.maxCost) {
    problems.push(
      new GraphQLError(`This query costs ${requested} points; the limit is ${caller.maxCost}. Ask for smaller pages (\`first\`) or fewer fields, and page with \`after\`.`, {
        nodes: ast,
        extensions: { code: 'COST_LIMIT_EXCEEDED', status: 400, cost },
      }),
    );
  }
  return { cost, problems };
}

/** A validation rule that reports what {@link preflight} found, beside graphql's own rules. */
export function reportAll(problems: readonly GraphQLError[]): ValidationRule {
  return (context) => ({
    Document: {
      leave() {
        for (const problem of problems) context.reportError(problem);
      },
    },
  });
}
