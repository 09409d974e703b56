import type { PluginContext } from 'dbsbm';
import type { PerformanceOptions } from '../options.ts';

/** The performance plugin's context: its options; it has no per-server settings (it is the operator's). */
export type PerformanceContext = PluginContext<PerformanceOptions, Record<string, unknown>>;
