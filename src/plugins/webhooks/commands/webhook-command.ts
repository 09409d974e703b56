import { Command } from '@sapphire/framework';
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { infoEmbed, Refusal, successEmbed } from 'dbsbm';
import { WebhookDeliverySchema } from '../entities/delivery.ts';
import { WebhookIntegrationSchema, WEBHOOK_FORMATS } from '../entities/integration.ts';
import type { WebhooksContext } from '../services/context.ts';
import { addEndpoint, findEndpoint, removeEndpoint, rotateSecret } from '../services/endpoints.ts';
import type { DeliveryJob } from '../services/fanout.ts';
import { replayDelivery, replaySince } from '../services/replay.ts';
import { WEBHOOK_EVENTS } from '../settings.ts';

/** `/webhook add|list|remove|test|rotate-secret|deliveries|replay|send`: server managers only. */
export function webhookCommand(ctx: WebhooksContext) {
  return class WebhookCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'webhook', description: 'Send this server’s events to your own services' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('webhook')
          .setDescription('Send this server’s events to your own services (Manage Server)')
          .setDMPermission(false)
          .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
          .addSubcommand((s) =>
            s
              .setName('add')
              .setDescription('Add an endpoint; its signing secret is shown once')
              .addStringOption((o) => o.setName('url').setDescription('https:// URL of the receiver').setRequired(true).setMaxLength(2048))
              .addStringOption((o) => o.setName('events').setDescription('Comma-separated events (bet.placed, bet.settled, odds.moved, game.final, custom…) or all').setRequired(true))
              .addStringOption((o) => o.setName('format').setDescription('Body format (default standard)').addChoices(...WEBHOOK_FORMATS.map((f) => ({ name: f, value: f })))),
          )
          .addSubcommand((s) => s.setName('list').setDescription('This server’s endpoints'))
          .addSubcommand((s) => s.setName('remove').setDescription('Remove an endpoint').addIntegerOption((o) => o.setName('id').setDescription('Endpoint number').setRequired(true).setMinValue(1)))
          .addSubcommand((s) => s.setName('test').setDescription('Send a signed test event').addIntegerOption((o) => o.setName('id').setDescription('Endpoint number').setRequired(true).setMinValue(1)))
          .addSubcommand((s) => s.setName('rotate-secret').setDescription('New secret; the old one signs too for a grace period').addIntegerOption((o) => o.setName('id').setDescription('Endpoint number').setRequired(true).setMinValue(1)))
          .addSubcommand((s) => s.setName('deliveries').setDescription('Recent delivery attempts').addIntegerOption((o) => o.setName('id').setDescription('Endpoint number').setRequired(true).setMinValue(1)))
          .addSubcommand((s) =>
            s
              .setName('replay')
              .setDescription('Send again one delivery, or everything since some hours ago')
              .addIntegerOption((o) => o.setName('delivery').setDescription('Delivery number').setMinValue(1))
              .addIntegerOption((o) => o.setName('id').setDescription('Endpoint number (with hours)').setMinValue(1))
              .addNumberOption((o) => o.setName('hours').setDescription('Replay everything of the last N hours').setMinValue(0.01).setMaxValue(24 * 30)),
          )
          .addSubcommand((s) =>
            s
              .setName('send')
              .setDescription('Send a custom event to endpoints subscribed to "custom"')
              .addStringOption((o) => o.setName('name').setDescription('Event name, e.g. promo').setRequired(true).setMaxLength(40))
              .addStringOption((o) => o.setName('message').setDescription('Text to include').setRequired(true).setMaxLength(1000)),
          ),
      );
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const guildId = interaction.guildId!;
      const ephemeral = { flags: MessageFlags.Ephemeral } as const;
      if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
        throw new Refusal('NOT_ALLOWED', 'Only server managers can manage webhooks.', { next: 'Ask someone with the Manage Server permission.' });
      }
      // Refusals (bad URL, unknown event, the limit, no such endpoint) are answered privately by the core.
      switch (interaction.options.getSubcommand(true)) {
        case 'add': {
          const { integration, secret } = await addEndpoint(ctx, {
            guildId,
            url: interaction.options.getString('url', true).trim(),
            events: interaction.options.getString('events', true),
            format: interaction.options.getString('format') ?? 'standard',
          });
          await interaction.reply({
            embeds: [
              successEmbed(`Webhook #${integration.id} added`, `Sends ${integration.events.join(', ')} to ${integration.webhookUrl} (${integration.webhookType}).`).addFields({
                name: 'Signing secret (shown once — store it now)',
                value: `\`${secret}\``,
              }),
            ],
            ...ephemeral,
          });
          return;
        }
        case 'list': {
          const rows = await ctx.em().find(WebhookIntegrationSchema, { guildId }, { orderBy: { id: 'asc' } });
          const lines = rows.map((r) => `**#${r.id}** ${r.isActive ? '🟢' : `⚪ disabled (${r.disabledReason ?? 'removed'})`} ${r.webhookUrl} · ${r.webhookType} · ${r.events.join(', ')}`);
          await interaction.reply({ embeds: [infoEmbed('Webhooks of this server', lines.join('\n') || 'None yet. Add one with /webhook add.')], ...ephemeral });
          return;
        }
        case 'remove': {
          const integration = await removeEndpoint(ctx, guildId, interaction.options.getInteger('id', true));
          await interaction.reply({ embeds: [successEmbed(`Webhook #${integration.id} removed`, 'Nothing more is sent to it.')], ...ephemeral });
          return;
        }
        case 'test': {
          const integration = await findEndpoint(ctx, guildId, interaction.options.getInteger('id', true));
          const job: DeliveryJob = {
            integrationId: integration.id,
            messageId: `msg_test_${interaction.id}`,
            envelope: { type: 'webhook.test', timestamp: new Date().toISOString(), data: { guildId, message: 'Test event from DBSBM' } },
          };
          await ctx.jobs.enqueue(ctx.em(), 'deliver', job, { guildId, idempotencyKey: `test:${interaction.id}` });
          await interaction.reply({ embeds: [successEmbed(`Test event queued for webhook #${integration.id}`, 'See the result with /webhook deliveries.')], ...ephemeral });
          return;
        }
        case 'rotate-secret': {
          const webhookId = interaction.options.getInteger('id', true);
          const secret = await rotateSecret(ctx, guildId, webhookId);
          await interaction.reply({
            embeds: [successEmbed(`New secret for webhook #${webhookId}`, `The old secret keeps signing beside it for ${ctx.options.rotationGraceHours} hours.`).addFields({ name: 'New signing secret (shown once)', value: `\`${secret}\`` })],
            ...ephemeral,
          });
          return;
        }
        case 'deliveries': {
          const integration = await findEndpoint(ctx, guildId, interaction.options.getInteger('id', true));
          const rows = await ctx.em().find(WebhookDeliverySchema, { integrationId: integration.id, guildId }, { orderBy: { id: 'desc' }, limit: 15 });
          const lines = rows.map((r) => `**#${r.id}** ${r.eventType} · try ${r.attempt} · ${r.statusCode ?? '—'} · ${r.outcome}${r.latencyMs !== null ? ` · ${r.latencyMs} ms` : ''}${r.error ? ` · ${r.error}` : ''}`);
          await interaction.reply({ embeds: [infoEmbed(`Deliveries of webhook #${integration.id}`, lines.join('\n') || 'No deliveries yet.')], ...ephemeral });
          return;
        }
        case 'replay': {
          const delivery = interaction.options.getInteger('delivery');
          const webhookId = interaction.options.getInteger('id');
          const hours = interaction.options.getNumber('hours');
          let count: number;
          if (delivery !== null) count = await replayDelivery(ctx, guildId, delivery);
          else if (webhookId !== null && hours !== null) {
            await findEndpoint(ctx, guildId, webhookId);
            count = await replaySince(ctx, guildId, webhookId, Date.now() - hours * 3_600_000);
          } else {
            throw new Refusal('INVALID_INPUT', 'Say what should be replayed.', { next: 'Give delivery:<number>, or id:<endpoint> with hours:<how many>.' });
          }
          await interaction.reply({ embeds: [successEmbed(`${count} event(s) queued again`, 'They keep their webhook-id, so receivers can tell them apart.')], ...ephemeral });
          return;
        }
        case 'send': {
          const name = interaction.options.getString('name', true).trim();
          if (!/^[a-z0-9][a-z0-9._-]{0,39}$/i.test(name)) throw new Refusal('UNKNOWN_EVENT', 'An event name is letters, digits, dots, dashes or underscores (up to 40).');
          await ctx.em().transactional((em) => ctx.events.publishInTransaction(em, 'webhook.custom', { guildId, name, data: { message: interaction.options.getString('message', true), by: interaction.user.id } }));
          await interaction.reply({ embeds: [successEmbed(`Custom event "${name}" sent`, 'Endpoints subscribed to custom events receive it.')], ...ephemeral });
          return;
        }
      }
    }
  };
}
