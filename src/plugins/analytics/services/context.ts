import type { PluginContext } from 'dbsbm';
import type { AnalyticsOptions, AnalyticsSettings } from '../settings.ts';

/** The analytics plugin's context, typed with its options and settings. */
export type AnalyticsContext = PluginContext<AnalyticsOptions, AnalyticsSettings>;
