// Events the webhooks plugin adds: what an admin sends by hand, and the hourly health beat.
declare module 'dbsbm' {
  interface DbsbmEvents {
    /** A custom event an admin sends with `/webhook send`. */
    'webhook.custom': { guildId: string; name: string; data: Record<string, unknown> };
    /** The bot's health, hourly (no guild: every subscribed endpoint of every server gets it). */
    'system.health': { status: 'ok'; at: string; instance: string };
    /** A member did something trackable (published by the analytics plugin, once it exists). */
    'user.activity': { guildId: string; userId: string; activity: string };
  }
}

export {};
