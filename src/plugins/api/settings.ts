import { z } from 'zod';

/** Options of the api plugin (plugins.config.ts). */
export const apiOptions = z
  .object({
    /** Days of `api_usage` kept. @default 90 */
    usageRetentionDays: z.number().int().min(1).max(3650).default(90),
    /** How often buffered usage rows are written, in milliseconds. @default 1000 */
    usageFlushMs: z.number().int().min(50).max(60_000).default(1_000),
  })
  .strict()
  .default({ usageRetentionDays: 90, usageFlushMs: 1_000 });

export type ApiOptions = z.output<typeof apiOptions>;
