import type { PluginRegistry } from '../../plugins/registry.ts';
import type { SettingsService } from '../../settings/settings-service.ts';

/** What the core's own commands need. */
export interface CoreCommandServices {
  settings: SettingsService;
  registry: PluginRegistry;
  /** Discord user ids allowed to run owner-only commands. */
  ownerIds: ReadonlySet<string>;
}
