/**
 * Bet history imported from another tracker: each checked row becomes a settled bet with its unit record and an
 * audit row, all in one transaction. Rows arrive already validated (the analytics plugin's CSV parser refuses bad
 * rows with reasons); the schema here is the contract, so a caller that skips the parser cannot write nonsense.
 */

import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { z } from 'zod';
import type { BetType } from '../entities/bet.ts';
import type { BettingContext } from './context.ts';
import { americanToDecimal } from './odds.ts';
import { gradedNet, parlayNet, roundUnits, straightNet, type BetResult } from './payout.ts';
import { toBetResult } from './grading-rules.ts';
import { bumpStatsVersions } from './stats-versions.ts';

/** Results an imported row may have: the settled results, plus the half results of Asian quarter lines. */
export const IMPORT_RESULTS = ['won', 'lost', 'push', 'void', 'half-won', 'half-lost'] as const;
export type ImportResult = (typeof IMPORT_RESULTS)[number];

/** The largest stake one imported row may have, in units. */
export const MAX_IMPORT_UNITS = 1000;

/** Stored descriptions are cut to this many characters (the column is varchar(200)). */
const DESCRIPTION_LENGTH = 200;
/** Rows per insert statement: 500 × 15 columns stays far below SQLite's and MariaDB's placeholder limits. */
const CHUNK = 500;

const importLegSchema = z.object({ description: z.string(), decimal: z.number().gt(1).nullable() });

/** One bet to import, as the CSV parser produces it. Times are epoch ms; prices decimal (exact, not rounded). */
export const importRowSchema = z
  .object({
    /** Line of the source file, for messages. */
    line: z.number().int().positive(),
    placedAt: z.number().int().nonnegative(),
    settledAt: z.number().int().nonnegative(),
    type: z.enum(['game_line', 'player_prop', 'parlay']),
    result: z.enum(IMPORT_RESULTS),
    units: z.number().positive().max(MAX_IMPORT_UNITS),
    decimal: z.number().gt(1),
    american: z.number().int().refine((a) => Math.abs(a) >= 100, 'American odds must be 100 or more either way'),
    closingDecimal: z.number().gt(1).nullable(),
    description: z.string().max(1000).nullable(),
    /** How many legs (1 for a straight bet); `legs` lists them when the file named them. */
    legCount: z.number().int().positive(),
    legs: z.array(importLegSchema),
    sport: z.string().max(32).nullable(),
    league: z.string().max(64).nullable(),
  })
  .refine((r) => r.settledAt >= r.placedAt, { message: 'settled before placed' })
  .refine((r) => r.type !== 'parlay' || r.legCount >= 2, { message: 'a parlay needs at least 2 legs' })
  .refine((r) => r.type !== 'parlay' || (r.result !== 'half-won' && r.result !== 'half-lost'), { message: 'a parlay cannot be half won or lost' });

export type ImportRow = z.infer<typeof importRowSchema>;
export type ImportLeg = z.infer<typeof importLegSchema>;

/** A row the service was given that breaks the contract above: a caller bug, never a member's mistake. */
export class ImportRowInvalid extends Error {
  readonly code = 'IMPORT_ROW_INVALID';
  constructor(line: number | undefined, detail: string, options?: { cause?: unknown }) {
    super(`Imported row${line === undefined ? '' : ` from line ${line}`} is invalid: ${detail}`, options);
    this.name = 'ImportRowInvalid';
  }
}

/**
 * Net units of an imported bet, by the payout rules of graded bets: a straight bet whose price is an exact American
 * price pays like {@link straightNet} (as `/bet grade` does), any other price `units × (decimal − 1)`; half results
 * pay {@link gradedNet}; a parlay {@link parlayNet} at its stated price.
 * @throws RangeError for a half result on a parlay.
 * @example importNet({ type: 'game_line', result: 'won', units: 1, decimal: 1.909090909, american: -110 }) // 0.9091
 */
export function importNet(row: Pick<ImportRow, 'type' | 'result' | 'units' | 'decimal' | 'american'>): number {
  if (row.type === 'parlay') {
    if (row.result === 'half-won' || row.result === 'half-lost') throw new RangeError('A parlay cannot be half won or half lost');
    return parlayNet(row.result, row.units, row.decimal);
  }
  if (row.result === 'half-won' || row.result === 'half-lost') return gradedNet(row.result, row.units, row.decimal);
  // A decimal like 1.91 maps to -110 only after rounding; paying on -110 would shave the member's real return.
  const americanIsExact = Math.abs(americanToDecimal(row.american) - row.decimal) < 1e-9;
  return americanIsExact ? straightNet(row.result, row.units, row.american) : gradedNet(row.result, row.units, row.decimal);
}

