import { PermanentJobError, RetryLaterError, type JobBatchResult, type JobRun } from 'dbsbm';
import { WebhookIntegrationSchema } from '../entities/integration.ts';
import { DISABLE_AFTER_MS, RETRY_SCHEDULE_MS } from '../settings.ts';
import { allowedHostsFor } from './allowed-hosts.ts';
import type { WebhooksContext } from './context.ts';
import { insertAttempts, readDeliveryEndpoints, writeHealth, type AttemptRow, type DeliveryEndpoint } from './endpoint-rows.ts';
import { signingSecrets } from './endpoints.ts';
import type { DeliveryJob } from './fanout.ts';
import { formatBody } from './formats.ts';
import { Streak } from './health.ts';
import { notifyOwner } from './notify.ts';
import { endpointsChanged, runtimeOf } from './runtime.ts';
import { safePost, SafeHttpError, type SafeResponse } from './safe-http.ts';
import { webhookHeaders } from './signing.ts';

/** Delay before retry `attempt` (1-based): the Standard Webhooks schedule. */
export const deliveryBackoff = (attempt: number): number => RETRY_SCHEDULE_MS[Math.min(attempt - 1, RETRY_SCHEDULE_MS.length - 1)]!;

/** Tries: the first, then one per step of the schedule. */
export const DELIVERY_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

/**
 * Deliveries claimed and sent together, and batches in flight at once. Several batches keep a receiver that takes its
 * full timeout from holding up every other delivery; the pools cap connections per receiver (keep-alive.ts).
 */
export const DELIVERY_BATCH = { size: 64, concurrency: 4 } as const;

function retryAfterMs(res: SafeResponse): number | null {
  const value = res.headers['retry-after'];
  if (!value) return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 36_000_000) : null;
}

type Sent = { res: SafeResponse } | { err: unknown; sent: boolean } | null;

/** Signs and POSTs one event to one endpoint; null when the endpoint is gone or disabled (nothing to send). */
async function send(ctx: WebhooksContext, endpoint: DeliveryEndpoint | undefined, job: DeliveryJob, secrets: (e: DeliveryEndpoint) => string[]): Promise<Sent> {
  if (!endpoint || !endpoint.isActive) return null;
  let body: string;
  let headers: Record<string, string>;
  try {
    body = formatBody(endpoint.webhookType, job.envelope);
    headers = { 'content-type': 'application/json', 'user-agent': 'DBSBM-Webhooks/1.0', ...webhookHeaders(secrets(endpoint), job.messageId, Math.floor(Date.now() / 1000), body) };
  } catch (err) {
    // A secret that cannot be opened (the key changed): nothing was sent, the job retries.
    return { err, sent: false };
  }
  try {
    const res = await safePost(endpoint.webhookUrl, {
      body,
      headers,
      timeoutMs: ctx.options.timeoutMs,
      maxResponseBytes: ctx.options.maxResponseBytes,
      allowedHosts: allowedHostsFor(ctx.options.allowedHosts, endpoint.guildId),
      agents: runtimeOf(ctx).agents,
    });
    return { res };
  } catch (err) {
    return { err, sent: true };
  }
}

/** Disables an endpoint (once), forgets it in the caches and tells the server's owner. */
async function disable(ctx: WebhooksContext, endpoint: DeliveryEndpoint, reason: string): Promise<void> {
  const changed = await ctx.em().nativeUpdate(WebhookIntegrationSchema, { id: endpoint.id, isActive: true }, { isActive: false, disabledReason: reason.slice(0, 255), updatedAt: new Date() });
  if (changed === 0) return;
  await endpointsChanged(ctx, endpoint.guildId);
  await notifyOwner(ctx, endpoint.guildId, `Webhook #${endpoint.id} (${endpoint.webhookUrl}) was disabled: ${reason}. Fix the endpoint, then add it again with /webhook add.`);
}

/**
 * Sends a batch of events to their endpoints, signed per Standard Webhooks, all at once over keep-alive connections:
 * 2xx is done; 410 disables the endpoint; 429 and 503 wait for `Retry-After`; anything else retries on the schedule
 * until the endpoint has failed for five days, when it is disabled and the owner is told. The endpoints are read once
 * for the batch; every attempt becomes a row of `webhook_deliveries`, written with the jobs' outcomes in one
 * transaction, and an endpoint's failure streak is written only when it changes.
 */
