import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { Logger } from 'pino';
import type { Gate } from '../gate/gate.ts';
import type { RefusalCatalogue } from '../refusals/codes.ts';
import { HttpProblem, problemFor, type ProblemAnswer } from '../http/problem.ts';
import { presentedToken } from './http.ts';
import type { ApiGuard, ApiPrincipal } from './principal.ts';

/**
 * A WebSocket (or other upgrade) endpoint a plugin serves under `/api/v1`: the core authenticates the request (API
 * key in the header, or a short-lived token as `?access_token=`), checks the plugin's gate for the caller's server
 * and counts the call, then hands over the socket.
 * @since 1.3.0
 */
export interface SocketRoute {
  /** Path under `/api/v1`, e.g. `/ws`; matched exactly (the query string aside). */
  path: string;
  /** Takes the upgrade over (e.g. `new WebSocketServer({ noServer: true }).handleUpgrade(req, socket, head, …)`). */
  handle(req: IncomingMessage, socket: Duplex, head: Buffer, principal: ApiPrincipal): void;
}

/** Writes a problem document on a socket that has not been upgraded, and closes it. */
function refuse(socket: Duplex, problem: ProblemAnswer): void {
  const body = JSON.stringify(problem.body);
  const headers = [
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Error'}`,
    'content-type: application/problem+json',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    ...Object.entries(problem.headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}

/** The HTTP server's `upgrade` listener for every plugin's {@link SocketRoute}. */
export function upgradeListener(options: {
  routes: () => ReadonlyMap<string, { plugin: string; route: SocketRoute }>;
  guard: () => ApiGuard | null;
  gate: Gate;
  logger: Logger;
  refusals: RefusalCatalogue;
}): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const found = path.startsWith('/api/v1/') ? options.routes().get(path.slice('/api/v1'.length)) : undefined;
    const run = async (): Promise<void> => {
      if (!found) throw new HttpProblem(404, 'Not Found', `No WebSocket is served at ${path}. The live stream is at /api/v1/ws (docs/streaming.md).`);
      const presented = presentedToken(req);
      if (!presented) throw new HttpProblem(401, 'Unauthorized', 'A WebSocket needs an API key ("Authorization: Bearer dbsbm_…") or a short-lived token from POST /api/v1/tokens as ?access_token=.', { code: 'API_KEY_MISSING' });
      const guard = options.guard();
      if (!guard) throw new HttpProblem(401, 'Unauthorized', 'This deployment issues no API keys: its operator has not loaded the api plugin.', { code: 'API_KEYS_UNAVAILABLE' });
      const principal = await guard.authenticate(presented.token, presented.carrier);
      if (!principal) throw new HttpProblem(401, 'Unauthorized', 'This API key or token is not valid: it was revoked, it expired, or it was mistyped.', { code: 'API_KEY_INVALID' });
      const gate = await options.gate.check(found.plugin, principal.guildId);
      if (!gate.ok) throw new HttpProblem(403, 'Forbidden', gate.message, { code: gate.identifier, ...(gate.requiredTier ? { requiredTier: gate.requiredTier } : {}) });
      const headers: Record<string, string> = {};
      await guard.admit(principal, { write: false, weight: 1 }, { setHeader: (name, value) => (headers[name] = String(value)) });
      if (socket.destroyed) return;
      found.route.handle(req, socket, head, principal);
    };
    run().catch((err: unknown) => {
      if (socket.destroyed) return;
      refuse(socket, problemFor(options.logger, options.refusals, err, { instance: path, path, ...(found ? { plugin: found.plugin } : {}) }));
    });
  };
}
