import type { Tier } from '../plugins/tier.ts';

/** Why the gate said no. */
export const GateIdentifiers = {
  PluginNotLoaded: 'PluginNotLoaded',
  TierTooLow: 'TierTooLow',
  PluginDisabled: 'PluginDisabled',
  DependencyOff: 'DependencyOff',
  NoGuild: 'NoGuild',
} as const;
export type GateIdentifier = (typeof GateIdentifiers)[keyof typeof GateIdentifiers];

/** The gate's answer: a value, not a throw (Sapphire's `ok()`/`error()` habit). */
export type GateResult =
  | { ok: true }
  | { ok: false; identifier: GateIdentifier; message: string; plugin: string; requiredTier?: Tier };