/** What a bet's status becomes: half results count as won or lost (their net carries the half). */
export function importStatus(result: ImportResult): BetResult {
  return result === 'void' ? 'void' : toBetResult(result);
}

/** How the `interaction_id` of an imported bet begins: no interaction of Discord's starts so (contests skip these). */
export const IMPORTED_INTERACTION_PREFIX = 'imp:';

/**
 * The `interaction_id` of an imported row: `imp:` and 28 hex characters of a SHA-256 over guild, member, placed
 * time, odds, stake, result, description, and which copy of an identical row this is within its file (so two
 * identical bets in one file both import, and importing the file again finds both).
 */
export function importInteractionId(guildId: string, userId: string, row: ImportRow, occurrence: number): string {
  const key = JSON.stringify([guildId, userId, row.placedAt, round4(row.decimal), row.units, row.result, row.description ?? '', occurrence]);
  return `${IMPORTED_INTERACTION_PREFIX}${createHash('sha256').update(key).digest('hex').slice(0, 28)}`;
}

export interface ImportInput {
  guildId: string;
  userId: string;
  rows: ImportRow[];
  /** Count what would be written, and write nothing. */
  dryRun: boolean;
  /** Time of the import, for the audit rows. @default Date.now() */
  now?: number;
}

/** One bet imported (or, in a dry run, that would be). */
export interface ImportedBet {
  line: number;
  placedAt: number;
  settledAt: number;
  units: number;
  net: number;
  result: BetResult;
  type: BetType;
}

export interface ImportOutcome {
  /** Bets written (0 in a dry run). */
  imported: number;
  /** Rows already imported before (same guild, member, placed time, odds, stake, result and description). */
  duplicates: number;
  /** Bets a real run writes: equal to `imported` after a real run. */
  wouldImport: number;
  /** The new bets, in file order; in a dry run, the bets that would be written. */
  bets: ImportedBet[];
}

interface Planned {
  row: ImportRow;
  interactionId: string;
  net: number;
  status: BetResult;
}

/**
 * Imports a member's settled bet history. Every new row becomes a settled bet (no game, market or selection), its
 * unit record (the shape settlement writes) and an audit row with action `imported`, in one transaction for the
 * whole file: all or nothing. Rows imported before are counted as duplicates and skipped. A dry run only reads.
 *
 * Publishes no events (history must not fire webhooks); the caller refreshes its roll-ups from `bets`. After a real
 * import the server's cached leaderboards are dropped, as after any settlement.
 *
 * @throws ImportRowInvalid when a row breaks {@link importRowSchema} (nothing is written).
 */
export async function importBets(ctx: BettingContext, input: ImportInput): Promise<ImportOutcome> {
  const now = input.now ?? Date.now();
  const planned = plan(input);
  if (input.dryRun) {
    const existing = await existingIds(ctx.em(), planned.map((p) => p.interactionId));
    return outcome(planned, existing, false);
  }
  let result: ImportOutcome;
  try {
    result = await writeAll(ctx, input, planned, now);
  } catch (err) {
    // Another import of the same rows committed between our check and our insert: run again, it now sees them.
    const duplicateKey = typeof err === 'object' && err !== null && ctx.em().getDriver().convertException(err as Error) instanceof UniqueConstraintViolationException;
    if (!duplicateKey) throw err;
    result = await writeAll(ctx, input, planned, now);
  }
  if (result.imported > 0) await bumpStatsVersions(ctx, [{ guild_id: input.guildId, user_id: input.userId }]);
  return result;
}

function plan(input: ImportInput): Planned[] {
  const seen = new Map<string, number>();
  return input.rows.map((candidate) => {
    const parsed = importRowSchema.safeParse(candidate);
    if (!parsed.success) throw new ImportRowInvalid(candidate?.line, parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '), { cause: parsed.error });
    const row = { ...parsed.data, units: roundUnits(parsed.data.units) };
    const base = importInteractionId(input.guildId, input.userId, row, 0);
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    const interactionId = occurrence === 0 ? base : importInteractionId(input.guildId, input.userId, row, occurrence);
    return { row, interactionId, net: importNet(row), status: importStatus(row.result) };
  });
}

function outcome(planned: Planned[], existing: Set<string>, written: boolean): ImportOutcome {
  const fresh = planned.filter((p) => !existing.has(p.interactionId));
  return {
    imported: written ? fresh.length : 0,
    duplicates: planned.length - fresh.length,
    wouldImport: fresh.length,
    bets: fresh.map(({ row, net, status }) => ({ line: row.line, placedAt: row.placedAt, settledAt: row.settledAt, units: row.units, net, result: status, type: row.type })),
  };
}

async function writeAll(ctx: BettingContext, input: ImportInput, planned: Planned[], now: number): Promise<ImportOutcome> {
  return ctx.em().transactional(async (tem) => {
    const existing = await existingIds(tem, planned.map((p) => p.interactionId));
    const fresh = planned.filter((p) => !existing.has(p.interactionId));
    for (let i = 0; i < fresh.length; i += CHUNK) await writeChunk(tem, input, fresh.slice(i, i + CHUNK), now);
    return outcome(planned, existing, true);
  });
}

async function existingIds(em: EntityManager, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const conn = em.getConnection();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const slice = ids.slice(i, i + CHUNK);
    const rows = (await conn.execute(`select interaction_id from betting_bets where interaction_id in (${marks(slice.length)})`, slice, 'all', em.getTransactionContext())) as { interaction_id: string }[];
    for (const r of rows) found.add(r.interaction_id);
  }
  return found;
}

