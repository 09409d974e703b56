import { canonicalTimeZone, Refusal } from 'dbsbm';
import { z } from 'zod';
import { COMPETITION_METRICS, type CompetitionMetric } from './entity.ts';
import { MOMENT_FORMATS, readMoment } from './when.ts';

/** The longest a competition may run. */
export const MAX_COMPETITION_DAYS = 90;
/** How far in the past a start may be typed (someone typing `18:00` at 18:02): the competition starts on creation. */
export const START_GRACE_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/** `/competition create` as typed (every text as the member wrote it). */
export const createCompetitionRaw = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'The name is empty: give the competition a name of 1 to 100 characters.')
    .max(100, 'The name is longer than 100 characters: shorten it.')
    // One line: the name heads embeds and lists.
    .refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s), 'The name may not hold line breaks or control characters.'),
  start: z.string().trim().min(1).max(40),
  end: z.string().trim().min(1).max(40),
  metric: z.enum(COMPETITION_METRICS).default('net'),
  timeZone: z
    .string()
    .trim()
    .default('UTC')
    .transform((tz, c) => {
      const canonical = canonicalTimeZone(tz);
      if (canonical === null) c.addIssue({ code: 'custom', message: `"${tz}" is not a time zone: use an IANA name such as Europe/London or America/New_York (default UTC).` });
      return canonical ?? 'UTC';
    }),
});
export type CreateCompetitionRaw = z.input<typeof createCompetitionRaw>;

/** A competition's settings, read and checked. */
export interface CompetitionPlan {
  name: string;
  metric: CompetitionMetric;
  timeZone: string;
  /** The later of the start typed and `now`: bets placed before the competition existed never count. */
  startsAt: number;
  endsAt: number;
}

/**
 * Reads `/competition create`'s options: names, dates in the zone given (a date alone is the whole day: a start at
 * its first moment, an end after its last), an end after the start and at most {@link MAX_COMPETITION_DAYS} later,
 * a start not in the past. Throws an `INVALID_INPUT` refusal that says what to type instead.
 */
export function readCompetitionPlan(raw: CreateCompetitionRaw, now: number): CompetitionPlan {
  const parsed = createCompetitionRaw.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error.issues[0]!.message);
  const { name, metric, timeZone } = parsed.data;
  const start = readMoment(parsed.data.start, timeZone, now);
  if (!start.ok) throw invalid(`Start: ${start.why}`);
  const end = readMoment(parsed.data.end, timeZone, now);
  if (!end.ok) throw invalid(`End: ${end.why}`);
  const endsAt = end.dateOnly ? end.at + DAY_MS : end.at;
  if (start.at < now - START_GRACE_MS) throw invalid(`The start (${parsed.data.start}, ${timeZone}) is in the past: bets placed before a competition exists never count.`, 'Start it `now` or at a later time.');
  if (endsAt <= start.at) throw invalid(`The end (${parsed.data.end}) is not after the start (${parsed.data.start}).`, 'Give an end later than the start.');
  if (endsAt <= now) throw invalid(`The end (${parsed.data.end}, ${timeZone}) has already passed.`, 'Give an end in the future.');
  const startsAt = Math.max(start.at, now);
  if (endsAt - startsAt > MAX_COMPETITION_DAYS * DAY_MS) {
    throw invalid(`A competition runs at most ${MAX_COMPETITION_DAYS} days; this one would run ${Math.ceil((endsAt - startsAt) / DAY_MS)}.`, 'Move the end closer to the start.');
  }
  return { name, metric, timeZone, startsAt, endsAt };
}

function invalid(message: string, next = `Dates are written as ${MOMENT_FORMATS}, in UTC unless you give timezone.`): Refusal {
  return new Refusal('INVALID_INPUT', message, { title: 'Competition not created', next });
}
