import type { PluginDefinition } from './types.ts';

/** The loaded plugins, in dependency order. */
export class PluginRegistry {
  readonly #plugins = new Map<string, PluginDefinition>();

  add(plugin: PluginDefinition): void {
    this.#plugins.set(plugin.name, plugin);
  }

  get(name: string): PluginDefinition | undefined {
    return this.#plugins.get(name);
  }

  has(name: string): boolean {
    return this.#plugins.has(name);
  }

  /** Plugins in load order (dependencies first). */
  list(): PluginDefinition[] {
    return [...this.#plugins.values()];
  }

  names(): string[] {
    return [...this.#plugins.keys()];
  }

  /** Loaded plugins that need `name`, directly. */
  dependents(name: string): PluginDefinition[] {
    return this.list().filter((p) => p.requires?.includes(name));
  }
}
