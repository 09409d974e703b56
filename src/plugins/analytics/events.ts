// The analytics plugin's own event: its roll-ups for a server changed (open dashboards refresh).
declare module 'dbsbm' {
  interface DbsbmEvents {
    'analytics.updated': { guildId: string };
  }
}

export const ANALYTICS_EVENTS = ['analytics.updated', 'user.activity'] as const;
