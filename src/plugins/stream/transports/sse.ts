import type { Request, Response, Router } from 'express';
import { apiPrincipalOf, HttpProblem, isTopicId, Refusal } from 'dbsbm';
import type { StreamHub } from '../hub/hub.ts';
import type { CloseReason } from '../hub/client.ts';
import type { StreamContext } from '../services/context.ts';
import { resolveTopics } from '../services/topics.ts';

/** A client's last id, from the header EventSource sends on reconnect, else `?lastEventId=`. */
export function lastIdOf(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !isTopicId(value)) throw new Refusal('INVALID_EVENT_ID', 'The last event id is not one this stream handed out (ids look like 1765123456789-0).', { next: 'Reconnect without it to start from now, and refetch over REST.' });
  return value;
}

/** The gate for the key's server, as an HTTP answer. */
export async function gateOrRefuse(ctx: StreamContext, guildId: string): Promise<void> {
  const gate = await ctx.gate(guildId);
  if (!gate.ok) throw new HttpProblem(403, 'Forbidden', gate.message, { code: gate.identifier, ...(gate.requiredTier ? { requiredTier: gate.requiredTier } : {}) });
}

/** `GET /api/v1/stream?topics=…`: Server-Sent Events, resumable with `Last-Event-ID`. */
export function sseRoutes(router: Router, ctx: StreamContext, hub: () => StreamHub): void {
  router.get('/', (req: Request, res: Response, next) => {
    const run = async (): Promise<void> => {
      const principal = apiPrincipalOf(res)!;
      await gateOrRefuse(ctx, principal.guildId);
      const topics = resolveTopics(String(req.query.topics ?? '').split(','), principal.guildId, ctx.options.maxTopicsPerClient);
      const lastId = lastIdOf(req.get('last-event-id') ?? req.query.lastEventId);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // Proxies that buffer (nginx) would hold events back until a buffer fills.
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      res.flushHeaders();
      res.socket?.setNoDelay(true);
      res.write('retry: 2000\n\n');
      const client = hub().connect(principal.guildId, {
        event: (frames) => res.write(frames.sse),
        control: (m) => res.write(`id: ${m.id}\nevent: ${m.type}\ndata: ${JSON.stringify({ topics: m.topics, id: m.id, ...(m.type === 'resync' ? { reason: 'history' } : {}) })}\n\n`),
        buffered: () => res.writableLength,
        close: (reason: CloseReason) => {
          if (!res.writableEnded && !res.destroyed) {
            res.write(`event: closed\ndata: ${JSON.stringify({ reason })}\n\n`);
            if (reason === 'slow') res.destroy();
            else res.end();
          }
        },
        heartbeat: () => {
          if (res.destroyed) return false;
          res.write(': hb\n\n');
          return true;
        },
      });
      req.on('close', () => client.close('gone'));
      try {
        const attached = await hub().attach(client, topics, lastId);
        client.transport.control({ type: 'ready', id: attached.id, topics: topics.map((t) => t.name) });
        client.release();
      } catch (err) {
        client.close('gone');
        throw err;
      }
    };
    run().catch((err: unknown) => {
      if (res.headersSent) {
        ctx.logger.warn({ err }, 'a live stream failed after it started');
        if (!res.writableEnded) res.end();
        return;
      }
      next(err);
    });
  });
}
