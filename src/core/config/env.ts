import { z } from 'zod';
import { LOG_FORMATS } from '../log/format.ts';

/** Log levels pino understands. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const databaseUrl = z
  .string()
  .trim()
  .refine((v) => /^sqlite:.+/.test(v) || /^(mysql|mariadb):\/\/[^/]+\/[^/?#]+/.test(v), {
    message: 'accepts sqlite:<path>, mysql://user:pass@host:port/db or mariadb://user:pass@host:port/db',
  });

const redisUrl = z
  .string()
  .trim()
  .refine((v) => /^rediss?:\/\/[^/]+/.test(v), { message: 'accepts redis://host:port or rediss://host:port' });

const port = z
  .string()
  .trim()
  .refine((v) => /^\d+$/.test(v) && Number(v) >= 0 && Number(v) <= 65535, {
    message: 'accepts a whole number from 0 to 65535',
  })
  .transform(Number);

const token = z
  .string()
  .trim()
  .refine((v) => v.length >= 20 && !/\s/.test(v), { message: 'accepts a Discord bot token (no spaces, 20+ characters)' });

const envSchema = z.object({
  DISCORD_TOKEN: token.optional(),
  DATABASE_URL: databaseUrl.default('sqlite:./data/dbsbm.sqlite'),
  // MySQL/MariaDB only: SQLite uses one connection. Each transaction holds one until it commits.
  DATABASE_POOL_MAX: z
    .string()
    .trim()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1000, { message: 'accepts a whole number from 1 to 1000' })
    .transform(Number)
    .default(10),
  REDIS_URL: redisUrl.optional(),
  HTTP_PORT: port.default(3000),
  HTTP_HOST: z.string().trim().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `accepts one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  // Unset: pretty on a terminal, JSON otherwise (see chooseLogFormat).
  LOG_FORMAT: z.enum(LOG_FORMATS, { message: 'accepts json or pretty (unset: pretty when stdout is a terminal, JSON otherwise)' }).optional(),
  // Unset: /metrics is open (fine on loopback); set it once the port is reachable from elsewhere.
  METRICS_TOKEN: z
    .string()
    .trim()
    .refine((v) => v.length >= 16 && !/\s/.test(v), { message: 'accepts a secret of 16+ characters without spaces (sent as "Authorization: Bearer <token>")' })
    .optional(),
  BOT_OWNER_IDS: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d{5,25}(,\d{5,25})*$/.test(v), { message: 'accepts comma-separated Discord user ids' })
    .default('')
    .transform((v) => (v === '' ? [] : v.split(','))),
});

/** The validated process configuration. */
export type Config = z.output<typeof envSchema>;

/** A configuration problem, one per bad variable, ready to print. */
export interface ConfigProblem {
  variable: string;
  received: string | undefined;
  message: string;
}

/** Raised by {@link loadConfig} when the environment is invalid; `problems` has one entry per bad variable. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

function formatProblem(p: ConfigProblem): string {
  const got = p.received === undefined ? 'nothing' : JSON.stringify(redactValue(p.variable, p.received));
  return `${p.variable}: got ${got}; ${p.message}`;
}

function redactValue(variable: string, value: string): string {
  if (variable === 'DISCORD_TOKEN' || variable === 'METRICS_TOKEN') return value.length > 4 ? `${value.slice(0, 2)}…(${value.length} chars)` : '…';
  // Database and Redis URLs may carry a password.
  return value.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

/**
 * Reads and validates the configuration from an environment object.
 * Empty strings count as unset, as shells make it easy to export `VAR=`.
 * @throws {ConfigError} listing every bad variable at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const keys = Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[];
  const input: Record<string, string> = {};
  for (const key of keys) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = envSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    return { variable, received: input[variable], message: issue.message };
  });
  throw new ConfigError(problems);
}

/** Whether the configuration runs against the built-in Discord emulator. */
export const isLocalMode = (config: Config): boolean => config.DISCORD_TOKEN === undefined;
