import { z } from 'zod';

export const mlOptions = z
  .object({
    /** Where the trained artefacts are (default: the ones shipped in src/plugins/ml/artefacts). */
    artefactDir: z.string().optional(),
  })
  .default({});
export type MlOptions = z.output<typeof mlOptions>;

export const mlSettings = z.object({
  /** Edge over the price needed to call a bet "value": model probability × decimal price > 1 + this. */
  valueThreshold: z.number().min(0).max(0.5).default(0.03),
  /** Fraction of full Kelly used for suggested stakes. */
  kellyFraction: z.number().min(0.05).max(1).default(0.25),
  /** Most a suggested stake may be, as a share of the bankroll. */
  maxStakeShare: z.number().min(0.001).max(0.1).default(0.02),
  /** A member's bankroll in units, for stake suggestions. */
  bankrollUnits: z.number().min(1).max(100_000).default(100),
});
export type MlSettings = z.output<typeof mlSettings>;
