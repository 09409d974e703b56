import { connect, createServer, type Server, type Socket } from 'node:net';

/** A backend that refused a connection is skipped by new connections for this long. */
const DOWN_FOR_MS = 5_000;

export interface Backend {
  host: string;
  port: number;
}

/** A round-robin TCP balancer on loopback, owned by a test (what haproxy in `mode tcp` does, minus health checks). */
export interface Balancer {
  /** The port on 127.0.0.1 clients connect to. */
  readonly port: number;
  /** Connections open now through each backend (by index). */
  open(): number[];
  /** Connections that reached a backend, since the start. */
  readonly forwarded: number;
  /** Connect attempts that a dead backend refused (each was sent on to the next backend). */
  readonly refused: number;
  /** Stops listening and destroys every connection. */
  close(): Promise<void>;
}

/**
 * Sends each new connection to the next backend in turn; a backend that refuses (its process died) is marked down
 * and the connection goes on to the next, so a client never sees a dead instance, only its own connection ending
 * when the instance it was on dies. Bytes are relayed as they come, both ways (no buffering: SSE and WebSocket
 * frames pass at once); when either side ends, the other is closed too.
 */
export async function startBalancer(backends: readonly Backend[]): Promise<Balancer> {
  const open = backends.map(() => 0);
  const downUntil = backends.map(() => 0);
  const sockets = new Set<Socket>();
  let next = 0;
  let forwarded = 0;
  let refused = 0;
  const track = (s: Socket): void => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    // A reset from either side must not crash the test process.
    s.on('error', () => undefined);
  };

  const relay = (client: Socket, tried: number): void => {
    const now = Date.now();
    let index = -1;
    for (let k = 0; k < backends.length && index < 0; k++) {
      const i = (next + k) % backends.length;
      if (downUntil[i]! <= now) index = i;
    }
    // All marked down: try the next in turn anyway (one may be back).
    if (index < 0) index = next % backends.length;
    next = (index + 1) % backends.length;
    const upstream = connect(backends[index]!);
    track(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      forwarded += 1;
      open[index]! += 1;
      upstream.once('close', () => (open[index]! -= 1));
      upstream.setNoDelay(true);
      client.setNoDelay(true);
      client.pipe(upstream);
      upstream.pipe(client);
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    });
    upstream.once('error', () => {
      if (!connected) {
        // Refused before connecting: the backend is gone; the client's connection goes to the next one.
        refused += 1;
        downUntil[index] = Date.now() + DOWN_FOR_MS;
        upstream.destroy();
        if (tried + 1 < backends.length && !client.destroyed) relay(client, tried + 1);
        else client.destroy();
      }
    });
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    relay(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    open: () => [...open],
    get forwarded() {
      return forwarded;
    },
    get refused() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
