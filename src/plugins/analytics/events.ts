// The analytics plugin's events: its roll-ups for a server changed (open dashboards refresh), and a consenting
// member did something trackable (webhooks forwards it).
declare module 'dbsbm' {
  interface DbsbmEvents {
    'analytics.updated': { guildId: string };
    /** A member did something trackable (only members who consented to analytics). */
    'user.activity': { guildId: string; userId: string; activity: string };
  }
}

// It also asks for the creator of a scheduled report to be told when a delivery fails for good.
export const ANALYTICS_EVENTS = ['analytics.updated', 'user.activity', 'notification.requested'] as const;
