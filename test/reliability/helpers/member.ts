import { z } from 'zod';
import type { FreshDatabase } from './database.ts';

/** How long the test waits for the emulator route's answer (it gives up on the bot after 15 s and answers 504). */
const COMMAND_DEADLINE_MS = 25_000;

const reply = z
  .object({
    content: z.string().nullish(),
    ephemeral: z.boolean().optional(),
    embeds: z.array(z.object({ title: z.string().optional(), description: z.string().optional() }).passthrough()).optional(),
  })
  .passthrough();
export type Reply = z.output<typeof reply>;

export type CommandResult = { answered: true; httpStatus: number; body: Reply; ms: number } | { answered: false; error: string; ms: number };

/** Runs a slash command as a member would, through local mode's `POST /emulator/interactions` (docs/emulator.md). */
export async function runCommand(base: string, body: { command: string; options?: Record<string, string | number | boolean>; user?: string; channel_id?: string }): Promise<CommandResult> {
  const started = Date.now();
  try {
    const res = await fetch(`${base}/emulator/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(COMMAND_DEADLINE_MS),
    });
    const parsed = reply.safeParse(await res.json());
    return { answered: true, httpStatus: res.status, body: parsed.success ? parsed.data : {}, ms: Date.now() - started };
  } catch (err) {
    return { answered: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err), ms: Date.now() - started };
  }
}

/** The text a member reads in a reply: content, then each embed's title and description. */
export function replyText(r: CommandResult): string {
  if (!r.answered) return `(no answer: ${r.error})`;
  const parts = [r.body.content ?? '', ...(r.body.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])];
  const text = parts.filter(Boolean).join(' | ');
  return r.httpStatus === 200 ? text : `HTTP ${r.httpStatus} ${JSON.stringify(r.body).slice(0, 200)}`;
}

/**
 * What a member was told about a bet: `placed` (the slip "Bet #N · …"); `uncertain` (the product said it may not
 * have gone through: a database that timed out may still have committed); `refused` (any other answer: a refusal,
 * an error, the emulator's 504 when the bot missed Discord's deadline, which Discord shows as "the application did
 * not respond"); or `no-answer` (the test's own deadline passed).
 */
export interface BetAttempt {
  units: number;
  at: number;
  outcome: 'placed' | 'uncertain' | 'refused' | 'no-answer';
  betId?: number;
  said: string;
}

/** The member who bets in these scenarios (a plain member of the demo server). */
export const BETTOR = { name: 'carol', id: '1100000000000000404' } as const;

/** Places one straight bet on `game` with a stake that names the attempt (units are unique per attempt). */
export async function placeBet(base: string, game: number, units: number): Promise<BetAttempt> {
  const at = Date.now();
  const r = await runCommand(base, { command: 'bet place', user: BETTOR.name, options: { game: String(game), selection: 'h2h:home:0', units } });
  const said = replyText(r);
  if (!r.answered) return { units, at, outcome: 'no-answer', said };
  const title = r.body.embeds?.[0]?.title ?? '';
  const m = r.httpStatus === 200 && r.body.ephemeral !== true ? /^Bet #(\d+) · /.exec(title) : null;
  if (m) return { units, at, outcome: 'placed', betId: Number(m[1]), said };
  return { units, at, outcome: /may not have gone through/i.test(said) ? 'uncertain' : 'refused', said };
}

/**
 * A scheduled game that starts late enough to still take bets through the scenario (local mode's replay feed runs
 * 600× fast and announces games 144 s ahead); waits up to 30 s for the feed to announce one.
 */
export async function openGame(db: FreshDatabase, minLeadMs = 60_000): Promise<number> {
  const end = Date.now() + 30_000;
  for (;;) {
    const rows = await db.query<{ id: number | string }>(
      `select id from betting_games where status = 'scheduled' and start_time > ? order by start_time desc limit 1`,
      [Date.now() + minLeadMs],
    );
    if (rows[0]) return Number(rows[0].id);
    if (Date.now() > end) throw new Error('no game open to bet on: the replay feed announced none in 30 s');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Unique stakes: 1.01, 1.02, … (bets keep units to two decimals), so each attempt can be found by its stake. */
export function stakes(): () => number {
  let n = 0;
  return () => Number((1 + ++n / 100).toFixed(2));
}

/** The bettor's bets in the database, by stake. */
export async function betsByStake(db: FreshDatabase): Promise<Map<number, number>> {
  const rows = await db.query<{ id: number | string; units: number | string }>(`select id, units from betting_bets where user_id = ?`, [BETTOR.id]);
  return new Map(rows.map((r) => [Number(Number(r.units).toFixed(2)), Number(r.id)]));
}

export interface Audit {
  acknowledged: number;
  lost: BetAttempt[];
  refusedApplied: BetAttempt[];
  unanswered: BetAttempt[];
  unansweredApplied: BetAttempt[];
  uncertain: BetAttempt[];
  uncertainApplied: BetAttempt[];
}

/** Checks the attempts against the database: every placed bet is there, no refused one is. */
export async function audit(db: FreshDatabase, attempts: readonly BetAttempt[]): Promise<Audit> {
  const stored = await betsByStake(db);
  const placed = attempts.filter((a) => a.outcome === 'placed');
  return {
    acknowledged: placed.length,
    lost: placed.filter((a) => stored.get(a.units) !== a.betId),
    refusedApplied: attempts.filter((a) => a.outcome === 'refused' && stored.has(a.units)),
    unanswered: attempts.filter((a) => a.outcome === 'no-answer'),
    unansweredApplied: attempts.filter((a) => a.outcome === 'no-answer' && stored.has(a.units)),
    uncertain: attempts.filter((a) => a.outcome === 'uncertain'),
    uncertainApplied: attempts.filter((a) => a.outcome === 'uncertain' && stored.has(a.units)),
  };
}

/** One line on the bets of a fault, for the table's notes. */
export function betNotes(attempts: readonly BetAttempt[], outcome: Audit): string {
  const n = (o: BetAttempt['outcome']) => attempts.filter((a) => a.outcome === o).length;
  const missedDeadline = attempts.filter((a) => a.outcome === 'refused' && /^HTTP 504/.test(a.said)).length;
  return (
    `bets during: ${n('placed')} placed, ${n('refused')} refused (${missedDeadline} of them missed Discord's 3 s deadline), ` +
    `${n('uncertain')} "may not have gone through" (${outcome.uncertainApplied.length} applied), ${n('no-answer')} unanswered; ` +
    `refused applied later: ${outcome.refusedApplied.length}`
  );
}
