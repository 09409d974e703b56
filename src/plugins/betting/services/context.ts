import type { PluginContext } from 'dbsbm';
import type { BettingOptions, BettingSettings } from '../settings.ts';

/** The betting plugin's context, typed with its options and settings. */
export type BettingContext = PluginContext<BettingOptions, BettingSettings>;
