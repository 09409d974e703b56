import { PermanentJobError, RetryLaterError, type JobRun } from 'dbsbm';
import { WebhookDeliverySchema, type WebhookDelivery } from '../entities/delivery.ts';
import { WebhookIntegrationSchema, type WebhookIntegration } from '../entities/integration.ts';
import { DISABLE_AFTER_MS, RETRY_SCHEDULE_MS } from '../settings.ts';
import { allowedHostsFor } from './allowed-hosts.ts';
import type { WebhooksContext } from './context.ts';
import { signingSecrets } from './endpoints.ts';
import type { DeliveryJob } from './fanout.ts';
import { formatBody } from './formats.ts';
import { notifyOwner } from './notify.ts';
import { safePost, SafeHttpError, type SafeResponse } from './safe-http.ts';
import { webhookHeaders } from './signing.ts';

/** Delay before retry `attempt` (1-based): the Standard Webhooks schedule. */
export const deliveryBackoff = (attempt: number): number => RETRY_SCHEDULE_MS[Math.min(attempt - 1, RETRY_SCHEDULE_MS.length - 1)]!;

/** Tries: the first, then one per step of the schedule. */
export const DELIVERY_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

function retryAfterMs(res: SafeResponse): number | null {
  const value = res.headers['retry-after'];
  if (!value) return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 36_000_000) : null;
}

async function record(ctx: WebhooksContext, integration: WebhookIntegration, run: JobRun, job: DeliveryJob, fields: Partial<WebhookDelivery>): Promise<void> {
  const em = ctx.em();
  em.create(WebhookDeliverySchema, {
    integrationId: integration.id,
    guildId: integration.guildId,
    messageId: job.messageId,
    eventType: job.envelope.type,
    attempt: run.attempt,
    statusCode: null,
    latencyMs: null,
    responseExcerpt: null,
    error: null,
    outcome: 'failed',
    nextAttemptAt: null,
    payload: job as unknown as Record<string, unknown>,
    createdAt: Date.now(),
    ...fields,
  });
  await em.flush();
}

async function disable(ctx: WebhooksContext, integration: WebhookIntegration, reason: string): Promise<void> {
  const em = ctx.em();
  const row = await em.findOne(WebhookIntegrationSchema, { id: integration.id });
  if (!row || !row.isActive) return;
  row.isActive = false;
  row.disabledReason = reason;
  await em.flush();
  await notifyOwner(ctx, integration.guildId, `Webhook #${integration.id} (${integration.webhookUrl}) was disabled: ${reason}. Fix the endpoint, then add it again with /webhook add.`);
}

async function markOutcome(ctx: WebhooksContext, integration: WebhookIntegration, ok: boolean): Promise<WebhookIntegration> {
  const em = ctx.em();
  const row = await em.findOneOrFail(WebhookIntegrationSchema, { id: integration.id });
  if (ok) {
    row.consecutiveFailures = 0;
    row.failingSince = null;
  } else {
    row.consecutiveFailures += 1;
    row.failingSince ??= Date.now();
  }
  await em.flush();
  return row;
}

/**
 * Sends one event to one endpoint, signed per Standard Webhooks: 2xx is done; 410 disables the endpoint; 429 and 503
 * wait for `Retry-After`; anything else retries on the schedule until the endpoint has failed for five days, when it
 * is disabled and the owner is told. Every attempt is kept in `webhook_deliveries`.
 */
export async function deliver(ctx: WebhooksContext, run: JobRun): Promise<void> {
  const job = run.payload as DeliveryJob;
  const integration = await ctx.em().findOne(WebhookIntegrationSchema, { id: job.integrationId });
  if (!integration || !integration.isActive) return;
  const body = formatBody(integration.webhookType, job.envelope);
  const headers = { 'content-type': 'application/json', 'user-agent': 'DBSBM-Webhooks/1.0', ...webhookHeaders(signingSecrets(ctx, integration), job.messageId, Math.floor(Date.now() / 1000), body) };
  let res: SafeResponse;
  try {
    res = await safePost(integration.webhookUrl, { body, headers, timeoutMs: ctx.options.timeoutMs, maxResponseBytes: ctx.options.maxResponseBytes, allowedHosts: allowedHostsFor(ctx.options.allowedHosts, integration.guildId) });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof SafeHttpError && (err.code === 'FORBIDDEN_ADDRESS' || err.code === 'BAD_URL')) {
      await record(ctx, integration, run, job, { error: message.slice(0, 500), outcome: 'disabled' });
      await disable(ctx, integration, message);
      throw new PermanentJobError(message);
    }
    return failed(ctx, integration, run, job, { error: message.slice(0, 500) });
  }
  const fields = { statusCode: res.status, latencyMs: Math.round(res.latencyMs), responseExcerpt: res.bodyExcerpt.slice(0, 1024) };
  if (res.status >= 200 && res.status < 300) {
    await record(ctx, integration, run, job, { ...fields, outcome: 'delivered' });
    await markOutcome(ctx, integration, true);
    return;
  }
  if (res.status === 410) {
    await record(ctx, integration, run, job, { ...fields, outcome: 'disabled' });
    await disable(ctx, integration, 'the endpoint answered 410 Gone');
    return;
  }
  const wait = res.status === 429 || res.status === 503 ? retryAfterMs(res) : null;
  return failed(ctx, integration, run, job, fields, wait);
}

async function failed(ctx: WebhooksContext, integration: WebhookIntegration, run: JobRun, job: DeliveryJob, fields: Partial<WebhookDelivery>, wait: number | null = null): Promise<void> {
  const row = await markOutcome(ctx, integration, false);
  const lastTry = run.attempt >= DELIVERY_ATTEMPTS;
  if ((row.failingSince !== null && Date.now() - row.failingSince >= DISABLE_AFTER_MS) || lastTry) {
    await record(ctx, integration, run, job, { ...fields, outcome: lastTry ? 'failed' : 'disabled' });
    if (!lastTry) await disable(ctx, integration, 'it has been failing for five days');
    throw new PermanentJobError(`delivery failed: ${fields.error ?? `HTTP ${fields.statusCode}`}`);
  }
  const delay = wait ?? deliveryBackoff(run.attempt);
  await record(ctx, integration, run, job, { ...fields, outcome: 'retrying', nextAttemptAt: Date.now() + delay });
  if (wait !== null) throw new RetryLaterError(`HTTP ${fields.statusCode}, Retry-After ${Math.round(wait / 1000)} s`, wait);
  throw new Error(`delivery failed: ${fields.error ?? `HTTP ${fields.statusCode}`}`);
}
