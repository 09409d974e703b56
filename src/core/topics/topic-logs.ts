import type { Logger } from 'pino';
import type { RedisLink } from '../cache/redis.ts';
import { MemoryTopicLog } from './memory-log.ts';
import { RedisTopicLog } from './redis-log.ts';
import { DEFAULT_RETENTION, type PluginTopicsApi, type TopicLog, type TopicRetention } from './types.ts';

/** Hands each plugin its own topic logs (made on first use), in Redis when the deployment has it. */
export class TopicLogs {
  readonly #logs = new Map<string, { log: TopicLog; retention: TopicRetention }>();

  constructor(
    private readonly logger: Logger,
    private readonly redis: RedisLink | undefined,
    private readonly deployment: string,
  ) {}

  /** The topics API of `namespace` (a plugin's name). */
  for(namespace: string): PluginTopicsApi {
    const get = (): { log: TopicLog; retention: TopicRetention } => {
      let slot = this.#logs.get(namespace);
      if (!slot) {
        const made: { log?: TopicLog; retention: TopicRetention } = { retention: { ...DEFAULT_RETENTION } };
        const retention = (): TopicRetention => made.retention;
        // The hash tag keeps every key of a deployment in one Redis Cluster slot: the append script touches several.
        made.log = this.redis
          ? new RedisTopicLog(this.redis, `dbsbm:{${this.deployment}}:t:${namespace}`, this.logger.child({ component: 'topics', plugin: namespace }), retention)
          : new MemoryTopicLog(retention);
        slot = made as { log: TopicLog; retention: TopicRetention };
        this.#logs.set(namespace, slot);
      }
      return slot;
    };
    return {
      append: (keys, event, data, options) => get().log.append(keys, event, data, options),
      range: (key, afterId, uptoId, limit) => get().log.range(key, afterId, uptoId, limit),
      watch: (key, listener) => get().log.watch(key, listener),
      unwatch: (key, listener) => get().log.unwatch(key, listener),
      head: () => get().log.head(),
      configure: (retention) => Object.assign(get().retention, retention),
    };
  }

  async close(): Promise<void> {
    for (const { log } of this.#logs.values()) await log.close();
    this.#logs.clear();
  }
}
