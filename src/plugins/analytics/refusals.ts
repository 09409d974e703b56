import type { RefusalSpec } from 'dbsbm';

/**
 * Refusal codes of the analytics plugin, beside the core's (INVALID_INPUT, NOT_FOUND, NOT_ALLOWED, LIMIT_REACHED,
 * UNAVAILABLE), which cover the rest: bad options, unknown reports, admins only, the export allowance, links not set up.
 */
export const ANALYTICS_REFUSALS = {
  DASHBOARD_LINK_INVALID: {
    title: 'This dashboard link is not valid',
    status: 401,
    description: 'The dashboard link was changed, cut short or signed with another key; links come from /analytics dashboard.',
  },
  DASHBOARD_LINK_EXPIRED: {
    title: 'This dashboard link has expired',
    status: 401,
    description: "The dashboard link is older than the server's dashboardLinkMinutes; /analytics dashboard gives a new one.",
  },
} as const satisfies Record<string, RefusalSpec>;
