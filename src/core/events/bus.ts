import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RedisClient, RedisLink } from '../cache/redis.ts';
import type { Metrics } from '../metrics/registry.ts';
import type { EventMeta, EventName, EventPayload, Subscriber } from './types.ts';

/** Answers whether a plugin's subscriber may run for a guild (the gate, injected to avoid a cycle). */
export type SubscriberGate = (plugin: string, guildId: string) => Promise<boolean>;

interface Registration {
  plugin: string;
  event: EventName;
  handler: Subscriber<EventName>;
  everyInstance: boolean;
}

/** How a subscriber is registered. */
export interface SubscribeOptions {
  /**
   * Also run for durable events delivered on another instance. Durable events (a job) reach their subscribers once,
   * on the instance that runs the job, since their effects are shared (rows, deliveries); a subscriber that keeps
   * per-instance state (an in-memory view, connected clients) asks for every instance. Events published with
   * `publish` reach every instance's subscribers anyway. @default false
   */
  everyInstance?: boolean;
}

interface WireMessage {
  id: string;
  name: EventName;
  guildId: string | null;
  payload: unknown;
  publishedAt: number;
  origin: string;
  /** Delivered by a durable event job: other instances run only their `everyInstance` subscribers. */
  durable?: boolean;
}

/**
 * The typed event bus. Delivery is in-process; with Redis, every event is also sent to the other instances, which
 * deliver it to their own subscribers. Delivery is at most once per instance: durable effects belong in jobs. A durable
 * event (delivered by its job) runs its subscribers on the job's instance only, so its fan-out, roll-up refresh and
 * scoring happen once per deployment, not once per instance; elsewhere only `everyInstance` subscribers see it.
 */
export class EventBus {
  readonly #subs = new Map<EventName, Registration[]>();
  readonly #waiters = new Set<{ event: EventName; resolve: (v: { payload: unknown; meta: EventMeta }) => void }>();
  #link?: RedisLink;
  #subscriber?: RedisClient;
  #subscribed?: Promise<boolean>;
  #gate: SubscriberGate = async () => true;

  readonly #channel: string;

  /**
   * @param deployment Instances of one deployment (one database) share events; another deployment on the same Redis
   * uses another channel and never sees them.
   */
  constructor(
    readonly instanceId: string,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    deployment = 'default',
  ) {
    this.#channel = `dbsbm:${deployment}:events`;
  }

  /** Installs the gate once the plugin manager knows the plugins. */
  setGate(gate: SubscriberGate): void {
    this.#gate = gate;
  }

