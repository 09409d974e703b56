import { isTimeZone } from 'dbsbm';
import { z } from 'zod';

const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London or America/New_York');

/** Options from plugins.config.ts. */
export const analyticsOptions = z
  .object({
    /** Signs dashboard links (HMAC). Without it, `/analytics dashboard` explains how to set DBSBM_SECRET_KEY. */
    linkSecret: z.string().min(32, 'linkSecret must be at least 32 characters').optional(),
    /** The address people open dashboard links at (default: this server's HTTP address). */
    publicUrl: z.url().optional(),
  })
  .default({});
export type AnalyticsOptions = z.output<typeof analyticsOptions>;

/** Per-server settings (`/settings set plugin:analytics`). */
export const analyticsSettings = z.object({
  /** The server's time zone: report schedules and time-of-day patterns use it. Roll-up days are UTC. */
  timeZone: timeZone.default('UTC'),
  /** Exports a month; the tier's allowance is the ceiling (platinum: 50). */
  exportsPerMonth: z.number().int().min(0).max(50).default(50),
  /** Private notes to members about patterns of possible harm (at most one a week per member). */
  harmNotes: z.boolean().default(true),
  /** How long a dashboard link works, in minutes. */
  dashboardLinkMinutes: z.number().int().min(5).max(1440).default(60),
});
export type AnalyticsSettings = z.output<typeof analyticsSettings>;
