import { Colors, safeEmbed, type SafeEmbedBuilder } from 'dbsbm';
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

/** A notification as a Discord embed, within Discord's limits whatever the text. `url` is the (tracked) link, if any. */
export function notificationEmbed(n: OutgoingNotification, url: string | null): SafeEmbedBuilder {
  const embed = safeEmbed()
    .setColor(COLOUR[n.type])
    .setTitle(n.title)
    .setFooter({ text: `${TYPE_LABEL[n.type]} · change what you get with /notifications set` })
    .setTimestamp(n.createdAt);
  if (n.body) embed.setDescription(n.body);
  if (url) embed.setURL(url);
  if (n.fields.length > 0) embed.addFields(n.fields.slice(0, 10).map((f) => ({ name: f.name, value: f.value, inline: true })));
  return embed;
}
