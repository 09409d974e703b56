import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FeedLogger } from '../../../../src/plugins/betting/feeds/feed-logger.ts';

/** One canned answer. A non-string body is sent as JSON. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface SeenRequest {
  path: string;
  query: Record<string, string>;
}

/**
 * A stand-in for api.the-odds-api.com on 127.0.0.1: answers each path from a queue of replies (the last one
 * repeats) and records every request. Unknown paths get the API's 404 shape.
 */
export class OddsApiServer {
  readonly requests: SeenRequest[] = [];
  private readonly replies = new Map<string, Reply[]>();
  private server: Server | undefined;

  /** Queues replies for a path such as `/v4/sports/soccer_epl/odds`. */
  on(path: string, ...replies: Reply[]): this {
    this.replies.set(path, [...(this.replies.get(path) ?? []), ...replies]);
    return this;
  }

  /** Replaces the queue of a path. */
  set(path: string, ...replies: Reply[]): this {
    this.replies.set(path, replies);
    return this;
  }

  paths(): string[] {
    return this.requests.map((r) => r.path);
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      this.requests.push({ path: url.pathname, query: Object.fromEntries(url.searchParams) });
      const queue = this.replies.get(url.pathname);
      const reply = queue && queue.length > 1 ? queue.shift() : queue?.[0];
      if (!reply) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Unknown sport', error_code: 'UNKNOWN_SPORT' }));
        return;
      }
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, {
        'content-type': 'application/json',
        'x-requests-remaining': '480',
        'x-requests-used': '20',
        'x-requests-last': '3',
        ...reply.headers,
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

/** A logger that keeps what it is told, for assertions on messages and on what never gets logged. */
export function recordingLogger(): FeedLogger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (obj: Record<string, unknown>, msg: string): void => {
      entries.push({ level, obj, msg });
    };
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(entries),
  };
}

/** Waits (on real time, briefly) until a condition holds; for work that crosses real sockets. */
export async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
