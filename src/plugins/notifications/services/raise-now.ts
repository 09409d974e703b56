import type { NotificationRequest } from 'dbsbm';
import type { NotificationsContext } from './context.ts';
import { prefsOfMany } from './preferences.ts';
import { raise, recipientsOf } from './raise.ts';
import { requestSchema } from './request.ts';

/**
 * Raises a request in a transaction of its own (for this plugin's own sources and commands). A request that does not
 * pass {@link requestSchema} is a bug in whoever built it: logged with its reasons and dropped, never half-written.
 */
export async function raiseNow(ctx: NotificationsContext, request: NotificationRequest, source = ctx.name): Promise<number[]> {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    ctx.logger.warn({ source, type: request.type, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'notification request refused');
    return [];
  }
  const prefs = await prefsOfMany(ctx, recipientsOf(parsed.data));
  return ctx.data.transaction((em) => raise(ctx, em, parsed.data, prefs, source));
}
