import type { Command } from '@sapphire/framework';
import { MessageFlags } from 'discord.js';
import { Refusal, infoEmbed, successEmbed } from 'dbsbm';
import type { ChannelName, NotificationType } from '../channels/types.ts';
import { channelsConfigured, channelsOf } from '../services/channel-registry.ts';
import { confirmContact, contactsOf, removeContact, startEmailConfirmation, startPhoneConfirmation } from '../services/contacts.ts';
import type { NotificationsContext } from '../services/context.ts';
import { signLink } from '../services/links.ts';
import { prefsOf, toggleChannel, updatePrefs } from '../services/preferences.ts';
import { quietHoursSchema, describeQuietHours } from '../services/quiet-hours.ts';
import { raiseNow } from '../services/raise-now.ts';
import { CHANNEL_LABEL, prefsEmbed } from '../views/prefs-view.ts';
import { TYPE_LABEL } from '../views/notification-embed.ts';

type Interaction = Command.ChatInputCommandInteraction;
const ephemeral = { flags: MessageFlags.Ephemeral } as const;

/** The member's own subcommands of `/notifications`: every reply is private. */
export function memberHandlers(ctx: NotificationsContext) {
  return {
    async show(i: Interaction) {
      const [prefs, contacts, browsers] = await Promise.all([
        prefsOf(ctx, i.user.id),
        contactsOf(ctx, i.user.id),
        ctx.data.get<{ n: number | string }>('select count(*) as n from notification_push_subscriptions where user_id = ?', [i.user.id]),
      ]);
      await i.reply({ embeds: [prefsEmbed(prefs, { contacts, browsers: Number(browsers?.n ?? 0) }, channelsConfigured(ctx), ctx.options.digestMinutes)], ...ephemeral });
    },

    async set(i: Interaction) {
      const type = i.options.getString('type', true) as NotificationType;
      const channel = i.options.getString('channel', true) as ChannelName | 'mute';
      const on = i.options.getBoolean('on', true);
      const configured = channelsConfigured(ctx);
      if (channel !== 'mute' && channel !== 'dm' && channel !== 'channel' && on && !configured[channel]) {
        throw new Refusal('UNAVAILABLE', `${CHANNEL_LABEL[channel]} is not offered by this bot.`, { next: 'Pick another channel; /notifications show lists what is offered.' });
      }
      await updatePrefs(ctx, i.user.id, (p) => {
        if (channel === 'mute') p.muted = on ? [...new Set([...p.muted, type])] : p.muted.filter((t) => t !== type);
        else toggleChannel(p, type, channel, on);
      });
      const what = channel === 'mute' ? (on ? 'muted' : 'unmuted') : `${on ? 'on' : 'off'} for ${CHANNEL_LABEL[channel]}`;
      const hint = channel === 'email' && on ? ' Add your address with /notifications email if you have not.' : channel === 'sms' && on ? ' Add your number with /notifications sms if you have not.' : channel === 'push' && on ? ' Turn it on in your browser with /notifications push.' : '';
      await i.reply({ embeds: [successEmbed('Saved', `${TYPE_LABEL[type]}: ${what}.${hint}`)], ...ephemeral });
    },

    async quiet(i: Interaction) {
      if (i.options.getBoolean('off')) {
        await updatePrefs(ctx, i.user.id, (p) => void (p.quietHours = null));
        await i.reply({ embeds: [successEmbed('Quiet hours off', 'Notifications come whenever they happen.')], ...ephemeral });
        return;
      }
      const current = (await prefsOf(ctx, i.user.id)).quietHours;
      const parsed = quietHoursSchema.safeParse({
        start: i.options.getString('start') ?? current?.start ?? '22:00',
        end: i.options.getString('end') ?? current?.end ?? '07:00',
        timeZone: i.options.getString('timezone') ?? current?.timeZone ?? 'UTC',
      });
      if (!parsed.success) throw new Refusal('INVALID_INPUT', parsed.error.issues.map((x) => x.message).join('; '), { title: 'Quiet hours not changed', next: 'Example: start 22:00, end 07:00, timezone Europe/London.' });
      await updatePrefs(ctx, i.user.id, (p) => void (p.quietHours = parsed.data));
      await i.reply({ embeds: [successEmbed('Quiet hours set', `${describeQuietHours(parsed.data)}. Notifications in that window wait until it ends; critical ones (responsible play, a broken schedule) still come.`)], ...ephemeral });
    },

    async digest(i: Interaction) {
      const minutes = i.options.getInteger('minutes', true);
      await updatePrefs(ctx, i.user.id, (p) => void (p.digestMinutes = minutes));
      await i.reply({ embeds: [successEmbed('Digest window set', `Price alerts on the same game and market within ${minutes} min come as one message.`)], ...ephemeral });
    },

    async email(i: Interaction) {
      await contact(i, 'email', i.options.getString('address'));
    },

    async sms(i: Interaction) {
      await contact(i, 'sms', i.options.getString('phone'));
    },

    async push(i: Interaction) {
      const registry = channelsOf(ctx);
      if (!registry.push || registry.secret === null) throw new Refusal('UNAVAILABLE', 'Browser push is not offered by this bot.', { next: 'Ask whoever runs the bot to set DBSBM_SECRET_KEY (docs/notifications.md).' });
      const token = signLink(registry.secret, { a: 'push-page', n: 0, g: i.guildId!, u: i.user.id, t: 'push', c: 'push', e: Math.floor(Date.now() / 1000) + 3600 });
      await i.reply({ embeds: [infoEmbed('Browser notifications', `Open [this page](${registry.base}/n/push-page/${token}) in the browser you want them in and press **Turn on notifications**. The link is yours and works for an hour.\n\nThen choose what comes there with /notifications set channel: Browser push.`)], ...ephemeral });
    },

    async test(i: Interaction) {
      const prefs = await prefsOf(ctx, i.user.id);
      const ids = await raiseNow(ctx, { guildId: i.guildId!, to: { userIds: [i.user.id] }, type: 'system', key: `test:${i.id}`, title: 'Test notification', body: 'If you can read this, this channel works.', critical: true });
      const where = prefs.channels.system.map((c) => CHANNEL_LABEL[c]).join(', ') || 'nowhere (system notices are off)';
      await i.reply({ embeds: [successEmbed(ids.length ? 'Test sent' : 'Nothing sent', ids.length ? `Sent through: ${where}. It may take a few seconds.` : `System notices go ${where}. Turn a channel on with /notifications set type: System notices.`)], ...ephemeral });
    },

    async remind(i: Interaction) {
      const gameId = i.options.getInteger('game', true);
      const minutes = i.options.getInteger('minutes') ?? 30;
      const game = await ctx.use('betting').game(gameId);
      if (!game) throw new Refusal('NOT_FOUND', `There is no game #${gameId}.`, { next: 'Pick one from the list as you type.' });
      const at = game.startTime - minutes * 60_000;
      if (game.startTime <= Date.now()) throw new Refusal('INVALID_INPUT', `${game.label} has already started.`, { next: 'Pick a game that has not kicked off.' });
      await raiseNow(ctx, {
        guildId: i.guildId!,
        to: { userIds: [i.user.id] },
        type: 'game_starting',
        key: `asked:${gameId}:${minutes}`,
        title: `Kick-off soon: ${game.label}`,
        body: `Starts <t:${Math.floor(game.startTime / 1000)}:R>.`,
        sendAt: Math.max(Date.now(), at),
        data: { gameId, asked: true },
      });
      await i.reply({ embeds: [successEmbed('Reminder set', `You will be reminded about ${game.label} <t:${Math.floor(Math.max(Date.now(), at) / 1000)}:R> (${minutes} min before kick-off).`)], ...ephemeral });
    },

    async autocompleteGame(i: Command.AutocompleteInteraction) {
      const typed = String(i.options.getFocused()).trim();
      const games = await ctx.use('betting').upcomingGames({ search: typed || undefined, limit: 25 });
      await i.respond(games.map((g) => ({ name: `${g.label} · ${new Date(g.startTime).toISOString().slice(0, 16).replace('T', ' ')} UTC`.slice(0, 100), value: g.id })));
    },
  };

  async function contact(i: Interaction, kind: 'email' | 'sms', address: string | null): Promise<void> {
    const code = i.options.getString('code');
    const label = kind === 'email' ? 'e-mail address' : 'phone number';
    if (i.options.getBoolean('remove')) {
      const removed = await removeContact(ctx, i.user.id, kind);
      await i.reply({ embeds: [successEmbed(removed ? 'Removed' : 'Nothing to remove', removed ? `Your ${label} is forgotten; nothing more goes to it.` : `You had no ${label} here.`)], ...ephemeral });
      return;
    }
    if (code) {
      const confirmed = await confirmContact(ctx, i.user.id, kind, code);
      await i.reply({ embeds: [successEmbed('Confirmed', `${confirmed} will get the notifications you send there. Choose which with /notifications set.`)], ...ephemeral });
      return;
    }
    if (!address) throw new Refusal('INVALID_INPUT', `Give your ${label}, or the code you were sent.`, { next: kind === 'email' ? '/notifications email address: you@example.com' : '/notifications sms phone: +447700900123' });
    await i.deferReply(ephemeral);
    const sentTo = kind === 'email' ? await startEmailConfirmation(ctx, i.guildId!, i.user.id, address) : await startPhoneConfirmation(ctx, i.guildId!, i.user.id, address);
    await i.editReply({ embeds: [successEmbed('Code sent', `A 6-digit code went to ${sentTo}. Enter it with /notifications ${kind} code:${kind === 'email' ? ' (or press the link in the mail)' : ''}. It works for 30 minutes.`)] });
  }
}
