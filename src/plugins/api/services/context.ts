import type { PluginContext } from 'dbsbm';

/** What the api plugin's services get. */
export type ApiContext = PluginContext<unknown, Record<string, unknown>>;
