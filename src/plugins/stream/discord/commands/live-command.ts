import { Command } from '@sapphire/framework';
import { ChannelType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { Refusal, successEmbed } from 'dbsbm';
import type { StreamContext } from '../../services/context.ts';
import type { LeaderboardMetric, Period } from '../services/betting-api.ts';
import { saveFeed } from '../services/board-store.ts';
import { openGameThread } from '../services/game-threads.ts';
import { refreshLeaderboard } from '../services/live-leaderboard.ts';
import { METRIC_LABEL } from '../views/leaderboard.ts';

const METRICS = ['net', 'roi', 'winrate', 'bets'] as const satisfies readonly LeaderboardMetric[];
const PERIODS = ['day', 'week', 'month', 'year', 'all'] as const satisfies readonly Period[];
const ephemeral = { flags: MessageFlags.Ephemeral } as const;
const short = (ms: number): string => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');

/** `/live scoreboard|leaderboard|game`: messages and threads in Discord that the plugin keeps current. */
export function liveCommand(ctx: StreamContext) {
  return class LiveCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'live', description: 'Scoreboards, leaderboards and game threads kept current in Discord' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('live')
          .setDescription('Scoreboards, leaderboards and game threads kept current in Discord')
          .setDMPermission(false)
          .addSubcommand((s) =>
            s
              .setName('scoreboard')
              .setDescription('Keep one message per live game in a channel, edited as scores and prices change (Manage Server)')
              .addChannelOption((o) => o.setName('channel').setDescription('Where the scoreboards go').setRequired(true).addChannelTypes(ChannelType.GuildText)),
          )
          .addSubcommand((s) =>
            s
              .setName('leaderboard')
              .setDescription('Keep a leaderboard message current as bets settle (Manage Server)')
              .addChannelOption((o) => o.setName('channel').setDescription('Where the leaderboard goes').setRequired(true).addChannelTypes(ChannelType.GuildText))
              .addStringOption((o) => o.setName('metric').setDescription('Rank by (default: net units)').addChoices(...METRICS.map((m) => ({ name: METRIC_LABEL[m], value: m }))))
              .addStringOption((o) => o.setName('period').setDescription('Which period (default: month)').addChoices(...PERIODS.map((p) => ({ name: p, value: p })))),
          )
          .addSubcommand((s) =>
            s
              .setName('game')
              .setDescription('Open a thread for a game: its scoreboard pinned, price updates with Bet buttons')
              .addStringOption((o) => o.setName('game').setDescription('The game').setRequired(true).setAutocomplete(true).setMaxLength(20)),
          ),
      );
    }

    override async autocompleteRun(interaction: Command.AutocompleteInteraction): Promise<void> {
      const games = await ctx.use('betting').upcomingGames({ search: String(interaction.options.getFocused()).slice(0, 100), limit: 25 });
      await interaction.respond(games.map((g) => ({ name: `${g.label} · ${short(g.startTime)} UTC · ${g.league}`.slice(0, 100), value: String(g.id) })));
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const guildId = interaction.guildId!;
      const sub = interaction.options.getSubcommand(true);
      if (sub !== 'game' && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
        throw new Refusal('NOT_ALLOWED', 'Only server managers can choose where live boards go.', { next: 'Ask someone with the Manage Server permission.' });
      }
      if (sub === 'scoreboard') {
        const channel = interaction.options.getChannel('channel', true, [ChannelType.GuildText]);
        await saveFeed(ctx, { guildId, kind: 'scoreboard', channelId: channel.id, messageId: null, metric: null, period: null });
        await interaction.reply({
          embeds: [successEmbed('Live scoreboards on', `Each game gets one message in <#${channel.id}> when it kicks off, edited as the score and prices change, and a last time at full time.`)],
          ...ephemeral,
        });
        return;
      }
      if (sub === 'leaderboard') {
        const channel = interaction.options.getChannel('channel', true, [ChannelType.GuildText]);
        const metric = (interaction.options.getString('metric') ?? 'net') as LeaderboardMetric;
        const period = (interaction.options.getString('period') ?? 'month') as Period;
        if (!METRICS.includes(metric) || !PERIODS.includes(period)) throw new Refusal('INVALID_INPUT', 'Pick the metric and the period from the lists.');
        await interaction.deferReply(ephemeral);
        // A new message each time the command runs: the old one stays as it was, the new one is kept current.
        await saveFeed(ctx, { guildId, kind: 'leaderboard', channelId: channel.id, messageId: null, metric, period });
        await refreshLeaderboard(ctx, guildId);
        await interaction.editReply({ embeds: [successEmbed('Live leaderboard on', `The leaderboard in <#${channel.id}> is re-ranked as bets settle.`)] });
        return;
      }
      const raw = interaction.options.getString('game', true);
      const gameId = Number(raw);
      if (!Number.isInteger(gameId) || gameId <= 0) throw new Refusal('INVALID_INPUT', `"${raw.slice(0, 20)}" is not a game from the list.`, { next: 'Pick the game from the list that appears as you type.' });
      const channel = interaction.channel;
      if (!channel || channel.type !== ChannelType.GuildText) throw new Refusal('INVALID_INPUT', 'Game threads open in a text channel.', { next: 'Run /live game in a text channel of this server.' });
      await interaction.deferReply(ephemeral);
      const opened = await openGameThread(ctx, channel, guildId, gameId);
      await interaction.editReply({
        embeds: [
          opened.created
            ? successEmbed('Game thread opened', `<#${opened.threadId}>: the scoreboard is pinned and kept current; price updates there carry Bet and Tail buttons.`)
            : successEmbed('This game has a thread already', `Join the chat in <#${opened.threadId}>.`),
        ],
      });
    }
  };
}
