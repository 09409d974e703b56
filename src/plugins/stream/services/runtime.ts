import { StreamHub } from '../hub/hub.ts';
import type { StreamContext } from './context.ts';

interface Runtime {
  hub: StreamHub;
  stops: (() => void)[];
}

// One per booted plugin context (tests boot several apps in one process).
const runtimes = new WeakMap<object, Runtime>();

/** This instance's live fan-out, made on first use. */
export function runtimeOf(ctx: StreamContext): Runtime {
  let rt = runtimes.get(ctx);
  if (!rt) {
    rt = { hub: new StreamHub(ctx.topics, ctx.options), stops: [] };
    runtimes.set(ctx, rt);
  }
  return rt;
}

/** Ends every client (each resumes elsewhere from its last id) and stops listening. */
export function closeRuntime(ctx: StreamContext): void {
  const rt = runtimes.get(ctx);
  if (!rt) return;
  rt.hub.closeAll();
  for (const stop of rt.stops.splice(0)) stop();
}

/** Lets go of the clients of every server where streaming is no longer on (tier lowered, flag or plugin off). */
export async function recheckGates(ctx: StreamContext, hub: StreamHub): Promise<void> {
  for (const guildId of hub.guilds()) {
    try {
      const gate = await ctx.gate(guildId);
      if (!gate.ok) for (const c of hub.clientsOf(guildId)) c.close('gate');
    } catch (err) {
      ctx.logger.warn({ err, guildId }, 'could not re-check a server’s gate for its live clients');
    }
  }
}
