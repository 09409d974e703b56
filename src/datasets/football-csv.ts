import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { z } from 'zod';

/**
 * Decimal prices of one match at one moment (opening or closing). `over25`/`under25` are the over/under 2.5
 * goals prices; both are present or both absent (a one-sided total cannot be offered).
 */
export interface FootballPrices {
  home: number;
  draw: number;
  away: number;
  over25?: number;
  under25?: number;
}

/** One played match with its result and its opening and closing market prices. */
export interface FootballMatch {
  /** Kick-off. The CSV has no zone; it is read as UTC so the same file gives the same instants everywhere. */
  date: Date;
  country: string;
  league: string;
  /** e.g. `2022-2023`. */
  season: string;
  homeTeam: string;
  awayTeam: string;
  ftHome: number;
  ftAway: number;
  htHome: number;
  htAway: number;
  open: FootballPrices;
  close: FootballPrices;
  /**
   * True when the opening or closing book (1X2, or over/under 2.5 where given) is impossible: implied
   * probabilities summing below 1, which no bookmaker would offer. Such a match is a data error for pricing;
   * consumers keep its result but skip its prices.
   */
  impossibleBook: boolean;
}

/** A row the reader dropped, with its 1-based line in the file (the header is line 1) and why. */
export interface SkippedRow {
  line: number;
  reason: string;
}

/** What {@link readFootballCsvReport} read: the good matches plus counts of what it had to drop or flag. */
export interface FootballCsvReport {
  matches: FootballMatch[];
  /** Data rows seen (good and bad, excluding the header). */
  rows: number;
  /** Rows dropped as malformed (bad numbers, missing columns, unparsable CSV), each with its reason. */
  skipped: SkippedRow[];
  /** Matches kept but flagged {@link FootballMatch.impossibleBook}: their prices must not be used. */
  impossibleBooks: number;
}

/** The CSV's header, in order. */
export const FOOTBALL_CSV_COLUMNS = [
  'Date',
  'country',
  'league',
  'Season',
  'HomeTeam',
  'AwayTeam',
  'FTHG',
  'FTAG',
  'HTHG',
  'HTAG',
  'home_close',
  'home_open',
  'draw_close',
  'draw_open',
  'away_close',
  'away_open',
  'over_2.5_close',
  'over_2.5_open',
  'under_2.5_close',
  'under_2.5_open',
  'bts_yes_close',
  'bts_yes_open',
  'bts_no_close',
  'bts_no_open',
] as const;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** `YYYY-MM-DD[ HH:MM[:SS]]` as UTC; anything else (or an impossible calendar date) fails validation. */
const utcDate = z.string().transform((s, ctx) => {
  const m = DATE_RE.exec(s.trim());
  const parts = m ? m.slice(1).map((p) => (p === undefined ? 0 : Number(p))) : [];
  const [y, mo, d, h, mi, se] = parts;
  const date = m ? new Date(Date.UTC(y, mo - 1, d, h, mi, se)) : new Date(Number.NaN);
  // Date.UTC rolls 2022-02-30 over to March; comparing back catches it.
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    ctx.addIssue({ code: 'custom', message: `bad date "${s}"` });
    return z.NEVER;
  }
  return date;
});

const goals = z
  .string()
  .trim()
  .regex(/^\d+$/, 'goals must be a whole number')
  .transform((s) => Number(s));

/** A decimal price: a number above 1 (a price of 1 or less pays nothing and is a data error). */
const price = z
  .string()
  .trim()
  .min(1, 'price missing')
  .transform((s) => Number(s))
  .pipe(z.number().finite().gt(1, 'decimal price must be above 1'));

/** An optional price: empty cell means not offered (e.g. over/under in some seasons). */
const optionalPrice = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === '' ? undefined : s))
  .pipe(price.optional());

const nonEmpty = z.string().trim().min(1);

const rowSchema = z.object({
  Date: utcDate,
  country: nonEmpty,
  league: nonEmpty,
  Season: nonEmpty,
  HomeTeam: nonEmpty,
  AwayTeam: nonEmpty,
  FTHG: goals,
  FTAG: goals,
  HTHG: goals,
  HTAG: goals,
  home_close: price,
  home_open: price,
  draw_close: price,
  draw_open: price,
  away_close: price,
  away_open: price,
  'over_2.5_close': optionalPrice,
  'over_2.5_open': optionalPrice,
  'under_2.5_close': optionalPrice,
  'under_2.5_open': optionalPrice,
});

