import type { PluginContext } from 'dbsbm';
import type { NotificationOptions } from '../options.ts';

/** The notifications plugin's context (no per-guild settings: routes live in their own table). */
export type NotificationsContext = PluginContext<NotificationOptions, Record<string, unknown>>;
