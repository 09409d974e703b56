import type { NotificationsContext } from './context.ts';
import { insertIgnore } from './sql-dialect.ts';
import type { KeyStore } from './vapid-keys.ts';

/** Keys kept in `notification_keys`: the first instance to store one wins, every other reads it. */
export function tableKeyStore(ctx: NotificationsContext): KeyStore {
  const read = async (name: string): Promise<string | null> => (await ctx.data.get<{ value: string }>('select value from notification_keys where name = ?', [name]))?.value ?? null;
  return {
    get: read,
    async putIfAbsent(name, value) {
      await ctx.data.run(insertIgnore(ctx.data.dialect, 'notification_keys', ['name', 'value', 'created_at']), [name, value, Date.now()]);
      return (await read(name)) ?? value;
    },
  };
}
