import type { APIEmbed } from 'discord.js';
import { Colors, clampEmbed } from 'dbsbm';
import type { NotificationType, OutgoingNotification } from '../channels/types.ts';

const COLOUR: Record<NotificationType, number> = {
  bet_result: Colors.info,
  odds_alert: Colors.info,
  game_starting: Colors.info,
  achievement: Colors.success,
  responsible_play: Colors.warning,
  system: Colors.warning,
  schedule_failure: Colors.error,
  custom: Colors.info,
};

/** Type names as members read them. */
export const TYPE_LABEL: Record<NotificationType, string> = {
  bet_result: 'Bet results',
  odds_alert: 'Price alerts',
  game_starting: 'Kick-off reminders',
  achievement: 'Achievements',
  responsible_play: 'Responsible play',
  system: 'System notices',
  schedule_failure: 'Failed schedules',
  custom: 'Server announcements',
};

/**
 * A notification as a Discord embed, within Discord's limits whatever the text (clamped). A plain object, not a
 * builder: the builder's validation cost more than the rest of a send in a blast. `url` is the (tracked) link, if any.
 */
export function notificationEmbed(n: OutgoingNotification, url: string | null): APIEmbed {
  return clampEmbed({
    color: COLOUR[n.type],
    title: n.title,
    footer: { text: `${TYPE_LABEL[n.type]} · change what you get with /notifications set` },
    timestamp: new Date(n.createdAt).toISOString(),
    ...(n.body ? { description: n.body } : {}),
    ...(url ? { url } : {}),
    ...(n.fields.length > 0 ? { fields: n.fields.slice(0, 10).map((f) => ({ name: f.name || '-', value: f.value || '-', inline: true })) } : {}),
  });
}
