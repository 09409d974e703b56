import { MessageFlags } from 'discord.js';
import { Command } from '@sapphire/framework';
import { asSettingRefusal } from '../../settings/setting-refusal.ts';
import { infoEmbed, successEmbed } from '../embeds.ts';
import type { CoreCommandServices } from './core-services.ts';
import { requireManageGuild } from './permissions.ts';
import { autocompletePlugin } from './plugin-autocomplete.ts';

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** `/settings view|set`: a plugin's per-server settings, validated by the plugin's own schema. */
export function settingsCommand(services: CoreCommandServices) {
  return class SettingsCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'settings', description: "View and change a plugin's settings for this server" });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('settings')
          .setDescription("View and change a plugin's settings for this server")
          .setDMPermission(false)
          .addSubcommand((s) =>
            s
              .setName('view')
              .setDescription("A plugin's settings (Manage Server)")
              .addStringOption((o) => o.setName('plugin').setDescription('The plugin').setRequired(true).setAutocomplete(true)),
          )
          .addSubcommand((s) =>
            s
              .setName('set')
              .setDescription('Change one setting (Manage Server)')
              .addStringOption((o) => o.setName('plugin').setDescription('The plugin').setRequired(true).setAutocomplete(true))
              .addStringOption((o) => o.setName('key').setDescription('The setting').setRequired(true).setAutocomplete(true))
              .addStringOption((o) => o.setName('value').setDescription('The new value').setRequired(true)),
          ),
      );
    }

    override async autocompleteRun(interaction: Command.AutocompleteInteraction): Promise<void> {
      const focused = interaction.options.getFocused(true);
      if (focused.name !== 'key') return autocompletePlugin(interaction, services.registry, true);
      const plugin = services.registry.get(interaction.options.getString('plugin') ?? '');
      const keys = plugin?.settings ? Object.keys(plugin.settings.shape) : [];
      await interaction.respond(keys.filter((k) => k.includes(String(focused.value))).slice(0, 25).map((k) => ({ name: k, value: k })));
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      if (!(await requireManageGuild(interaction))) return;
      const guildId = interaction.guildId!;
      const plugin = interaction.options.getString('plugin', true).trim().toLowerCase();
      try {
        if (interaction.options.getSubcommand(true) === 'view') {
          const settings = await services.settings.view(guildId, plugin);
          const embed = infoEmbed(`Settings of ${plugin}`).setFooter({ text: `Change one with /settings set plugin:${plugin} key:<key> value:<value>` });
          for (const s of settings) {
            embed.addFields({
              name: `${s.key}${s.isDefault ? ' (default)' : ''}`,
              value: `\`${show(s.value)}\`${s.description ? `\n${s.description}` : ''}`,
            });
          }
          await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
          return;
        }
        const key = interaction.options.getString('key', true).trim();
        const value = interaction.options.getString('value', true);
        const updated = await services.settings.set(guildId, plugin, key, value);
        await interaction.reply({ embeds: [successEmbed(`${plugin}.${key} is now \`${show(updated[key])}\``, 'Changed for this server only.')] });
      } catch (err) {
        throw asSettingRefusal(err, 'That setting was not changed');
      }
    }
  };
}
