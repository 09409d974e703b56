import type { RefusalSpec } from 'dbsbm';

/** The stream plugin's refusal codes (listed in docs/refusals.md). */
export const STREAM_REFUSALS = {
  INVALID_TOPIC: { title: 'Unknown topic', status: 400, description: 'A live-stream topic name is not one of odds:game:<id>, odds:league:<slug>, scores, scores:game:<id>, bets, leaderboard, competitions.' },
  INVALID_EVENT_ID: { title: 'Not an event id', status: 400, description: 'Last-Event-ID, lastEventId, lastId or after is not an id the stream handed out (`<ms>-<n>`).' },
  STREAM_UNAVAILABLE: { title: 'Live stream unavailable', status: 503, description: 'The live topics could not be read (Redis did not answer); reconnect in a few seconds with the last event id.' },
} as const satisfies Record<string, RefusalSpec>;
