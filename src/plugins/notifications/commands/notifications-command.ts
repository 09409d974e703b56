import { Command } from '@sapphire/framework';
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { Refusal } from 'dbsbm';
import type { NotificationsContext } from '../services/context.ts';
import { joinAudience } from '../services/members.ts';
import { CHANNEL_CHOICES, TYPE_CHOICES } from '../views/prefs-view.ts';
import { adminHandlers } from './admin-handlers.ts';
import { memberHandlers } from './member-handlers.ts';

const ADMIN = new Set(['route', 'send', 'stats']);

/** `/notifications`: what a member is told and where; a server's routing, announcements and figures for its managers. */
export function notificationsCommand(ctx: NotificationsContext) {
  const member = memberHandlers(ctx);
  const admin = adminHandlers(ctx);
  return class NotificationsCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'notifications', description: 'What you are told, where and when' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('notifications')
          .setDescription('What you are told, where and when')
          .setDMPermission(false)
          .addSubcommand((s) => s.setName('show').setDescription('What you get, where, your quiet hours and contacts'))
          .addSubcommand((s) =>
            s
              .setName('set')
              .setDescription('Turn a channel on or off for one kind of notification')
              .addStringOption((o) => o.setName('type').setDescription('Which notifications').setRequired(true).addChoices(...TYPE_CHOICES))
              .addStringOption((o) => o.setName('channel').setDescription('Where, or "mute" for none at all').setRequired(true).addChoices(...CHANNEL_CHOICES, { name: 'Mute (none at all)', value: 'mute' }))
              .addBooleanOption((o) => o.setName('on').setDescription('On or off').setRequired(true)),
          )
          .addSubcommand((s) =>
            s
              .setName('quiet')
              .setDescription('Hold notifications during hours you choose (critical ones still come)')
              .addStringOption((o) => o.setName('start').setDescription('24-hour HH:MM, e.g. 22:30').setMaxLength(5))
              .addStringOption((o) => o.setName('end').setDescription('24-hour HH:MM, e.g. 07:00').setMaxLength(5))
              .addStringOption((o) => o.setName('timezone').setDescription('Your time zone, e.g. Europe/London').setMaxLength(64))
              .addBooleanOption((o) => o.setName('off').setDescription('Turn quiet hours off')),
          )
          .addSubcommand((s) =>
            s
              .setName('digest')
              .setDescription('How long price alerts gather into one message')
              .addIntegerOption((o) => o.setName('minutes').setDescription('1–1440').setRequired(true).setMinValue(1).setMaxValue(1440)),
          )
          .addSubcommand((s) =>
            s
              .setName('email')
              .setDescription('Add, confirm or remove your e-mail address')
              .addStringOption((o) => o.setName('address').setDescription('Where to send (a code comes to confirm it)').setMaxLength(254))
              .addStringOption((o) => o.setName('code').setDescription('The 6-digit code from the mail').setMaxLength(6))
              .addBooleanOption((o) => o.setName('remove').setDescription('Forget my address')),
          )
          .addSubcommand((s) =>
            s
              .setName('sms')
              .setDescription('Add, confirm or remove your phone number for text messages')
              .addStringOption((o) => o.setName('phone').setDescription('International form, e.g. +447700900123').setMaxLength(20))
              .addStringOption((o) => o.setName('code').setDescription('The 6-digit code from the text').setMaxLength(6))
              .addBooleanOption((o) => o.setName('remove').setDescription('Forget my number')),
          )
          .addSubcommand((s) => s.setName('push').setDescription('A link to turn on browser notifications'))
          .addSubcommand((s) => s.setName('test').setDescription('Send yourself a test through each of your channels'))
          .addSubcommand((s) =>
            s
              .setName('remind')
              .setDescription('Remind me before a game kicks off')
              .addIntegerOption((o) => o.setName('game').setDescription('The game (pick from the list)').setRequired(true).setAutocomplete(true))
              .addIntegerOption((o) => o.setName('minutes').setDescription('How long before kick-off (default 30)').setMinValue(1).setMaxValue(1440)),
          )
          .addSubcommand((s) =>
            s
              .setName('route')
              .setDescription('Where this server posts one kind of notification (Manage Server)')
              .addStringOption((o) => o.setName('type').setDescription('Which notifications').setRequired(true).addChoices(...TYPE_CHOICES))
              .addChannelOption((o) => o.setName('channel').setDescription('The channel (leave out to stop posting them)').addChannelTypes(ChannelType.GuildText)),
          )
          .addSubcommand((s) =>
            s
              .setName('send')
              .setDescription('Announce something to members who take server announcements (Manage Server)')
              .addStringOption((o) => o.setName('title').setDescription('Headline').setRequired(true).setMaxLength(200))
              .addStringOption((o) => o.setName('body').setDescription('The message').setRequired(true).setMaxLength(1800)),
          )
          .addSubcommand((s) =>
            s
              .setName('stats')
              .setDescription('Sent, delivered, failed, opened and clicked, per type and channel (Manage Server)')
              .addIntegerOption((o) => o.setName('days').setDescription('How far back (default 30)').setMinValue(1).setMaxValue(365)),
          ),
      );
    }

    override async autocompleteRun(interaction: Command.AutocompleteInteraction): Promise<void> {
      await member.autocompleteGame(interaction);
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const sub = interaction.options.getSubcommand(true);
      const guildId = interaction.guildId!;
      if (ADMIN.has(sub)) {
        if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
          throw new Refusal('NOT_ALLOWED', `Only server managers can use /notifications ${sub}.`, { next: 'Ask someone with the Manage Server permission.' });
        }
        return admin[sub as 'route' | 'send' | 'stats'](interaction);
      }
      const handler = member[sub as Exclude<keyof typeof member, 'autocompleteGame'>];
      await handler(interaction);
      // Only after it went through: a refused command changes nothing.
      await joinAudience(ctx, guildId, interaction.user.id);
    }
  };
}
