import { clip } from 'dbsbm';
import { z } from 'zod';
import { NOTIFICATION_TYPES } from '../channels/types.ts';

const snowflake = z.string().regex(/^\d{5,25}$/, 'a Discord id');

/**
 * `notification.requested` as this plugin accepts it. Any plugin may raise one, so it is checked here, at the edge:
 * text is clipped to what every channel can carry, anything else malformed is refused with the reason logged.
 */
export const requestSchema = z.object({
  guildId: snowflake,
  to: z.union([z.object({ userIds: z.array(snowflake).min(1).max(10_000) }), z.object({ audience: z.literal('admins') })]),
  type: z.enum(NOTIFICATION_TYPES),
  key: z.string().min(1).max(120),
  title: z.string().min(1).transform((s) => clip(s.replace(/[\r\n]+/g, ' '), 256)),
  body: z.string().transform((s) => clip(s, 2000)),
  url: z.url({ protocol: /^https?$/ }).max(512).optional(),
  fields: z
    .array(z.object({ name: z.string().min(1).transform((s) => clip(s, 256)), value: z.string().min(1).transform((s) => clip(s, 1024)) }))
    .max(10)
    .optional(),
  critical: z.boolean().optional(),
  digestKey: z.string().min(1).max(150).optional(),
  sendAt: z.number().int().nonnegative().optional(),
  data: z.record(z.string(), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])).optional(),
});

export type ValidRequest = z.output<typeof requestSchema>;
