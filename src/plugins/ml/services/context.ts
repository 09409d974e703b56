import type { PluginContext } from 'dbsbm';
import type { MlOptions, MlSettings } from '../settings.ts';

export type MlContext = PluginContext<MlOptions, MlSettings>;
