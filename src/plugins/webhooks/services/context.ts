import type { PluginContext } from 'dbsbm';
import type { WebhookOptions } from '../settings.ts';

export type WebhooksContext = PluginContext<WebhookOptions, Record<string, unknown>>;
