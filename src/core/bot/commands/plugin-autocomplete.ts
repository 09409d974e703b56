import type { AutocompleteInteraction } from 'discord.js';
import type { PluginRegistry } from '../../plugins/registry.ts';

/** Suggests installed plugin names matching what was typed. */
export async function autocompletePlugin(interaction: AutocompleteInteraction, registry: PluginRegistry, onlyWithSettings = false): Promise<void> {
  const typed = String(interaction.options.getFocused()).toLowerCase();
  const choices = registry
    .list()
    .filter((p) => (!onlyWithSettings || p.settings) && p.name.includes(typed))
    .slice(0, 25)
    .map((p) => ({ name: p.name, value: p.name }));
  await interaction.respond(choices);
}
