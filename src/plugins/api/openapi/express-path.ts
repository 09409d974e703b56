import { parse, type Token } from 'path-to-regexp';

/** An Express route path as OpenAPI writes it, with the names of its path parameters in order. */
export interface OpenApiPath {
  /** `/api/v1/betting/bets/{betId}` */
  readonly path: string;
  readonly params: readonly string[];
}

/**
 * Turns an Express 5 path (`/bets/:betId`, `/files/*rest`) into an OpenAPI path template (`/bets/{betId}`). An optional
 * group (`/bets{/:betId}`) has no OpenAPI equivalent; it is written with the group present, which is the longest path
 * the route answers.
 */
export function openApiPath(expressPath: string): OpenApiPath {
  const params: string[] = [];
  const write = (tokens: readonly Token[]): string =>
    tokens
      .map((token) => {
        if (token.type === 'text') return token.value;
        if (token.type === 'group') return write(token.tokens);
        params.push(token.name);
        return `{${token.name}}`;
      })
      .join('');
  const path = write(parse(expressPath).tokens);
  return { path, params };
}
