import { infoEmbed, type SafeEmbedBuilder } from 'dbsbm';
import { CHANNELS, NOTIFICATION_TYPES, type ChannelName } from '../channels/types.ts';
import type { MemberNotificationPrefs } from '../services/preferences.ts';
import { describeQuietHours } from '../services/quiet-hours.ts';
import type { ChannelsConfigured } from '../services/routing.ts';
import { TYPE_LABEL } from './notification-embed.ts';

export const CHANNEL_LABEL: Record<ChannelName, string> = { dm: 'DM', channel: 'Server channel', email: 'E-mail', push: 'Browser push', sms: 'Text message' };

/** `/notifications show`: what a member gets, where, and what is set up. */
export function prefsEmbed(
  prefs: MemberNotificationPrefs,
  reach: { contacts: { kind: 'email' | 'sms'; address: string; confirmed: boolean }[]; browsers: number },
  configured: ChannelsConfigured,
  defaultDigestMinutes: number,
): SafeEmbedBuilder {
  const lines = NOTIFICATION_TYPES.map((t) => {
    const where = prefs.muted.includes(t) ? 'muted' : prefs.channels[t].length ? prefs.channels[t].map((c) => CHANNEL_LABEL[c]).join(' → ') : 'off';
    return `**${TYPE_LABEL[t]}**: ${where}`;
  });
  const contact = (kind: 'email' | 'sms'): string => {
    const c = reach.contacts.find((x) => x.kind === kind);
    if (!configured[kind]) return 'not offered by this bot';
    return c ? `${c.address}${c.confirmed ? '' : ' (waiting for the code)'}` : `not set (/notifications ${kind})`;
  };
  return infoEmbed('Your notifications', lines.join('\n')).addFields(
    { name: 'Quiet hours', value: prefs.quietHours ? `${describeQuietHours(prefs.quietHours)}: only critical notes come through` : 'none (/notifications quiet)', inline: false },
    { name: 'Price-alert digest', value: `every ${prefs.digestMinutes ?? defaultDigestMinutes} min`, inline: true },
    { name: 'E-mail', value: contact('email'), inline: true },
    { name: 'Text messages', value: contact('sms'), inline: true },
    { name: 'Browser push', value: configured.push ? `${reach.browsers} browser${reach.browsers === 1 ? '' : 's'} (/notifications push)` : 'not offered by this bot', inline: true },
    { name: 'Channels', value: `Change one with /notifications set. Fallback when a DM cannot be delivered: ${['dm', 'channel', 'email'].map((c) => CHANNEL_LABEL[c as ChannelName]).join(' → ')}.`, inline: false },
  );
}

export const CHANNEL_CHOICES = CHANNELS.map((c) => ({ name: CHANNEL_LABEL[c], value: c }));
export const TYPE_CHOICES = NOTIFICATION_TYPES.map((t) => ({ name: TYPE_LABEL[t], value: t }));