  /**
   * Sends events across instances over Redis. A dedicated connection subscribes; it subscribes once Redis answers
   * (at once, or later if Redis is down at start) and again after every reconnect, so this never waits on Redis.
   */
  connectRedis(link: RedisLink): void {
    this.#link = link;
    this.#subscriber = link.subscriber();
    this.#subscribed = this.#subscriber
      .subscribe(this.#channel, (raw: string) => {
        let message: WireMessage;
        try {
          message = JSON.parse(raw) as WireMessage;
        } catch (err) {
          this.logger.warn({ err }, 'dropped an unreadable event from Redis');
          return;
        }
        if (message.origin === this.instanceId) return;
        void this.#deliver(message, false, message.durable === true);
      })
      .then(
        () => true,
        (err: unknown) => {
          this.logger.error({ err }, 'could not subscribe to events from other instances');
          return false;
        },
      );
  }

  /** Waits up to `timeoutMs` for the subscription to other instances' events; false if it is not there yet. */
  async subscribedAcrossInstances(timeoutMs: number): Promise<boolean> {
    if (!this.#subscribed) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([this.#subscribed, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Registers a plugin's subscriber. Returns a function that removes it. */
  subscribe<K extends EventName>(plugin: string, event: K, handler: Subscriber<K>, options: SubscribeOptions = {}): () => void {
    const list = this.#subs.get(event) ?? [];
    const reg: Registration = { plugin, event, handler: handler as Subscriber<EventName>, everyInstance: options.everyInstance ?? false };
    list.push(reg);
    this.#subs.set(event, list);
    return () => {
      const current = this.#subs.get(event);
      if (current) this.#subs.set(event, current.filter((r) => r !== reg));
    };
  }

  /**
   * Publishes an event (with `id`, a durable event keeps its id on every delivery). Resolves once this instance's subscribers have run (each isolated: one that throws is
   * logged with its plugin's name and does not stop the others).
   */
  async publish<K extends EventName>(event: K, payload: EventPayload<K>, options: { id?: string; rethrow?: boolean; durable?: boolean } = {}): Promise<void> {
    const guildId = (payload as { guildId?: unknown }).guildId;
    const message: WireMessage = {
      id: options.id ?? randomUUID(),
      name: event,
      guildId: typeof guildId === 'string' ? guildId : null,
      payload,
      publishedAt: Date.now(),
      origin: this.instanceId,
      ...(options.durable ? { durable: true } : {}),
    };
    this.metrics.events.inc({ event, outcome: 'published' });
    // Other instances miss an event sent while Redis is down; this one still delivers it. Events are best-effort
    // by design (durable effects are jobs), and publishing never waits on an unreachable Redis.
    const link = this.#link;
    if (link?.ready) {
      try {
        const wire = JSON.stringify(message);
        await link.call((client) => client.publish(this.#channel, wire));
      } catch (err) {
        link.fellBack('bus', err);
      }
    } else if (link) {
      link.fellBack('bus');
    }
    await this.#deliver(message, options.rethrow ?? false);
  }

  /**
   * Resolves with the next event of that name (used by the testkit and by tests); rejects after `timeoutMs` so a
   * test waiting for an event that never comes fails with a reason instead of hanging.
   */
  next<K extends EventName>(event: K, timeoutMs = 15_000): Promise<{ payload: EventPayload<K>; meta: EventMeta }> {
    return new Promise((resolve, reject) => {
      const waiter = {
        event,
        resolve: (v: { payload: unknown; meta: EventMeta }) => {
          clearTimeout(timer);
          resolve(v as { payload: EventPayload<K>; meta: EventMeta });
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no "${event}" event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** Stops sending events to other instances; closing the Redis link (its owner's job) ends the subscription. */
  async close(): Promise<void> {
    this.#subscriber = undefined;
    this.#link = undefined;
  }

  /**
   * With `rethrow`, a failing subscriber fails the delivery (after every subscriber ran), so a durable event retries.
   * With `everyInstanceOnly` (a durable event run by another instance's job), only `everyInstance` subscribers run.
   */
  async #deliver(message: WireMessage, rethrow = false, everyInstanceOnly = false): Promise<void> {
    const meta: EventMeta = {
      id: message.id,
      name: message.name,
      guildId: message.guildId,
      publishedAt: message.publishedAt,
      origin: message.origin,
    };
    for (const waiter of this.#waiters) {
      if (waiter.event === message.name) {
        this.#waiters.delete(waiter);
        waiter.resolve({ payload: message.payload, meta });
      }
    }
    const subs = (this.#subs.get(message.name) ?? []).filter((reg) => !everyInstanceOnly || reg.everyInstance);
    const failures = (await Promise.all(subs.map((reg) => this.#run(reg, message.payload, meta)))).filter((e) => e !== undefined);
    if (rethrow && failures.length) throw new AggregateError(failures, `${failures.length} subscriber(s) of "${message.name}" failed`);
  }

  /** Runs one subscriber; resolves with its error, if it failed (already logged). */
  async #run(reg: Registration, payload: unknown, meta: EventMeta): Promise<unknown> {
    try {
      if (meta.guildId !== null && !(await this.#gate(reg.plugin, meta.guildId))) {
        this.metrics.events.inc({ event: meta.name, outcome: 'gated' });
        return;
      }
      await reg.handler(payload as EventPayload<EventName>, meta);
      this.metrics.events.inc({ event: meta.name, outcome: 'delivered' });
    } catch (err) {
      this.metrics.events.inc({ event: meta.name, outcome: 'failed' });
      this.logger.error({ err, plugin: reg.plugin, event: meta.name, eventId: meta.id }, `subscriber of plugin "${reg.plugin}" failed`);
      return err ?? new Error('subscriber failed');
    }
    return undefined;
  }
}
