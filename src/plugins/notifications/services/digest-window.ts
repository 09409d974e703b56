import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import type { NotificationType } from '../channels/types.ts';
import type { NotificationsContext } from './context.ts';
import { forUpdate, insertIgnore } from './sql-dialect.ts';

export const DIGEST_JOB = 'digest';

/** One request gathered into a digest. */
export interface DigestEntry {
  title: string;
  body: string;
  data: Record<string, string | number | boolean | null> | null;
}

/**
 * Adds a request to the member's open digest for its key, opening one (and its closing job) if none is open. The
 * unique `open_key` makes two requests of the same second agree on one window: the second insert does nothing and
 * both append to the row they then lock.
 */
export async function joinDigest(
  ctx: NotificationsContext,
  em: EntityManager,
  args: { guildId: string; userId: string; type: NotificationType; digestKey: string; item: DigestEntry; minutes: number },
  now = Date.now(),
): Promise<void> {
  const stored = `${args.type}:${args.digestKey}`;
  const openKey = createHash('sha256').update(`${args.guildId}|${args.userId}|${stored}`).digest('hex');
  const windowEnd = now + args.minutes * 60_000;
  const opened = await ctx.data.run(
    insertIgnore(ctx.data.dialect, 'notification_digests', ['guild_id', 'user_id', 'digest_key', 'open_key', 'items', 'window_end', 'created_at']),
    [args.guildId, args.userId, stored, openKey, '[]', windowEnd, now],
    em,
  );
  if (opened.changes > 0 && opened.lastInsertId !== null) {
    await ctx.jobs.enqueue(em, DIGEST_JOB, { digestId: opened.lastInsertId }, { guildId: args.guildId, idempotencyKey: `digest:${opened.lastInsertId}`, runAt: windowEnd });
  }
  const row = await ctx.data.get<{ id: number; items: unknown }>(`select id, items from notification_digests where open_key = ?${forUpdate(ctx.data.dialect)}`, [openKey], em);
  if (!row) return;
  const items = parseItems(row.items);
  items.push(args.item);
  await ctx.data.run('update notification_digests set items = ? where id = ?', [JSON.stringify(items), row.id], em);
}

/** The items of a digest row (a JSON column: text on some drivers). */
export function parseItems(value: unknown): DigestEntry[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as DigestEntry[]) : [];
}
