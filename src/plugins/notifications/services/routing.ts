import type { ChannelName } from '../channels/types.ts';

/** The order a member is tried in when a channel fails for good: DMs closed → the server's channel → e-mail. */
export const FALLBACK_ORDER: readonly ChannelName[] = ['dm', 'channel', 'email'];

/** What the bot can send through at all (configured in plugins.config.ts). */
export interface ChannelsConfigured {
  email: boolean;
  push: boolean;
  sms: boolean;
}

/** The channels a notification starts on: the member's choice for its type, less what the bot has not configured. */
export function startingChannels(chosen: readonly ChannelName[], configured: ChannelsConfigured): ChannelName[] {
  return chosen.filter((c) => c === 'dm' || c === 'channel' || configured[c]);
}

/**
 * The channel to try after `failed` failed for good, or null: the next one in {@link FALLBACK_ORDER} that was not
 * already used for this notification. Push and text messages are extras a member added; they have no fallback.
 */
export function fallbackAfter(failed: ChannelName, used: readonly ChannelName[], configured: ChannelsConfigured): ChannelName | null {
  const at = FALLBACK_ORDER.indexOf(failed);
  if (at < 0) return null;
  for (const next of FALLBACK_ORDER.slice(at + 1)) if (!used.includes(next) && (next !== 'email' || configured.email)) return next;
  return null;
}
