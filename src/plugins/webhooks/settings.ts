import { z } from 'zod';
import { isAllowedHostEntry } from './services/allowed-hosts.ts';

/** Options of the webhooks plugin (plugins.config.ts). */
export const webhookOptions = z.object({
  /** Key that seals signing secrets at rest (32+ characters; from `DBSBM_SECRET_KEY`). */
  secretKey: z.string().min(32, 'the webhook secret key (DBSBM_SECRET_KEY) needs at least 32 characters'),
  /**
   * Hosts allowed even though they resolve to loopback or private addresses (`WEBHOOK_ALLOWED_HOSTS`): `host` for
   * every server, `<guild id>=<host>` for one server only (see services/allowed-hosts.ts).
   */
  allowedHosts: z
    .array(z.string().min(1).refine(isAllowedHostEntry, { message: 'each allowed host is `host` or `<guild id>=<host>` (no spaces, slashes or ports)' }))
    .default([]),
  /** Endpoints a platinum server may have when its `webhook_limit` is 0 (the seed default). */
  defaultLimit: z.number().int().min(1).max(1000).default(10),
  /** How long a rotated-out secret keeps signing beside the new one. */
  rotationGraceHours: z.number().min(0).max(24 * 30).default(24),
  /** Per-request timeout and response cap. */
  timeoutMs: z.number().int().min(100).max(60_000).default(15_000),
  maxResponseBytes: z.number().int().min(1024).max(10_485_760).default(65_536),
});
export type WebhookOptions = z.output<typeof webhookOptions>;

/** Events an endpoint can subscribe to; `custom` covers the events an admin sends with `/webhook send`. */
export const WEBHOOK_EVENTS = ['bet.placed', 'bet.settled', 'odds.moved', 'game.final', 'user.activity', 'system.health', 'custom'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * The retry schedule after a failed attempt (Standard Webhooks' recommendation): immediately, 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h. Jitter is added by the job runner.
 */
export const RETRY_SCHEDULE_MS = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

/** An endpoint that has failed for this long is disabled and the server's owner is told. */
export const DISABLE_AFTER_MS = 5 * 86_400_000;
