import type { z } from 'zod';
import type { PluginDefinition } from './types.ts';

/** The plugin API this core implements. Plugins declare the range they support in `api`. */
export const PLUGIN_API_VERSION = '1.0.0';

/**
 * Defines a plugin. Returns the definition unchanged, typed so that `ctx.options` and `ctx.settings` follow the
 * schemas given.
 * @since 0.1.0
 * @example
 * export default definePlugin({
 *   name: 'hello',
 *   version: '1.0.0',
 *   settings: z.object({ greeting: z.string().max(100).default('Hello') }),
 *   setup(ctx) { ctx.logger.info('hello is up') },
 * });
 */
export function definePlugin<OSchema extends z.ZodType = z.ZodType, SSchema extends z.ZodObject = z.ZodObject>(
  definition: PluginDefinition<OSchema, SSchema>,
): PluginDefinition<OSchema, SSchema> {
  return definition;
}
