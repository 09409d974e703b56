import { Command } from '@sapphire/framework';
import { ChannelType, MessageFlags, PermissionFlagsBits, escapeMarkdown, type SlashCommandStringOption } from 'discord.js';
import { infoEmbed, Refusal, successEmbed } from 'dbsbm';
import type { StreamContext } from '../services/context.ts';
import { MAX_COMPETITION_DAYS } from './create-input.ts';
import { COMPETITION_METRICS, CompetitionSchema } from './entity.ts';
import { frozenStandings } from './lifecycle.ts';
import { computeStandings } from './standings.ts';
import { cancelCompetition, createCompetition, findCompetition, listCompetitions, MAX_OPEN_COMPETITIONS } from './store.ts';
import { competitionLine, standingsMessage } from './view.ts';

const ephemeral = { flags: MessageFlags.Ephemeral } as const;

/** `/competition create|standings|list|cancel`: time-boxed contests among a server's members. */
export function competitionCommand(ctx: StreamContext) {
  return class CompetitionCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'competition', description: 'Time-boxed contests among this server’s members' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      const pick = (required: boolean) => (o: SlashCommandStringOption) =>
        o.setName('competition').setDescription('Its number or name (pick from the list)').setRequired(required).setAutocomplete(true).setMaxLength(100);
      registry.registerChatInputCommand((b) =>
        b
          .setName('competition')
          .setDescription('Time-boxed contests among this server’s members')
          .setDMPermission(false)
          .addSubcommand((s) =>
            s
              .setName('create')
              .setDescription(`Start a contest: bets placed between start and end count (Manage Server, up to ${MAX_COMPETITION_DAYS} days)`)
              .addStringOption((o) => o.setName('name').setDescription('What it is called (1–100 characters)').setRequired(true).setMaxLength(100))
              .addStringOption((o) => o.setName('start').setDescription('e.g. 2026-12-08 18:00, or now').setRequired(true).setMaxLength(40))
              .addStringOption((o) => o.setName('end').setDescription('e.g. 2026-12-10 23:00 (a date alone: the end of that day)').setRequired(true).setMaxLength(40))
              .addChannelOption((o) => o.setName('channel').setDescription('Where the final standings are posted (default: here)').addChannelTypes(ChannelType.GuildText))
              .addStringOption((o) => o.setName('metric').setDescription('What ranks members (default net units)').addChoices(...COMPETITION_METRICS.map((m) => ({ name: m, value: m }))))
              .addStringOption((o) => o.setName('timezone').setDescription('Time zone of the dates, e.g. Europe/London (default UTC)').setMaxLength(64)),
          )
          .addSubcommand((s) => s.setName('standings').setDescription('Current (or final) standings of a competition').addStringOption(pick(false)))
          .addSubcommand((s) => s.setName('list').setDescription('This server’s competitions'))
          .addSubcommand((s) => s.setName('cancel').setDescription('Cancel a competition before it ends (Manage Server)').addStringOption(pick(true))),
      );
    }

    override async autocompleteRun(interaction: Command.AutocompleteInteraction): Promise<void> {
      const typed = interaction.options.getFocused().toLowerCase();
      const open = interaction.options.getSubcommand(false) === 'cancel';
      const rows = await ctx.em().find(CompetitionSchema, { guildId: interaction.guildId!, ...(open ? { status: { $in: ['scheduled', 'running'] } } : {}) }, { orderBy: { id: 'desc' }, limit: 100 });
      const choices = rows
        .filter((c) => typed === '' || c.name.toLowerCase().includes(typed) || String(c.id) === typed.replace(/^#/, ''))
        .slice(0, 25)
        .map((c) => ({ name: `#${c.id} ${c.name} (${c.status === 'ending' ? 'ended' : c.status})`.slice(0, 100), value: String(c.id) }));
      await interaction.respond(choices);
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const guildId = interaction.guildId!;
      const sub = interaction.options.getSubcommand(true);
      if ((sub === 'create' || sub === 'cancel') && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
        throw new Refusal('NOT_ALLOWED', `Only server managers can ${sub} competitions.`, { next: 'Ask someone with the Manage Server permission; anyone can see standings with `/competition standings`.' });
      }
      // Refusals (bad dates, the limit, an unknown competition) are answered privately by the core.
      switch (sub) {
        case 'create': {
          const channel = interaction.options.getChannel('channel');
          if (channel && channel.type !== ChannelType.GuildText) {
            throw new Refusal('INVALID_INPUT', `<#${channel.id}> is not a text channel.`, { title: 'Competition not created', next: 'Pick a text channel, or leave channel out to post here.' });
          }
          const c = await createCompetition(ctx, {
            guildId,
            createdBy: interaction.user.id,
            channelId: channel?.id ?? interaction.channelId,
            raw: {
              name: interaction.options.getString('name', true),
              start: interaction.options.getString('start', true),
              end: interaction.options.getString('end', true),
              metric: (interaction.options.getString('metric') ?? undefined) as (typeof COMPETITION_METRICS)[number] | undefined,
              timeZone: interaction.options.getString('timezone') ?? undefined,
            },
          });
          await interaction.reply({
            embeds: [
              successEmbed(
                `Competition #${c.id} created`,
                `${competitionLine(c)}\n\nBets members place in the window count once they settle. Follow it with \`/competition standings\` (or live on the \`competitions\` stream); the final standings are posted in <#${c.channelId}> when it ends.`,
              ),
            ],
            allowedMentions: { parse: [] },
          });
          return;
        }
        case 'standings': {
          const c = await findCompetition(ctx, guildId, interaction.options.getString('competition'));
          if (c.status === 'cancelled') throw new Refusal('NOT_FOUND', `Competition #${c.id} "${c.name}" was cancelled: it has no standings.`, { next: 'See the others with `/competition list`.' });
          await interaction.deferReply();
          const standings = frozenStandings(c) ?? (await computeStandings(ctx, c, Date.now()));
          await interaction.editReply(await standingsMessage(ctx, c, standings));
          return;
        }
        case 'list': {
          const { open, past } = await listCompetitions(ctx, guildId);
          const embed = infoEmbed('Competitions of this server', open.length ? open.map(competitionLine).join('\n') : 'None scheduled or running. A server manager can start one with `/competition create`.');
          if (past.length) embed.addFields({ name: 'Recently finished', value: past.map(competitionLine).join('\n') });
          await interaction.reply({ embeds: [embed], ...ephemeral });
          return;
        }
        case 'cancel': {
          const c = await cancelCompetition(ctx, guildId, interaction.options.getString('competition', true), interaction.user.id);
          await interaction.reply({ embeds: [successEmbed(`Competition #${c.id} cancelled`, `“${escapeMarkdown(c.name)}” is over: nothing will be posted.`)], allowedMentions: { parse: [] } });
          return;
        }
      }
    }
  };
}
