// Events the webhooks plugin adds: what an admin sends by hand. The hourly health beat, `system.health`, is the
// core's (the performance plugin publishes its alerts with it too).
declare module 'dbsbm' {
  interface DbsbmEvents {
    /** A custom event an admin sends with `/webhook send`. */
    'webhook.custom': { guildId: string; name: string; data: Record<string, unknown> };
    /**
     * An endpoint of a server was added, removed, changed or disabled: every instance forgets its cached endpoint list.
     * The server is not named `guildId` on purpose: the gate would hold it back where the plugin is off, and a cache
     * must be forgotten there too.
     */
    'webhook.endpoints.changed': { endpointsOfGuild: string };
  }
}

/** What the webhooks plugin publishes (declared in its definition). */
export const WEBHOOK_PUBLISHED_EVENTS = ['webhook.custom', 'system.health', 'webhook.endpoints.changed'] as const;
