import type { WebhooksContext } from './context.ts';
import { EndpointCache } from './endpoint-cache.ts';
import { readFanOutEndpoints } from './endpoint-rows.ts';
import { EnqueueBatcher } from './enqueue-batcher.ts';
import { createKeepAliveAgents, type KeepAliveAgents } from './keep-alive.ts';

/** What the plugin keeps while it runs: connection pools, the endpoint cache and the fan-out's batched writes. */
export interface WebhooksRuntime {
  agents: KeepAliveAgents;
  endpoints: EndpointCache;
  deliveries: EnqueueBatcher;
}

// Keyed by the plugin's context (one per loaded plugin, per app): two apps in one process (tests, the benchmark) keep
// apart pools and caches.
const runtimes = new WeakMap<WebhooksContext, WebhooksRuntime>();

/** The plugin's runtime for this context, made on first use (setup, or a service called before it). */
export function runtimeOf(ctx: WebhooksContext): WebhooksRuntime {
  let runtime = runtimes.get(ctx);
  if (!runtime) {
    runtime = {
      agents: createKeepAliveAgents(),
      endpoints: new EndpointCache((guildId) => readFanOutEndpoints(ctx, guildId)),
      deliveries: new EnqueueBatcher(ctx, 'deliver'),
    };
    runtimes.set(ctx, runtime);
  }
  return runtime;
}

/** Closes the pools' connections (teardown). */
export function closeRuntime(ctx: WebhooksContext): void {
  runtimes.get(ctx)?.agents.destroy();
  runtimes.delete(ctx);
}

/**
 * Call once a change to one of a server's endpoints has committed: this instance forgets the server's endpoint list at
 * once, the others when they hear the event (within the cache's TTL if they miss it, e.g. while Redis is down).
 */
export async function endpointsChanged(ctx: WebhooksContext, guildId: string): Promise<void> {
  runtimeOf(ctx).endpoints.invalidate(guildId);
  try {
    await ctx.events.publish('webhook.endpoints.changed', { endpointsOfGuild: guildId });
  } catch (err) {
    ctx.logger.warn({ err, guildId }, 'could not tell other instances that endpoints changed; their caches expire by themselves');
  }
}
