// Events the webhooks plugin adds: what an admin sends by hand, and the hourly health beat.
declare module 'dbsbm' {
  interface DbsbmEvents {
    /** A custom event an admin sends with `/webhook send`. */
    'webhook.custom': { guildId: string; name: string; data: Record<string, unknown> };
    /** The bot's health, hourly (no guild: every subscribed endpoint of every server gets it). */
    'system.health': { status: 'ok'; at: string; instance: string };
  }
}

/** What the webhooks plugin publishes (declared in its definition). */
export const WEBHOOK_PUBLISHED_EVENTS = ['webhook.custom', 'system.health'] as const;
