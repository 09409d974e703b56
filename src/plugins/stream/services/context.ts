import type { PluginContext } from 'dbsbm';
import type { StreamOptions } from '../settings.ts';

export type StreamContext = PluginContext<StreamOptions, Record<string, unknown>>;
