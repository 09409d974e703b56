import { AttachmentBuilder } from 'discord.js';
import { chartPng, infoEmbed } from 'dbsbm';
import type { StatsRow } from '../services/stats.ts';
import { CHANNEL_LABEL } from './prefs-view.ts';
import { TYPE_LABEL } from './notification-embed.ts';

const pct = (part: number, whole: number): string => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);

/** `/notifications stats`: a table per type and channel, and a chart of delivered vs failed per channel. */
export async function statsMessage(rows: StatsRow[], days: number) {
  const embed = infoEmbed(
    `Notifications, last ${days} days`,
    rows.length === 0
      ? 'Nothing sent yet. Members choose what they get with /notifications set.'
      : rows
          .slice(0, 20)
          .map((r) => `**${TYPE_LABEL[r.type]}** · ${CHANNEL_LABEL[r.channel]}: ${r.sent} sent, ${r.delivered} delivered (${pct(r.delivered, r.sent)}), ${r.failed} failed, ${r.opened} opened, ${r.clicked} clicked`)
          .join('\n'),
  );
  if (rows.length === 0) return { embeds: [embed] };
  const byChannel = new Map<string, { delivered: number; failed: number }>();
  for (const r of rows) {
    const c = byChannel.get(CHANNEL_LABEL[r.channel]) ?? { delivered: 0, failed: 0 };
    c.delivered += r.delivered;
    c.failed += r.failed;
    byChannel.set(CHANNEL_LABEL[r.channel], c);
  }
  const points = [...byChannel].flatMap(([x, c]) => [
    { x, y: c.delivered, series: 'delivered' },
    { x, y: c.failed, series: 'failed' },
  ]);
  const png = await chartPng({ title: 'Delivered and failed by channel', yLabel: 'notifications', kind: 'bar', xType: 'nominal', points }, { width: 800, height: 360 });
  embed.setImage('attachment://notifications.png');
  return { embeds: [embed], files: [new AttachmentBuilder(png, { name: 'notifications.png' })] };
}
