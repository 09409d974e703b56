import { z } from 'zod';

/** Models `train` knows: the football models built here and the community models of their own module. */
export const FOOTBALL_MODELS = ['outcome', 'movement'] as const;
export const COMMUNITY_MODELS = ['trends', 'churn', 'segments', 'anomalies'] as const;
export const ALL_MODELS = [...FOOTBALL_MODELS, ...COMMUNITY_MODELS] as const;
export type FootballModelName = (typeof FOOTBALL_MODELS)[number];
export type CommunityModelName = (typeof COMMUNITY_MODELS)[number];
export type ModelName = (typeof ALL_MODELS)[number];

export const USAGE = `Usage:
  npm run ml -- evaluate --model outcome|movement --data <csv> [<csv> ...] [--season YYYY-YYYY] [--artefact <json>]
  npm run ml -- train [--model ${ALL_MODELS.join('|')}] [--seed N] [--data <csv> ...] [--out-dir <dir>]`;

/** Bad command-line input: printed as one line, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const season = z.string().regex(/^\d{4}-\d{4}$/, 'expected a season like 2022-2023');
const nonEmpty = z.string().min(1, 'expected a value');

const evaluateSchema = z.strictObject({
  command: z.literal('evaluate'),
  model: z.enum(FOOTBALL_MODELS, { error: `expected one of ${FOOTBALL_MODELS.join(', ')} (only these can be evaluated on match data)` }),
  data: z.array(nonEmpty).min(1, 'give at least one CSV file'),
  season: season.optional(),
  artefact: nonEmpty.optional(),
});

const trainSchema = z.strictObject({
  command: z.literal('train'),
  model: z.enum(ALL_MODELS, { error: `expected one of ${ALL_MODELS.join(', ')}` }).optional(),
  seed: z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(0xffffffff, 'must fit in 32 bits'))
    .default(1),
  data: z.array(nonEmpty).min(1, 'give at least one CSV file').optional(),
  'out-dir': nonEmpty.optional(),
});

const argsSchema = z.discriminatedUnion('command', [evaluateSchema, trainSchema], {
  error: 'expected a command: evaluate or train',
});

export type EvaluateArgs = z.infer<typeof evaluateSchema>;
export type TrainArgs = z.infer<typeof trainSchema>;
export type CliArgs = z.infer<typeof argsSchema>;

const MULTI = new Set(['data']);

/**
 * Parses `ml` arguments: a command, then `--flag value` pairs (`--flag=value` also works); `--data` takes
 * every value up to the next flag. Throws {@link UsageError} with a one-line reason.
 */
export function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  const raw: Record<string, string | string[]> = { command: command ?? '' };
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith('--')) throw new UsageError(`unexpected argument "${token}"`);
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    if (name in raw) throw new UsageError(`--${name} given twice`);
    const values: string[] = eq === -1 ? [] : [token.slice(eq + 1)];
    while (i + 1 < rest.length && !rest[i + 1].startsWith('--') && (values.length === 0 || MULTI.has(name))) {
      values.push(rest[i + 1]);
      i += 1;
    }
    if (values.length === 0) throw new UsageError(`--${name} needs a value`);
    raw[name] = MULTI.has(name) ? values : values[0];
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      throw new UsageError(`unknown option ${issue.keys.map((k) => `--${k}`).join(', ')} for ${command}`);
    }
    const where = issue.path.length > 0 && issue.path[0] !== 'command' ? `--${issue.path.join('.')}: ` : '';
    const got = issue.path[0] === 'command' ? ` (got "${command ?? ''}")` : '';
    throw new UsageError(`${where}${issue.message}${got}`);
  }
  return parsed.data;
}