const BET_COLUMNS = ['guild_id', 'user_id', 'type', 'description', 'decimal', 'american', 'units', 'status', 'net', 'placed_at', 'settled_at', 'interaction_id', 'fair_decimal_at_bet', 'closing_fair_decimal', 'sport', 'league'] as const;

/** Four statements per chunk: the bets, their ids back, the unit records, the audit rows. */
async function writeChunk(em: EntityManager, input: ImportInput, chunk: Planned[], now: number): Promise<void> {
  const conn = em.getConnection();
  const trx = em.getTransactionContext();
  const platform = em.getPlatform();
  // Quoted: `decimal` is a reserved word on MariaDB.
  const betColumns = BET_COLUMNS.map((c) => platform.quoteIdentifier(c)).join(', ');
  const betValues = chunk.flatMap(({ row, interactionId, net, status }) => [
    input.guildId,
    input.userId,
    row.type,
    storedDescription(row),
    round4(row.decimal),
    row.american,
    row.units,
    status,
    net,
    row.placedAt,
    row.settledAt,
    interactionId,
    // Imported CLV is the price taken against the closing price, both with the margin left in: no market to de-margin.
    row.decimal,
    row.closingDecimal,
    row.sport,
    row.league,
  ]);
  await conn.execute(`insert into betting_bets (${betColumns}) values ${rowsOf(chunk.length, BET_COLUMNS.length)}`, betValues, 'run', trx);
  const ids = (await conn.execute(
    `select id, interaction_id from betting_bets where interaction_id in (${marks(chunk.length)})`,
    chunk.map((p) => p.interactionId),
    'all',
    trx,
  )) as { id: number; interaction_id: string }[];
  const idOf = new Map(ids.map((r) => [r.interaction_id, Number(r.id)]));

  const unitValues = chunk.flatMap(({ row, interactionId, net, status }) => {
    const settled = new Date(row.settledAt);
    return [input.guildId, input.userId, idOf.get(interactionId), row.type, status, row.units, net, settled.getUTCMonth() + 1, settled.getUTCFullYear(), row.settledAt, row.sport, row.league, row.decimal, row.closingDecimal];
  });
  await conn.execute(
    `insert into betting_unit_records (guild_id, user_id, bet_id, bet_type, result, units, net, month, year, settled_at, sport, league, fair_decimal_at_bet, closing_fair_decimal) values ${rowsOf(chunk.length, 14)}`,
    unitValues,
    'run',
    trx,
  );
  const auditValues = chunk.flatMap(({ row, interactionId, net, status }) => [
    input.guildId,
    idOf.get(interactionId),
    input.userId,
    'imported',
    null,
    status,
    JSON.stringify(auditDetails(row, net)),
    now,
  ]);
  await conn.execute(`insert into betting_bet_audit (guild_id, bet_id, actor_id, action, from_status, to_status, details, at) values ${rowsOf(chunk.length, 8)}`, auditValues, 'run', trx);
}

/** Everything the bet row cannot hold: the source line, a half result, and a parlay's legs (see docs/import.md). */
function auditDetails(row: ImportRow, net: number): Record<string, unknown> {
  return {
    source: 'csv',
    line: row.line,
    net,
    ...(row.result === 'half-won' || row.result === 'half-lost' ? { grade: row.result } : {}),
    ...(row.type === 'parlay' ? { legCount: row.legCount, legs: row.legs } : {}),
  };
}

/** Parlay legs have no game to point at (`betting_bet_legs.game_id` is required), so they live in the description. */
function storedDescription(row: ImportRow): string | null {
  const text = row.description ?? (row.type === 'parlay' ? `${row.legCount}-leg parlay` : null);
  if (text === null) return null;
  const chars = Array.from(text);
  return chars.length <= DESCRIPTION_LENGTH ? text : `${chars.slice(0, DESCRIPTION_LENGTH - 1).join('')}…`;
}

const round4 = (n: number): number => Math.round(n * 1e4) / 1e4;
const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
const rowsOf = (rows: number, columns: number): string => {
  const one = `(${marks(columns)})`;
  return Array.from({ length: rows }, () => one).join(', ');
};
