/**
 * Keep-alive connections for deliveries, without weakening the SSRF check: every connection these agents open runs
 * the guarded lookup (all resolved addresses checked) and checks the peer it connected to, against the allow-list of
 * the request that opens it. A pooled connection is only reused by requests with the same allow-list (it is part of
 * the pool's key), and safePost checks the peer of every socket it is given, new or reused. A host whose DNS answer
 * changes is checked again on its next new connection; an open connection stays with the address it was checked on.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { checkPeer, guardedLookup, makeAllowCheck, normalizeHost } from './address-guard.ts';

/** The request option that carries the request's allow-list to the agent's connect step. */
export const ALLOWED_HOSTS_OPTION = 'dbsbmAllowedHosts';

type Options = http.ClientRequestArgs & { [ALLOWED_HOSTS_OPTION]?: readonly string[] };
type Callback = (err: Error | null, stream: Duplex) => void;

/** The pools a delivery uses; {@link KeepAliveAgents.destroy} closes every connection (at shutdown). */
export interface KeepAliveAgents {
  http: http.Agent;
  https: https.Agent;
  destroy(): void;
}

/** Options of {@link createKeepAliveAgents}. */
export interface KeepAliveOptions {
  /** Connections open at once to one receiver (host and port); more requests wait for one. @default 16 */
  maxSocketsPerHost?: number;
  /**
   * An idle connection is closed after this long: below the 5 s after which Node servers (and many others) close
   * theirs, so a request rarely meets a connection the receiver is closing. @default 4000
   */
  idleMs?: number;
}

const allowListKey = (options: Options): string => [...new Set((options[ALLOWED_HOSTS_OPTION] ?? []).map(normalizeHost))].sort().join(',');

/** Runs the address check in the connect step of every new connection. */
function guardedConnect(options: Options, connect: (options: Options) => Duplex | null | undefined): Duplex | null | undefined {
  const isAllowed = makeAllowCheck(options[ALLOWED_HOSTS_OPTION]);
  const host = String(options.host ?? options.hostname ?? '');
  const socket = connect({ ...options, lookup: guardedLookup(isAllowed) }) as Socket | null | undefined;
  // A literal IP is connected to without a lookup: check the peer once connected (names were checked by the lookup
  // already; checking again costs nothing).
  socket?.once('connect', () => {
    const refused = checkPeer(host, socket.remoteAddress, isAllowed);
    if (refused) socket.destroy(refused);
  });
  return socket;
}

class GuardedHttpAgent extends http.Agent {
  override createConnection(options: Options, callback?: Callback): Duplex | null | undefined {
    return guardedConnect(options, (o) => super.createConnection(o, callback));
  }

  override getName(options?: Options): string {
    return `${super.getName(options)}|${options ? allowListKey(options) : ''}`;
  }
}

class GuardedHttpsAgent extends https.Agent {
  override createConnection(options: Options, callback?: Callback): Duplex | null | undefined {
    return guardedConnect(options, (o) => super.createConnection(o as https.RequestOptions, callback));
  }

  override getName(options?: Options): string {
    return `${super.getName(options as https.RequestOptions)}|${options ? allowListKey(options) : ''}`;
  }
}

/** Keep-alive agents for http and https whose every new connection runs the SSRF address check. */
export function createKeepAliveAgents(options: KeepAliveOptions = {}): KeepAliveAgents {
  const settings = {
    keepAlive: true,
    maxSockets: options.maxSocketsPerHost ?? 16,
    maxFreeSockets: options.maxSocketsPerHost ?? 16,
    timeout: options.idleMs ?? 4_000,
    // The most recently used connection first: the others go idle and close, instead of all staying half-used.
    scheduling: 'lifo' as const,
  };
  const agents = { http: new GuardedHttpAgent(settings), https: new GuardedHttpsAgent(settings) };
  return {
    ...agents,
    destroy() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
