import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isRefusal, isTopicId, type ApiPrincipal, type SocketRoute } from 'dbsbm';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { StreamHub } from '../hub/hub.ts';
import type { StreamClient } from '../hub/client.ts';
import type { StreamContext } from '../services/context.ts';
import { resolveTopics } from '../services/topics.ts';

const message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), topics: z.array(z.string().max(100)).min(1).max(500), lastId: z.string().refine(isTopicId, 'lastId is an id the stream handed out, e.g. 1765123456789-0').optional() }).strict(),
  z.object({ type: z.literal('unsubscribe'), topics: z.array(z.string().max(100)).min(1).max(500) }).strict(),
  z.object({ type: z.literal('ping') }).strict(),
]);

/** Close codes a client can act on (4000–4999 are the application's). */
export const CLOSE = { shutdown: 1001, gate: 4403, slow: 4008, bad: 4400, gone: 1000 } as const;

const MAX_MESSAGE_BYTES = 16 * 1024;

/** `GET /api/v1/ws`: the live stream over a plain WebSocket, with subscribe/unsubscribe messages. */
export function wsRoute(ctx: StreamContext, hub: () => StreamHub): { route: SocketRoute; close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const route: SocketRoute = {
    path: '/ws',
    handle(req: IncomingMessage, socket: Duplex, head: Buffer, principal: ApiPrincipal) {
      wss.handleUpgrade(req, socket, head, (ws) => serve(ctx, hub(), ws, principal));
    },
  };
  return {
    route,
    close: () => {
      for (const ws of wss.clients) ws.close(CLOSE.shutdown, 'server shutting down: reconnect with your lastId');
      wss.close();
    },
  };
}

function serve(ctx: StreamContext, hub: StreamHub, ws: WebSocket, principal: ApiPrincipal): void {
  let alive = true;
  ws.on('pong', () => (alive = true));
  const send = (data: unknown): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(data));
  };
  const client: StreamClient = hub.connect(principal.guildId, {
    event: (frames) => {
      if (ws.readyState === ws.OPEN) ws.send(frames.ws);
    },
    control: (m) => send(m),
    buffered: () => ws.bufferedAmount,
    close: (reason) => {
      if (reason === 'slow') {
        // Its buffer is full: a close frame would queue behind it. Cut it; it resumes from its last id.
        ws.terminate();
        return;
      }
      if (ws.readyState === ws.OPEN) ws.close(CLOSE[reason], reason === 'gate' ? 'live streaming is off for this server' : reason);
    },
    heartbeat: () => {
      if (!alive) return false;
      alive = false;
      if (ws.readyState === ws.OPEN) ws.ping();
      return true;
    },
  });
  ws.on('close', () => client.close('gone'));
  ws.on('error', () => client.close('gone'));
  // One message at a time, in order: a subscribe's history must be sent before the next message is handled.
  let queue = Promise.resolve();
  ws.on('message', (raw, isBinary) => {
    queue = queue.then(() => handle(raw.toString(), isBinary)).catch((err: unknown) => {
      ctx.logger.warn({ err }, 'a live WebSocket message failed');
      send({ type: 'error', code: 'INTERNAL', message: 'That message could not be handled; try again.' });
    });
  });

  async function handle(text: string, isBinary: boolean): Promise<void> {
    if (client.closed) return;
    let parsed: z.output<typeof message>;
    try {
      if (isBinary) throw new Error('send JSON text messages');
      parsed = message.parse(JSON.parse(text));
    } catch (err) {
      const detail = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ') : (err as Error).message;
      send({ type: 'error', code: 'INVALID_INPUT', message: `Not a message this stream understands (${detail}). Send {"type":"subscribe","topics":["scores"]}.` });
      return;
    }
    if (parsed.type === 'ping') return send({ type: 'pong' });
    try {
      const gate = await ctx.gate(principal.guildId);
      if (!gate.ok) {
        client.close('gate');
        return;
      }
      const topics = resolveTopics(parsed.topics, principal.guildId, ctx.options.maxTopicsPerClient);
      if (parsed.type === 'unsubscribe') {
        hub.detach(client, topics);
        return send({ type: 'unsubscribed', topics: topics.map((t) => t.name) });
      }
      const already = client.keys.size;
      if (already + topics.filter((t) => !client.keys.has(t.key)).length > ctx.options.maxTopicsPerClient) {
        return send({ type: 'error', code: 'INVALID_INPUT', message: `Follow at most ${ctx.options.maxTopicsPerClient} topics on one connection.` });
      }
      const attached = await hub.attach(client, topics, parsed.lastId ?? null);
      client.transport.control({ type: 'subscribed', id: attached.id, topics: topics.map((t) => t.name) });
      client.release();
    } catch (err) {
      if (isRefusal(err)) return send({ type: 'error', code: err.code, message: err.message, ...(err.next ? { next: err.next } : {}) });
      throw err;
    }
  }
}
