import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * How a cut proxy treats the connections it gets: `refuse` closes each one at once (a server that went away, a
 * firewall's reset), `blackhole` accepts it and never forwards a byte (a peer that stopped answering, a dropped
 * route): the client waits until its own timeout.
 */
export type CutMode = 'refuse' | 'blackhole';

export interface TcpProxy {
  /** The port on 127.0.0.1 the product connects to instead of the service's. */
  readonly port: number;
  /**
   * Treats new connections as `mode` says until {@link restore}. Current connections are destroyed (the client
   * sees a reset at once), or with `existing: 'freeze'` kept open but silent in both directions (a partition: the
   * client notices nothing until its own timeouts).
   */
  cut(mode: CutMode, options?: { existing?: 'destroy' | 'freeze' }): void;
  /**
   * Forwards new connections again. Connections frozen or held by the cut are reset now (the route is back but
   * their state is gone), so the client has to reconnect rather than resume a stream with a hole in it.
   */
  restore(): void;
  /** Connections forwarded since the proxy started (to see that a client came back). */
  readonly forwarded: number;
  /** Stops listening and destroys every socket, held ones included. */
  close(): Promise<void>;
}

/**
 * A TCP proxy on loopback that a test owns, in front of a shared service (MariaDB, Redis): the test injects a
 * fault by cutting the proxy, never by touching the service itself.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  const frozen = new Set<Socket>();
  const held = new Set<Socket>();
  let mode: CutMode | null = null;
  let forwarded = 0;
  const track = (s: Socket): void => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    // A reset from either side must not crash the test process.
    s.on('error', () => undefined);
  };
  const server: Server = createServer((client) => {
    track(client);
    if (mode === 'refuse') {
      client.destroy();
      return;
    }
    if (mode === 'blackhole') {
      // Held open, read and dropped: the client sees a connection that never answers.
      held.add(client);
      client.resume();
      return;
    }
    forwarded += 1;
    const upstream = connect(target);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.once('close', end);
    upstream.once('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    get forwarded() {
      return forwarded;
    },
    cut(m, options = {}) {
      mode = m;
      if (options.existing === 'freeze') {
        for (const { client, upstream } of pairs) {
          frozen.add(client);
          client.unpipe(upstream);
          upstream.unpipe(client);
          // Keep reading so neither side sees back-pressure; what arrives is dropped.
          client.resume();
          upstream.resume();
        }
        return;
      }
      for (const s of sockets) s.destroy();
    },
    restore() {
      mode = null;
      for (const { client, upstream } of [...pairs]) {
        if (frozen.has(client)) {
          client.destroy();
          upstream.destroy();
        }
      }
      frozen.clear();
      // A connection held by the blackhole never reached the service: reset it so the client dials again.
      for (const s of held) s.destroy();
      held.clear();
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
