import type { UploadedFile } from './message-payload.ts';

/** A parsed REST request as handlers see it (path without the /api/v10 prefix). */
export interface RestRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** JSON body, or the parsed `payload_json` of a multipart body. */
  body: unknown;
  files: UploadedFile[];
  headers: Record<string, string | string[] | undefined>;
}

export interface RestResponse {
  status: number;
  /** JSON-serialised; absent for 204. */
  body?: unknown;
}

export type RestHandler = (req: RestRequest) => RestResponse | Promise<RestResponse>;

interface Route {
  method: string;
  segments: string[];
  handler: RestHandler;
}

/** Minimal method + path-pattern router (`/channels/:channelId/messages`); literal segments win over params. */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: RestHandler): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  match(method: string, path: string): { handler: RestHandler; params: Record<string, string> } | { methodNotAllowed: true } | null {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    let pathMatched = false;
    const candidates: { route: Route; params: Record<string, string>; literals: number }[] = [];
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      const ok = route.segments.every((seg, i) => {
        const part = parts[i] as string;
        if (seg.startsWith(':')) {
          params[seg.slice(1)] = part;
          return true;
        }
        literals += 1;
        return seg === part;
      });
      if (!ok) continue;
      pathMatched = true;
      if (route.method === method) candidates.push({ route, params, literals });
    }
    if (candidates.length === 0) return pathMatched ? { methodNotAllowed: true } : null;
    candidates.sort((a, b) => b.literals - a.literals);
    const best = candidates[0] as (typeof candidates)[number];
    return { handler: best.route.handler, params: best.params };
  }
}
