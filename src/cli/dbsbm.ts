import { App } from '../core/app.ts';
import { ConfigError, loadConfig } from '../core/config/env.ts';
import { createLogger } from '../core/log/logger.ts';
import { PluginError } from '../core/plugins/errors.ts';
import { loadPluginsConfig } from '../core/plugins/load-config.ts';
import { TIERS } from '../core/plugins/tier.ts';
import { SettingError } from '../core/settings/settings-service.ts';
import { JOB_STATUSES, type JobStatus } from '../core/db/entities/job.ts';

const USAGE = `Usage: npm run dbsbm -- <command>

  tier set <guildId> <${TIERS.join('|')}>   set a server's tier (bot owner)
  tier get <guildId>                       show a server's tier
  jobs list [status]                       list durable jobs (status: ${JOB_STATUSES.join(', ')})
  jobs retry <jobId>                       put a dead job back in the queue
  migrate                                  apply pending migrations`;

class UsageError extends Error {}

async function run(args: string[], app: App): Promise<string> {
  const [group, action, ...rest] = args;
  if (group === 'tier' && action === 'set' && rest.length === 2) {
    const [guildId, tier] = rest as [string, string];
    if (!/^\d{5,25}$/.test(guildId)) throw new UsageError(`"${guildId}" is not a server id: use the digits of the guild id.`);
    await app.settings.setTier(guildId, tier);
    return `Server ${guildId} is now on the ${tier} tier.`;
  }
  if (group === 'tier' && action === 'get' && rest.length === 1) {
    const state = await app.guilds.load(rest[0]!);
    return `Server ${rest[0]} is on the ${state.tier} tier.`;
  }
  if (group === 'jobs' && action === 'list' && rest.length <= 1) {
    const status = rest[0];
    if (status !== undefined && !(JOB_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`"${status}" is not a job status. Use one of: ${JOB_STATUSES.join(', ')}.`);
    }
    const jobs = await app.jobStore.list({ status: status as JobStatus | undefined });
    if (jobs.length === 0) return 'No jobs.';
    return jobs
      .map((j) => `#${j.id} ${j.plugin}/${j.name} ${j.status} attempts=${j.attempts}/${j.maxAttempts}${j.guildId ? ` guild=${j.guildId}` : ''}${j.lastError ? ` last error: ${j.lastError}` : ''}`)
      .join('\n');
  }
  if (group === 'jobs' && action === 'retry' && rest.length === 1 && /^\d+$/.test(rest[0]!)) {
    const ok = await app.jobStore.retryDead(Number(rest[0]));
    if (!ok) throw new UsageError(`Job #${rest[0]} is not dead (see npm run dbsbm -- jobs list dead).`);
    return `Job #${rest[0]} is queued again.`;
  }
  if (group === 'migrate' && !action) return 'Migrations are up to date.';
  throw new UsageError(USAGE);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length === 0 || args[0] === '--help' || args[0] === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let app: App | undefined;
  try {
    const config = loadConfig();
    app = await App.create({ config, plugins: await loadPluginsConfig(), logger: createLogger('warn'), bot: false, jobs: { autoStart: false } });
    process.stdout.write(`${await run(args, app)}\n`);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof PluginError || err instanceof SettingError || err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
    } else {
      throw err;
    }
  } finally {
    await app?.stop();
  }
}

await main();