export async function deliverBatch(ctx: WebhooksContext, runs: readonly JobRun[]): Promise<JobBatchResult> {
  const jobs = runs.map((run) => run.payload as DeliveryJob);
  const endpoints = await readDeliveryEndpoints(ctx, [...new Set(jobs.map((j) => j.integrationId))]);
  const secretsOf = new Map<number, string[]>();
  const secrets = (e: DeliveryEndpoint): string[] => {
    let s = secretsOf.get(e.id);
    if (!s) {
      s = signingSecrets(ctx, e);
      secretsOf.set(e.id, s);
    }
    return s;
  };
  const sent = await Promise.all(jobs.map((job) => send(ctx, endpoints.get(job.integrationId), job, secrets)));

  const now = Date.now();
  const rows: AttemptRow[] = [];
  const streaks = new Map<number, Streak>();
  const disables = new Map<number, { endpoint: DeliveryEndpoint; reason: string }>();
  const streakOf = (e: DeliveryEndpoint): Streak => {
    let s = streaks.get(e.id);
    if (!s) streaks.set(e.id, (s = new Streak(e)));
    return s;
  };
  const outcomes = runs.map((run, i): unknown => {
    const job = jobs[i]!;
    const result = sent[i];
    const endpoint = endpoints.get(job.integrationId);
    if (result === null || result === undefined || !endpoint) return undefined;
    const record = (fields: Partial<AttemptRow>): void => {
      rows.push({
        integrationId: endpoint.id,
        guildId: endpoint.guildId,
        messageId: job.messageId,
        eventType: job.envelope.type,
        attempt: run.attempt,
        statusCode: null,
        latencyMs: null,
        responseExcerpt: null,
        error: null,
        outcome: 'failed',
        nextAttemptAt: null,
        payload: job,
        createdAt: now,
        ...fields,
      });
    };
    const failed = (fields: Partial<AttemptRow>, wait: number | null = null): unknown => {
      const streak = streakOf(endpoint);
      streak.failure(now);
      const lastTry = run.attempt >= DELIVERY_ATTEMPTS;
      const why = `delivery failed: ${fields.error ?? `HTTP ${fields.statusCode}`}`;
      if ((streak.failingSince !== null && now - streak.failingSince >= DISABLE_AFTER_MS) || lastTry) {
        record({ ...fields, outcome: lastTry ? 'failed' : 'disabled' });
        if (!lastTry && !disables.has(endpoint.id)) disables.set(endpoint.id, { endpoint, reason: 'it has been failing for five days' });
        return new PermanentJobError(why);
      }
      const delay = wait ?? deliveryBackoff(run.attempt);
      record({ ...fields, outcome: 'retrying', nextAttemptAt: now + delay });
      return wait !== null ? new RetryLaterError(`HTTP ${fields.statusCode}, Retry-After ${Math.round(wait / 1000)} s`, wait) : new Error(why);
    };

    if ('err' in result) {
      if (!result.sent) return result.err;
      const message = result.err instanceof Error ? result.err.message : String(result.err);
      if (result.err instanceof SafeHttpError && (result.err.code === 'FORBIDDEN_ADDRESS' || result.err.code === 'BAD_URL')) {
        record({ error: message.slice(0, 500), outcome: 'disabled' });
        if (!disables.has(endpoint.id)) disables.set(endpoint.id, { endpoint, reason: message });
        return new PermanentJobError(message);
      }
      return failed({ error: message.slice(0, 500) });
    }
    const { res } = result;
    const fields = { statusCode: res.status, latencyMs: Math.round(res.latencyMs), responseExcerpt: res.bodyExcerpt.slice(0, 1024) };
    if (res.status >= 200 && res.status < 300) {
      record({ ...fields, outcome: 'delivered' });
      streakOf(endpoint).success();
      return undefined;
    }
    if (res.status === 410) {
      record({ ...fields, outcome: 'disabled' });
      if (!disables.has(endpoint.id)) disables.set(endpoint.id, { endpoint, reason: 'the endpoint answered 410 Gone' });
      return undefined;
    }
    return failed(fields, res.status === 429 || res.status === 503 ? retryAfterMs(res) : null);
  });

  for (const { endpoint, reason } of disables.values()) {
    // The attempts are recorded whatever happens here; an endpoint that could not be disabled now is on its next failure.
    await disable(ctx, endpoint, reason).catch((err: unknown) => ctx.logger.error({ err, endpoint: endpoint.id }, 'could not disable a webhook endpoint'));
  }
  const health = [...streaks.entries()].map(([id, s]) => ({ id, change: s.change() })).filter((h) => h.change !== null);
  return {
    outcomes,
    write: async (em) => {
      await insertAttempts(ctx, em, rows);
      for (const h of health) await writeHealth(ctx, em, h.id, h.change!);
    },
  };
}
