import type { RefusalSpec } from 'dbsbm';

/**
 * Webhooks' own refusal codes. It also throws the core's NOT_FOUND (no such endpoint or delivery), NOT_ALLOWED
 * (not a server manager), LIMIT_REACHED (the server's `webhook_limit`) and INVALID_INPUT. Listed in docs/refusals.md.
 */
export const WEBHOOK_REFUSALS = {
  BAD_URL: { title: 'That URL cannot receive webhooks', status: 400, description: 'The endpoint URL is not https, carries credentials, or points at a private, loopback or otherwise forbidden address.' },
  UNKNOWN_EVENT: { title: 'Unknown event', status: 400, description: 'An event to subscribe to (or a custom event name) is not one webhooks can send.' },
  BAD_FORMAT: { title: 'Unknown body format', status: 400, description: 'The body format is not one of standard, discord, zapier, ifttt.' },
} as const satisfies Record<string, RefusalSpec>;
