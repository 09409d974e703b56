import { Command } from '@sapphire/framework';
import { AttachmentBuilder, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { chartPng, clip, infoEmbed, Refusal, successEmbed, type ApiScope } from 'dbsbm';
import type { ApiContext } from '../services/context.ts';
import { createKey, listKeys, MAX_GRACE_MINUTES, revokeKey, rotateKey, type KeyView } from '../services/keys.ts';
import { usageReport } from '../services/usage-report.ts';

const PERIODS = { day: 1, week: 7, month: 30 } as const;
type Period = keyof typeof PERIODS;

const when = (ms: number | null): string => (ms === null ? 'never' : `<t:${Math.floor(ms / 1000)}:R>`);

function keyLine(k: KeyView): string {
  const state = k.status === 'active' ? '' : k.status === 'expiring' ? ` · works until ${when(k.expiresAt)}` : ` · ${k.status}`;
  return `**#${k.id}** ${k.name} · \`dbsbm_…${k.last4}\` · ${k.scope} · last used ${when(k.lastUsedAt)}${state}`;
}

/** `/api key create|list|revoke|rotate` and `/api usage`: server managers only. */
export function apiCommand(ctx: ApiContext) {
  return class ApiCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'api', description: 'Keys and usage of this server’s API' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('api')
          .setDescription('Keys and usage of this server’s API (Manage Server)')
          .setDMPermission(false)
          .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
          .addSubcommandGroup((g) =>
            g
              .setName('key')
              .setDescription('API keys: each sees this server only')
              .addSubcommand((s) =>
                s
                  .setName('create')
                  .setDescription('Create a key; it is shown once')
                  .addStringOption((o) => o.setName('name').setDescription('What it is for, e.g. "stats site"').setRequired(true).setMaxLength(100))
                  .addStringOption((o) =>
                    o
                      .setName('scope')
                      .setDescription('read: look only; write: also place and cancel bets, manage webhooks')
                      .setRequired(true)
                      .addChoices({ name: 'read', value: 'read' }, { name: 'write', value: 'write' }),
                  ),
              )
              .addSubcommand((s) => s.setName('list').setDescription('This server’s keys (never the secrets)'))
              .addSubcommand((s) =>
                s
                  .setName('revoke')
                  .setDescription('Stop a key at once')
                  .addIntegerOption((o) => o.setName('id').setDescription('Key number (see /api key list)').setRequired(true).setMinValue(1)),
              )
              .addSubcommand((s) =>
                s
                  .setName('rotate')
                  .setDescription('Replace a key; the old one works for a grace period')
                  .addIntegerOption((o) => o.setName('id').setDescription('Key number (see /api key list)').setRequired(true).setMinValue(1))
                  .addIntegerOption((o) => o.setName('grace').setDescription('Minutes the old key keeps working (default 60, up to a week)').setMinValue(0).setMaxValue(MAX_GRACE_MINUTES)),
              ),
          )
          .addSubcommand((s) =>
            s
              .setName('usage')
              .setDescription('Calls, errors and answer times by endpoint, with a chart')
              .addStringOption((o) =>
                o
                  .setName('period')
                  .setDescription('How far back (default week)')
                  .addChoices({ name: 'last day', value: 'day' }, { name: 'last 7 days', value: 'week' }, { name: 'last 30 days', value: 'month' }),
              ),
          ),
      );
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const guildId = interaction.guildId!;
      const ephemeral = { flags: MessageFlags.Ephemeral } as const;
      if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
        throw new Refusal('NOT_ALLOWED', 'Only server managers can manage API keys and see API usage.', { next: 'Ask someone with the Manage Server permission.' });
      }
      const by = interaction.user.id;
      const sub = interaction.options.getSubcommand(true);
      if (sub === 'usage') {
        await interaction.deferReply(ephemeral);
        const period = (interaction.options.getString('period') ?? 'week') as Period;
        const to = Date.now();
        const report = await usageReport(ctx, guildId, to - PERIODS[period] * 86_400_000, to);
        if (report.calls === 0) {
          await interaction.editReply({ embeds: [infoEmbed('API usage', `No API calls in the last ${PERIODS[period]} day(s). Create a key with /api key create, then call the API (see docs/api.md).`)] });
          return;
        }
        const lines = report.endpoints.slice(0, 15).map((e) => `\`${e.method} ${clip(e.endpoint.replace(/^\/api\/v1/, ''), 60)}\` · ${e.calls} calls · ${e.errors} errors · p95 ${e.p95Ms} ms`);
        const embed = infoEmbed(`API usage · last ${PERIODS[period]} day(s)`, `${report.calls} calls, ${report.errors} answered with an error (${((100 * report.errors) / report.calls).toFixed(1)} %).`)
          .addFields({ name: 'By endpoint (busiest first)', value: lines.join('\n') })
          .setImage('attachment://api-usage.png');
        const chart = await chartPng(
          {
            title: 'API calls per day',
            subtitle: 'Errors are answers with a status of 400 or more',
            yLabel: 'calls',
            kind: 'bar',
            xType: 'temporal',
            points: report.days.flatMap((d) => [
              { x: d.day, y: d.calls - d.errors, series: 'ok' },
              { x: d.day, y: d.errors, series: 'errors' },
            ]),
          },
          { width: 800, height: 360 },
        );
        await interaction.editReply({ embeds: [embed], files: [new AttachmentBuilder(chart, { name: 'api-usage.png' })] });
        return;
      }
      switch (sub) {
        case 'create': {
          const scope = interaction.options.getString('scope', true) as ApiScope;
          const { key, secret } = await createKey(ctx, { guildId, name: interaction.options.getString('name', true), scope, createdBy: by });
          await interaction.reply({
            embeds: [
              successEmbed(`API key #${key.id} created`, `“${key.name}”, ${scope === 'write' ? 'read and write' : 'read only'}. Send it as \`Authorization: Bearer <key>\`; it sees this server only.`).addFields({
                name: 'Key (shown once — store it now)',
                value: `\`${secret}\``,
              }),
            ],
            ...ephemeral,
          });
          return;
        }
        case 'list': {
          const keys = await listKeys(ctx, guildId);
          const text = keys.length ? keys.slice(0, 25).map(keyLine).join('\n') : 'No keys yet. Create one with /api key create.';
          await interaction.reply({ embeds: [infoEmbed('API keys', text)], ...ephemeral });
          return;
        }
        case 'revoke': {
          const key = await revokeKey(ctx, guildId, interaction.options.getInteger('id', true), by);
          await interaction.reply({ embeds: [successEmbed(`API key #${key.id} revoked`, `“${key.name}” (\`…${key.last4}\`) stops working now.`)], ...ephemeral });
          return;
        }
        default: {
          const grace = interaction.options.getInteger('grace') ?? 60;
          const { key, secret, old } = await rotateKey(ctx, guildId, interaction.options.getInteger('id', true), grace, by);
          await interaction.reply({
            embeds: [
              successEmbed(`API key #${old.id} rotated into #${key.id}`, grace > 0 ? `The old key (\`…${old.last4}\`) keeps working until ${when(old.expiresAt)}; switch your services before then.` : `The old key (\`…${old.last4}\`) stopped working now.`).addFields({
                name: 'New key (shown once — store it now)',
                value: `\`${secret}\``,
              }),
            ],
            ...ephemeral,
          });
        }
      }
    }
  };
}
