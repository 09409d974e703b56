import { Command } from '@sapphire/framework';
import type { PluginStatusView } from '../../settings/settings-service.ts';
import { asSettingRefusal } from '../../settings/setting-refusal.ts';
import { infoEmbed, successEmbed } from '../embeds.ts';
import type { CoreCommandServices } from './core-services.ts';
import { requireManageGuild } from './permissions.ts';
import { autocompletePlugin } from './plugin-autocomplete.ts';

const ICON: Record<PluginStatusView['status'], string> = { on: '🟢 on', off: '⚪ off', locked: '🔒 locked' };

function line(p: PluginStatusView): string {
  const needs = p.status === 'locked' ? ` — needs the **${p.tier}** tier` : '';
  const note = p.note ? `\n  ⚠️ ${p.note}` : '';
  const desc = p.description ? `\n  ${p.description}` : '';
  return `**${p.name}** · ${ICON[p.status]}${needs}${desc}${note}`;
}

/** `/plugins list|enable|disable`: what is on in this server, and switching plugins. */
export function pluginsCommand(services: CoreCommandServices) {
  return class PluginsCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'plugins', description: 'See and switch the plugins of this server' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('plugins')
          .setDescription('See and switch the plugins of this server')
          .setDMPermission(false)
          .addSubcommand((s) => s.setName('list').setDescription('Every plugin: on, off, or locked by tier'))
          .addSubcommand((s) =>
            s
              .setName('enable')
              .setDescription('Turn a plugin on (Manage Server)')
              .addStringOption((o) => o.setName('name').setDescription('The plugin').setRequired(true).setAutocomplete(true)),
          )
          .addSubcommand((s) =>
            s
              .setName('disable')
              .setDescription('Turn a plugin off (Manage Server)')
              .addStringOption((o) => o.setName('name').setDescription('The plugin').setRequired(true).setAutocomplete(true)),
          ),
      );
    }

    override async autocompleteRun(interaction: Command.AutocompleteInteraction): Promise<void> {
      await autocompletePlugin(interaction, services.registry);
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const guildId = interaction.guildId!;
      const sub = interaction.options.getSubcommand(true);
      if (sub === 'list') {
        const plugins = await services.settings.list(guildId);
        const embed = infoEmbed('Plugins in this server', plugins.map(line).join('\n') || 'No plugins are installed.').setFooter({
          text: 'Server managers: /plugins enable name:<plugin> or /plugins disable name:<plugin>',
        });
        await interaction.reply({ embeds: [embed] });
        return;
      }
      if (!(await requireManageGuild(interaction))) return;
      const name = interaction.options.getString('name', true).trim().toLowerCase();
      const enabled = sub === 'enable';
      try {
        const { affected } = await services.settings.setEnabled(guildId, name, enabled);
        const also = affected.length ? `\nThese need it and stop working too: ${affected.map((a) => `**${a}**`).join(', ')}.` : '';
        await interaction.reply({
          embeds: [successEmbed(`${name} is now ${enabled ? 'on' : 'off'}`, `Changed for this server only.${also}`)],
        });
      } catch (err) {
        const tier = (err as { code?: unknown; requiredTier?: string }).code === 'TIER_TOO_LOW' ? (err as { requiredTier?: string }).requiredTier : undefined;
        throw asSettingRefusal(err, tier ? `${name} needs the ${tier} tier` : `Could not ${sub} ${name}`);
      }
    }
  };
}
