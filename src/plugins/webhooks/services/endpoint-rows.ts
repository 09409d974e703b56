/**
 * The hot reads and writes of `webhook_integrations` (fan-out and delivery), as prepared statements with bound values
 * through `ctx.data`. Adding, rotating and removing endpoints stay on the ORM (endpoints.ts).
 */
import type { EntityManager } from '@mikro-orm/knex';
import type { WebhookFormat } from '../entities/integration.ts';
import type { WebhookDelivery } from '../entities/delivery.ts';
import type { DeliveryJob } from './fanout.ts';
import type { WebhooksContext } from './context.ts';

/** What a delivery needs of an endpoint. */
export interface DeliveryEndpoint {
  id: number;
  guildId: string;
  webhookUrl: string;
  webhookType: WebhookFormat;
  isActive: boolean;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretUntil: number | null;
  consecutiveFailures: number;
  failingSince: number | null;
}

/** What the fan-out needs of an active endpoint. */
export interface FanOutEndpoint {
  id: number;
  guildId: string;
  events: string[];
}

/** An endpoint's failure streak: how many attempts in a row failed, and since when (epoch ms). */
export interface Health {
  consecutiveFailures: number;
  failingSince: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
// JSON columns come back as text on SQLite and MariaDB (where JSON is LONGTEXT), already parsed from MySQL.
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** The endpoints of `ids` as they are now (one statement); missing ids were removed. */
export async function readDeliveryEndpoints(ctx: WebhooksContext, ids: readonly number[]): Promise<Map<number, DeliveryEndpoint>> {
  const out = new Map<number, DeliveryEndpoint>();
  if (ids.length === 0) return out;
  const rows = await ctx.data.all(
    `select id, guild_id, webhook_url, webhook_type, is_active, secret_sealed, previous_secret_sealed, previous_secret_until,
            consecutive_failures, failing_since
       from webhook_integrations where id in (${placeholders(ids.length)})`,
    ids,
  );
  for (const r of rows) {
    const id = Number(r.id);
    out.set(id, {
      id,
      guildId: String(r.guild_id),
      webhookUrl: String(r.webhook_url),
      webhookType: String(r.webhook_type) as WebhookFormat,
      isActive: Boolean(Number(r.is_active)),
      secretSealed: String(r.secret_sealed),
      previousSecretSealed: (r.previous_secret_sealed as string | null) ?? null,
      previousSecretUntil: num(r.previous_secret_until),
      consecutiveFailures: Number(r.consecutive_failures),
      failingSince: num(r.failing_since),
    });
  }
  return out;
}

/** The active endpoints of a server, or of every server when `guildId` is null (guildless events). */
export async function readFanOutEndpoints(ctx: WebhooksContext, guildId: string | null): Promise<FanOutEndpoint[]> {
  const rows =
    guildId === null
      ? await ctx.data.all('select id, guild_id, events from webhook_integrations where is_active = ? order by id', [true])
      : await ctx.data.all('select id, guild_id, events from webhook_integrations where guild_id = ? and is_active = ? order by id', [guildId, true]);
  return rows.map((r) => ({ id: Number(r.id), guildId: String(r.guild_id), events: json(r.events) as string[] }));
}

/**
 * Writes an endpoint's failure streak in `em`'s transaction. `reset` sets it (a success happened in the batch: the
 * streak is what failed after it); otherwise the batch's failures are added to whatever another worker wrote since.
 */
export async function writeHealth(ctx: WebhooksContext, em: EntityManager, id: number, change: { reset: boolean; failures: number; failingSince: number | null }): Promise<void> {
  if (change.reset) {
    await ctx.data.run('update webhook_integrations set consecutive_failures = ?, failing_since = ? where id = ?', [change.failures, change.failingSince, id], em);
    return;
  }
  await ctx.data.run(
    'update webhook_integrations set consecutive_failures = consecutive_failures + ?, failing_since = coalesce(failing_since, ?) where id = ?',
    [change.failures, change.failingSince, id],
    em,
  );
}

/** One attempt row of `webhook_deliveries`, as the worker writes it (the id is the database's). */
export type AttemptRow = Omit<WebhookDelivery, 'id' | 'payload'> & { payload: DeliveryJob };

const ATTEMPT_COLUMNS =
  'integration_id, guild_id, message_id, event_type, attempt, status_code, latency_ms, response_excerpt, error, outcome, next_attempt_at, payload, created_at';
const ATTEMPT_VALUES = `(${placeholders(13)})`;

/** Inserts attempt rows in `em`'s transaction, up to 64 per statement. */
export async function insertAttempts(ctx: WebhooksContext, em: EntityManager, rows: readonly AttemptRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 64) {
    const chunk = rows.slice(i, i + 64);
    await ctx.data.run(
      `insert into webhook_deliveries (${ATTEMPT_COLUMNS}) values ${chunk.map(() => ATTEMPT_VALUES).join(', ')}`,
      chunk.flatMap((r) => [
        r.integrationId,
        r.guildId,
        r.messageId,
        r.eventType,
        r.attempt,
        r.statusCode,
        r.latencyMs,
        r.responseExcerpt,
        r.error,
        r.outcome,
        r.nextAttemptAt,
        JSON.stringify(r.payload),
        r.createdAt,
      ]),
      em,
    );
  }
}
