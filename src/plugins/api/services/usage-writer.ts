import type { ApiUsageRecord, SqlValue } from 'dbsbm';
import type { ApiContext } from './context.ts';

/** Rows written per statement: a fixed set of statement shapes, so prepared statements are reused. */
const CHUNK = 100;
/** Kept in memory while the database does not answer; past this, the oldest rows are dropped (and counted). */
const MAX_BUFFERED = 50_000;

/**
 * Writes `api_usage` rows in batches off the request path: a call only appends to a buffer, a timer flushes it
 * every second, and `close` flushes what is left on shutdown. A failed flush keeps the rows for the next one.
 */
export class UsageWriter {
  #buffer: ApiUsageRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | null = null;
  #dropped = 0;
  #warned = false;

  constructor(
    private readonly ctx: ApiContext,
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), this.intervalMs);
    this.#timer.unref();
  }

  push(record: ApiUsageRecord): void {
    this.#buffer.push(record);
    if (this.#buffer.length > MAX_BUFFERED) {
      this.#buffer.splice(0, this.#buffer.length - MAX_BUFFERED);
      this.#dropped++;
    }
  }

  /** Rows waiting to be written (for tests and /readyz-style figures). */
  get pending(): number {
    return this.#buffer.length;
  }

  /** Writes what is buffered; concurrent calls share one flush. */
  flush(): Promise<void> {
    this.#flushing ??= this.#write().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  async #write(): Promise<void> {
    while (this.#buffer.length > 0) {
      const rows = this.#buffer.slice(0, CHUNK);
      try {
        await this.ctx.data.run(
          `insert into api_usage (user_id, guild_id, key_id, method, endpoint, request_data, response_time, status_code, timestamp) values ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          rows.flatMap((r): SqlValue[] => [r.principal.userId, r.principal.guildId, Number(r.principal.keyId), r.method, r.endpoint.slice(0, 100), JSON.stringify(r.requestData), r.durationMs, r.status, r.at]),
        );
        this.#buffer.splice(0, rows.length);
        this.#warned = false;
        await this.#touchKeys(rows);
      } catch (err) {
        if (!this.#warned) this.ctx.logger.warn({ err, pending: this.#buffer.length, dropped: this.#dropped }, 'API usage could not be written; kept in memory and retried');
        this.#warned = true;
        return;
      }
    }
  }

  /** Marks each key's last use (for `/api key list`), at most once a minute per key. */
  async #touchKeys(rows: readonly ApiUsageRecord[]): Promise<void> {
    const last = new Map<number, number>();
    for (const r of rows) last.set(Number(r.principal.keyId), Math.max(last.get(Number(r.principal.keyId)) ?? 0, r.at));
    for (const [id, at] of last) {
      await this.ctx.data.run('update api_keys set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)', [at, id, at - 60_000]);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }
}
