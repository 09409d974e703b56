import { z } from 'zod';
import type { ApiPrincipal } from './principal.ts';

/** What a key may do: `read` keys call GET routes only; `write` keys call every route of their server. */
export type ApiScope = 'read' | 'write';

export type ApiMethod = 'get' | 'post' | 'patch' | 'delete';

/** What a declared route's handler gets: validated input and the server the caller's key belongs to. */
export interface ApiCall<P, Q, B> {
  /** The server the key belongs to: the only server a handler may read or change. */
  readonly guildId: string;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly principal: ApiPrincipal;
}

/**
 * A route of the public API, declared with its zod shapes so that the core validates every input at the edge and
 * the OpenAPI document, the SDK and GraphQL are generated from the same declaration.
 * @since 1.2.0
 */
export interface ApiRoute<
  P extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: ApiMethod;
  /** Express path under `/api/v1/<plugin>`, e.g. `/bets/:betId` (under `/api/v1` itself with `root`). */
  path: string;
  /** Mounted at `/api/v1<path>` rather than under the plugin's name: for what belongs to the API as a whole (`/batch`, `/graphql`). @default false */
  root?: boolean;
  /** Unique across the deployment, camelCase (`listBets`): the SDK's and GraphQL's name for it. */
  operationId: string;
  summary: string;
  description?: string;
  /** @default 'read' for GET, 'write' otherwise */
  scope?: ApiScope;
  /** Answers without a key. Only for what any stranger may read (a status page); never a server's data. @default false */
  public?: boolean;
  params?: P;
  /** Query string shape; a field not in it is refused (`INVALID_INPUT`), so filters stay allow-listed. */
  query?: Q;
  body?: B;
  response: R;
  /** @default 200 (201 for POST) */
  status?: 200 | 201 | 202;
  /**
   * How GraphQL exposes it: a list route (its response a {@link pageOf} page) becomes a connection whose cost is
   * multiplied by `first`/`limit`. `false` keeps it off GraphQL (a file download). @default derived from the method
   */
  graphql?: false | { field?: string };
  /** The content types of the files a route answers with ({@link fileResponse}) instead of JSON; the file's own type is sent. */
  produces?: string | readonly string[];
  /**
   * Its answer carries a secret shown once (a signing secret): an `Idempotency-Key` retry then answers 409
   * `SECRET_NOT_REPLAYED` instead of the answer being stored for replays. @default false
   */
  sensitive?: boolean;
  handler(call: ApiCall<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R>>;
}

/** Declares a route with its types inferred from its shapes. @since 1.2.0 */
export function defineRoute<P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType, R extends z.ZodType>(route: ApiRoute<P, Q, B, R>): ApiRoute {
  return route as unknown as ApiRoute;
}

/** The largest page any list route serves (Stripe's and GitHub's limit). */
export const MAX_PAGE_SIZE = 100;

/**
 * Query fields every list route takes: `limit` (1–100, default 20) and the opaque `cursor` of the previous page's
 * `next_cursor`.
 * @since 1.2.0
 */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20).describe('Items per page, 1 to 100.'),
  cursor: z.string().max(512).optional().describe('The `next_cursor` of the previous page; omit for the first page.'),
};

/**
 * A page of a list: `data`, whether more follow, and the cursor to ask for them.
 * @since 1.2.0
 * @example response: pageOf(betShape)
 */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null on the last page.'),
  });
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Whether a response shape is a {@link pageOf} page (GraphQL treats those as connections). */
export function isPageShape(shape: z.ZodType): boolean {
  if (!(shape instanceof z.ZodObject)) return false;
  const keys = Object.keys(shape.shape);
  return keys.length === 3 && keys.includes('data') && keys.includes('has_more') && keys.includes('next_cursor');
}

/** A file a route answers with (an export) instead of JSON. @since 1.2.0 */
export interface ApiFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** The response shape of a route that answers with a file; set `produces` to its content type too. @since 1.2.0 */
export const fileResponse = z.custom<ApiFile>((v) => typeof v === 'object' && v !== null && Buffer.isBuffer((v as ApiFile).data), 'a file');
