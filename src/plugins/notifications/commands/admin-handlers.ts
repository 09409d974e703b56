import type { Command } from '@sapphire/framework';
import { MessageFlags } from 'discord.js';
import { successEmbed } from 'dbsbm';
import type { NotificationType } from '../channels/types.ts';
import type { NotificationsContext } from '../services/context.ts';
import { announce } from '../services/announce.ts';
import { setServerRoute } from '../services/server-routes.ts';
import { notificationStats } from '../services/stats.ts';
import { statsMessage } from '../views/stats-view.ts';
import { TYPE_LABEL } from '../views/notification-embed.ts';

type Interaction = Command.ChatInputCommandInteraction;

/** Server managers' subcommands of `/notifications` (the caller checks Manage Server). */
export function adminHandlers(ctx: NotificationsContext) {
  return {
    async route(i: Interaction) {
      const type = i.options.getString('type', true) as NotificationType;
      const channel = i.options.getChannel('channel');
      await setServerRoute(ctx, i.guildId!, type, channel?.id ?? null);
      await i.reply({
        embeds: [successEmbed('Saved', channel ? `${TYPE_LABEL[type]} are posted in <#${channel.id}>, and DMs that cannot be delivered fall back there.` : `${TYPE_LABEL[type]} are no longer posted in a channel.`)],
        flags: MessageFlags.Ephemeral,
      });
    },

    async send(i: Interaction) {
      const { members } = await announce(ctx, i.guildId!, { title: i.options.getString('title', true), body: i.options.getString('body', true), key: `announce:${i.id}` });
      await i.reply({ embeds: [successEmbed('Announcement sent', `Going to ${members} member${members === 1 ? '' : 's'} who take server announcements, and to the announcements channel if one is set (/notifications route).`)], flags: MessageFlags.Ephemeral });
    },

    async stats(i: Interaction) {
      const days = i.options.getInteger('days') ?? 30;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.editReply(await statsMessage(await notificationStats(ctx, i.guildId!, Date.now() - days * 86_400_000), days));
    },
  };
}