type Row = z.infer<typeof rowSchema>;

/** Sum of implied probabilities (1/price) of a complete book: above 1 is the bookmaker's margin. */
export function bookSum(prices: readonly number[]): number {
  return prices.reduce((sum, p) => sum + 1 / p, 0);
}

/**
 * Whether the prices can come from a real book: the implied probabilities must sum to at least 1, else a
 * bettor backing every outcome would profit for sure. The 1X2 book is always checked, over/under where given.
 */
export function isPossibleBook(prices: FootballPrices): boolean {
  if (bookSum([prices.home, prices.draw, prices.away]) < 1) return false;
  if (prices.over25 !== undefined && prices.under25 !== undefined && bookSum([prices.over25, prices.under25]) < 1) {
    return false;
  }
  return true;
}

function pricesOf(home: number, draw: number, away: number, over?: number, under?: number): FootballPrices {
  const p: FootballPrices = { home, draw, away };
  // Only a two-sided total is a market; a lone over or under price is dropped.
  if (over !== undefined && under !== undefined) {
    p.over25 = over;
    p.under25 = under;
  }
  return p;
}

function toMatch(r: Row): FootballMatch {
  const open = pricesOf(r.home_open, r.draw_open, r.away_open, r['over_2.5_open'], r['under_2.5_open']);
  const close = pricesOf(r.home_close, r.draw_close, r.away_close, r['over_2.5_close'], r['under_2.5_close']);
  return {
    date: r.Date,
    country: r.country,
    league: r.league,
    season: r.Season,
    homeTeam: r.HomeTeam,
    awayTeam: r.AwayTeam,
    ftHome: r.FTHG,
    ftAway: r.FTAG,
    htHome: r.HTHG,
    htAway: r.HTAG,
    open,
    close,
    impossibleBook: !isPossibleBook(open) || !isPossibleBook(close),
  };
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
}

/**
 * Parses football CSV text from a stream. Malformed records (CSV errors, wrong values) are skipped and
 * reported, never thrown, so one bad line in a long history does not lose the rest. A missing required
 * column in the header is the only thing that makes every row fail, and then every row is reported.
 */
async function readStream(input: Readable): Promise<FootballCsvReport> {
  const skipped: SkippedRow[] = [];
  const matches: FootballMatch[] = [];
  let rows = 0;
  let impossibleBooks = 0;
  const parser = parse({
    columns: true,
    bom: true,
    skip_empty_lines: true,
    // A short or long row becomes a record with missing or extra fields; zod then says what is wrong with it.
    relax_column_count: true,
    // Bad quoting etc. skips the record instead of aborting the whole file.
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      rows += 1;
      // CsvError carries its context loosely typed; `lines` is where the parser stood.
      const line = typeof err?.lines === 'number' ? err.lines : 0;
      skipped.push({ line, reason: err?.message ?? 'unparsable CSV record' });
      return undefined;
    },
    info: true,
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    rows += 1;
    const result = rowSchema.safeParse(rec.record);
    if (!result.success) {
      skipped.push({ line: rec.info.lines, reason: describe(result.error) });
      continue;
    }
    const match = toMatch(result.data);
    if (match.impossibleBook) impossibleBooks += 1;
    matches.push(match);
  }
  // CSV-level skips are reported as they are met, which can be ahead of earlier rows' validation.
  skipped.sort((a, b) => a.line - b.line);
  return { matches, rows, skipped, impossibleBooks };
}

/**
 * Reads a football CSV (the `shared/data/football` format) with counts of what was dropped or flagged.
 * Rejects only if the file cannot be read at all.
 */
export function readFootballCsvReport(path: string): Promise<FootballCsvReport> {
  return readStream(createReadStream(path));
}

/** Like {@link readFootballCsvReport} on CSV text already in memory (fixtures, uploads). */
export function parseFootballCsvReport(text: string): Promise<FootballCsvReport> {
  return readStream(Readable.from([text]));
}

/**
 * Reads a football CSV into matches in file order. Malformed rows are skipped (see
 * {@link readFootballCsvReport} for the counts); matches with an impossible book are kept and flagged.
 */
export async function readFootballCsv(path: string): Promise<FootballMatch[]> {
  return (await readFootballCsvReport(path)).matches;
}
