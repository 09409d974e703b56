import { Colors, safeEmbed, type SystemHealthAlert } from 'dbsbm';
import type { EmbedBuilder } from 'discord.js';
import { METRICS, type MetricName } from './catalogue.ts';
import { seriesLabel } from './series.ts';
import { formatValue } from './format.ts';

/** What the `notify` job sends one owner: a rule fired or resolved. */
export interface AlertNotice {
  userId: string;
  status: 'alert' | 'resolved';
  alert: SystemHealthAlert;
}

/** The owner's direct message about a rule: what breached, how badly, on which series, since when. */
export function alertEmbed(notice: AlertNotice): EmbedBuilder {
  const a = notice.alert;
  const unit = a.unit ?? METRICS[a.metric as MetricName]?.unit ?? '';
  const firing = notice.status === 'alert';
  const since = Math.floor(Date.parse(a.since) / 1000);
  return safeEmbed()
    .setColor(firing ? Colors.error : Colors.success)
    .setTitle(firing ? `Alert: ${a.rule} is firing` : `Resolved: ${a.rule}`)
    .setDescription(
      firing
        ? `\`${a.metric}\` ${a.comparator} ${formatValue(a.threshold, unit)} for ${a.forSeconds / 60} min on **${seriesLabel(a.tags)}**: ${a.value === null ? 'no figure' : formatValue(a.value, unit)} at worst.`
        : `\`${a.metric}\` is no longer ${a.comparator} ${formatValue(a.threshold, unit)}${a.value === null ? ' (no figures came in)' : `: ${formatValue(a.value, unit)} now`}.`,
    )
    .addFields({ name: 'Since', value: `<t:${since}:f> (<t:${since}:R>)`, inline: true }, { name: 'Rule', value: a.rule, inline: true })
    .setFooter({ text: 'DBSBM performance · /performance shows every figure · also sent as system.health to webhooks' });
}
