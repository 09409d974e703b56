import test, { type ExecutionContext } from 'ava';
import { parseImportCsv } from '../../../src/plugins/betting/import/index.ts';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { importBets, ImportRowInvalid, importNet, type ImportRow } from '../../../src/plugins/betting/services/import.ts';
import { computeStats } from '../../../src/plugins/betting/services/stats.ts';
import { bootApp } from '../../helpers/app.ts';

const GUILD = '100000000000000001';
const USER = '200000000000000002';
const NOW = Date.UTC(2025, 5, 1, 12);
const TABLES = ['betting_bets', 'betting_unit_records', 'betting_bet_audit', 'betting_bet_legs', 'jobs'] as const;

async function boot(t: ExecutionContext): Promise<BettingContext> {
  const app = await bootApp(t, [{ plugin: betting }]);
  return app.contextOf('betting') as unknown as BettingContext;
}

async function counts(ctx: BettingContext): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = Number(((await ctx.em().getConnection().execute(`select count(*) as n from ${table}`)) as { n: number | string }[])[0]!.n);
  return out;
}

const row = (line: number, extra: Partial<ImportRow>): ImportRow => ({
  line,
  placedAt: Date.UTC(2024, 2, 1, 18) + line * 60_000,
  settledAt: Date.UTC(2024, 2, 1, 21) + line * 60_000,
  type: 'game_line',
  result: 'won',
  units: 1,
  decimal: 1 + 100 / 110,
  american: -110,
  closingDecimal: null,
  description: `Pick on line ${line}`,
  legCount: 1,
  legs: [],
  sport: 'soccer',
  league: 'EPL',
  ...extra,
});

/** One row per payout rule, with the net a graded bet of the same kind gets (worked out by hand). */
const RULES: { row: ImportRow; status: string; net: number }[] = [
  { row: row(2, { units: 2 }), status: 'won', net: 1.8182 }, // 2 × 100/110
  { row: row(3, { result: 'lost', units: 1.5, decimal: 2.5, american: 150 }), status: 'lost', net: -1.5 },
  { row: row(4, { result: 'push', type: 'player_prop', decimal: 2.5, american: 150, description: 'Saka 1+ shots on target' }), status: 'push', net: 0 },
  { row: row(5, { result: 'void' }), status: 'void', net: 0 },
  { row: row(6, { result: 'half-won', units: 2, decimal: 1.91, american: -110 }), status: 'won', net: 0.91 }, // 2 × 0.91 / 2
  { row: row(7, { result: 'half-lost', units: 2, decimal: 1.95, american: -105 }), status: 'lost', net: -1 },
  { row: row(8, { decimal: 1.91, american: -110, closingDecimal: 1.8 }), status: 'won', net: 0.91 }, // decimal price: not the rounded -110
  {
    row: row(9, { type: 'parlay', decimal: 1.9 * 2.1, american: 299, description: null, legCount: 2, legs: [{ description: 'Arsenal ML', decimal: 1.9 }, { description: 'Over 2.5', decimal: 2.1 }] }),
    status: 'won',
    net: 2.99, // 1 × (3.99 − 1)
  },
];

test('a dry run counts what would be imported and writes nothing', async (t) => {
  const ctx = await boot(t);
  const before = await counts(ctx);
  const out = await importBets(ctx, { guildId: GUILD, userId: USER, rows: RULES.map((r) => r.row), dryRun: true, now: NOW });
  t.like(out, { imported: 0, duplicates: 0, wouldImport: RULES.length });
  t.deepEqual(out.bets.map((b) => b.net), RULES.map((r) => r.net));
  t.deepEqual(await counts(ctx), before);
});

test('an import writes settled bets, unit records and audit rows whose nets follow the payout rules, and no events', async (t) => {
  const ctx = await boot(t);
  const before = await counts(ctx);
  const out = await importBets(ctx, { guildId: GUILD, userId: USER, rows: RULES.map((r) => r.row), dryRun: false, now: NOW });
  t.like(out, { imported: RULES.length, duplicates: 0, wouldImport: RULES.length });
  t.deepEqual(out.bets.map((b) => [b.line, b.result, b.net]), RULES.map((r) => [r.row.line, r.status, r.net]));
  for (const r of RULES) t.is(importNet(r.row), r.net, `line ${r.row.line}`);

  const after = await counts(ctx);
  t.is(after.betting_bets - before.betting_bets, RULES.length);
  t.is(after.betting_unit_records - before.betting_unit_records, RULES.length);
  t.is(after.betting_bet_audit - before.betting_bet_audit, RULES.length);
  t.is(after.betting_bet_legs, before.betting_bet_legs, 'parlay legs have no game, so no leg rows');
  t.is(after.jobs, before.jobs, 'no durable events: imported history fires no webhooks');

  const conn = ctx.em().getConnection();
  const bets = (await conn.execute(
    `select b.id, b.type, b.status, b.net, b.units, b.game_id, b.market, b.description, b.interaction_id, b.placed_at, b.settled_at, b.fair_decimal_at_bet, b.closing_fair_decimal,
            u.result as u_result, u.net as u_net, u.units as u_units, u.bet_type, u.month, u.year, u.settled_at as u_settled, u.sport, u.league
     from betting_bets b join betting_unit_records u on u.bet_id = b.id order by b.placed_at`,
  )) as Record<string, unknown>[];
  t.is(bets.length, RULES.length);
  RULES.forEach((r, i) => {
    const b = bets[i]!;
    t.like(
      { ...b, net: Number(b.net), u_net: Number(b.u_net), placed_at: Number(b.placed_at), settled_at: Number(b.settled_at), u_settled: Number(b.u_settled), month: Number(b.month), year: Number(b.year) },
      { status: r.status, net: r.net, u_result: r.status, u_net: r.net, bet_type: r.row.type, game_id: null, market: null, placed_at: r.row.placedAt, settled_at: r.row.settledAt, u_settled: r.row.settledAt, month: 3, year: 2024, sport: 'soccer', league: 'EPL' },
    );
    t.regex(String(b.interaction_id), /^imp:[0-9a-f]{28}$/);
  });
  t.is(bets[7]!.description, '2-leg parlay', 'a parlay without a description is named by its leg count');
  t.is(Number(bets[6]!.closing_fair_decimal), 1.8);
  t.is(Number(bets[6]!.fair_decimal_at_bet), 1.91, 'imported CLV is the price taken against the closing price');

  const audit = (await conn.execute(`select actor_id, action, from_status, to_status, details, at from betting_bet_audit order by bet_id`)) as Record<string, unknown>[];
  t.true(audit.every((a) => a.action === 'imported' && a.actor_id === USER && a.from_status === null && Number(a.at) === NOW));
  const details = audit.map((a) => (typeof a.details === 'string' ? JSON.parse(a.details) : a.details) as Record<string, unknown>);
  t.is(details[4]!.grade, 'half-won');
  t.deepEqual(details[7]!.legs, [{ description: 'Arsenal ML', decimal: 1.9 }, { description: 'Over 2.5', decimal: 2.1 }]);

  // The betting plugin's own stats read imported bets like graded ones.
  const stats = await computeStats(ctx, { guildId: GUILD, userId: USER }, NOW);
  t.like(stats, { bets: 8, wins: 4, losses: 2, pushes: 1, voids: 1, net: 4.1282 });
  t.is(Math.round(stats.clv! * 1e6) / 1e6, Math.round((1.91 / 1.8 - 1) * 1e6) / 1e6);
});

test('importing the same rows again finds them all as duplicates and writes nothing new', async (t) => {
  const ctx = await boot(t);
  const rows = RULES.map((r) => r.row);
  // Two identical bets in one file are two bets, and both are recognised on the second import.
  const twins = [row(20, { description: 'Same bet' }), row(21, { description: 'Same bet', placedAt: row(20, {}).placedAt })];
  await importBets(ctx, { guildId: GUILD, userId: USER, rows: [...rows, ...twins], dryRun: false, now: NOW });
  const before = await counts(ctx);
  t.is(before.betting_bets, rows.length + 2);

  const dry = await importBets(ctx, { guildId: GUILD, userId: USER, rows: [...rows, ...twins], dryRun: true, now: NOW });
  t.like(dry, { imported: 0, duplicates: rows.length + 2, wouldImport: 0, bets: [] });
  const again = await importBets(ctx, { guildId: GUILD, userId: USER, rows: [...rows, ...twins], dryRun: false, now: NOW + 1 });
  t.like(again, { imported: 0, duplicates: rows.length + 2, wouldImport: 0, bets: [] });
  t.deepEqual(await counts(ctx), before);

  // One new row among old ones: only it is written. Another member's identical history is not a duplicate.
  const extra = await importBets(ctx, { guildId: GUILD, userId: USER, rows: [...rows, row(30, {})], dryRun: false, now: NOW });
  t.like(extra, { imported: 1, duplicates: rows.length });
  t.deepEqual(extra.bets.map((b) => b.line), [30]);
  const other = await importBets(ctx, { guildId: GUILD, userId: '300000000000000003', rows, dryRun: false, now: NOW });
  t.like(other, { imported: rows.length, duplicates: 0 });
});

test('a file mixing good and refused rows: the parser refuses the bad ones, and only the good ones are imported', async (t) => {
  const ctx = await boot(t);
  const csv = [
    'Date,Odds,Stake,Result,Pick,Profit',
    '2024-03-01 19:30,-110,1,W,Arsenal ML,0.91',
    '2024-03-02 19:30,abc,1,W,Chelsea ML,',
    '2024-03-03 19:30,+150,2,L,Spurs ML,-2',
    '2024-03-04 19:30,+150,2,pending,Spurs ML,',
    '2024-03-05 19:30,2.10,1,won,Villa ML,5',
  ].join('\n');
  const parsed = parseImportCsv(csv, { timeZone: 'Europe/London', now: NOW });
  t.deepEqual(parsed.refused.map((r) => r.line), [3, 5, 6]);
  t.deepEqual(parsed.rows.map((r) => r.line), [2, 4]);
  const dry = await importBets(ctx, { guildId: GUILD, userId: USER, rows: parsed.rows, dryRun: true, now: NOW });
  t.like(dry, { wouldImport: 2, duplicates: 0, imported: 0 });
  const out = await importBets(ctx, { guildId: GUILD, userId: USER, rows: parsed.rows, dryRun: false, now: NOW });
  t.like(out, { imported: 2, duplicates: 0 });
  t.deepEqual(out.bets.map((b) => [b.line, b.result, b.net, b.placedAt]), [
    [2, 'won', 0.9091, Date.UTC(2024, 2, 1, 19, 30)],
    [4, 'lost', -2, Date.UTC(2024, 2, 3, 19, 30)],
  ]);
  const descriptions = (await ctx.em().getConnection().execute('select description from betting_bets order by placed_at')) as { description: string }[];
  t.deepEqual(descriptions.map((d) => d.description), ['Arsenal ML', 'Spurs ML']);
});

test('the import is all or nothing: a failure part-way leaves no bet and no unit record', async (t) => {
  const ctx = await boot(t);
  const conn = ctx.em().getConnection();
  // Rows of the first chunk are written before the audit insert fails on the missing table.
  await conn.execute('alter table betting_bet_audit rename to betting_bet_audit_away');
  const rows = Array.from({ length: 700 }, (_, i) => row(i + 2, {}));
  // The driver's own error (better-sqlite3's is not an Error instance, hence `any`).
  await t.throwsAsync(importBets(ctx, { guildId: GUILD, userId: USER, rows, dryRun: false, now: NOW }), { any: true, message: /betting_bet_audit/ });
  await conn.execute('alter table betting_bet_audit_away rename to betting_bet_audit');
  t.like(await counts(ctx), { betting_bets: 0, betting_unit_records: 0, betting_bet_audit: 0 });
  t.like(await importBets(ctx, { guildId: GUILD, userId: USER, rows, dryRun: false, now: NOW }), { imported: 700 });
});

test('a row that breaks the contract is refused before anything is written', async (t) => {
  const ctx = await boot(t);
  const bad = [row(2, {}), row(3, { units: 0 }), row(4, { type: 'parlay', legCount: 1 })];
  for (const rows of [[bad[0]!, bad[1]!], [bad[0]!, bad[2]!]]) {
    const err = await t.throwsAsync(importBets(ctx, { guildId: GUILD, userId: USER, rows, dryRun: false, now: NOW }), { instanceOf: ImportRowInvalid });
    t.is(err.code, 'IMPORT_ROW_INVALID');
  }
  t.is((await counts(ctx)).betting_bets, 0);
});

test('two imports of the same file at once write each bet once', async (t) => {
  const ctx = await boot(t);
  const rows = Array.from({ length: 300 }, (_, i) => row(i + 2, { result: i % 3 ? 'won' : 'lost' }));
  const [a, b] = await Promise.all([
    importBets(ctx, { guildId: GUILD, userId: USER, rows, dryRun: false, now: NOW }),
    importBets(ctx, { guildId: GUILD, userId: USER, rows, dryRun: false, now: NOW }),
  ]);
  t.is(a.imported + b.imported, 300);
  t.is(a.duplicates + b.duplicates, 300);
  t.like(await counts(ctx), { betting_bets: 300, betting_unit_records: 300, betting_bet_audit: 300 });
});

test('20,000 rows import in one transaction, in batches', async (t) => {
  const ctx = await boot(t);
  const rows = Array.from({ length: 20_000 }, (_, i) =>
    row(i + 2, { placedAt: Date.UTC(2023, 0, 1) + i * 3_600_000, settledAt: Date.UTC(2023, 0, 1) + i * 3_600_000 + 7_200_000, result: (['won', 'lost', 'push'] as const)[i % 3], units: 1 + (i % 4) }),
  );
  const started = performance.now();
  const out = await importBets(ctx, { guildId: GUILD, userId: USER, rows, dryRun: false, now: NOW });
  t.log(`${ctx.dialect}: 20,000 rows imported in ${Math.round(performance.now() - started)} ms`);
  t.is(out.imported, 20_000);
  const expected = rows.reduce((sum, r) => sum + importNet(r), 0);
  const [sums] = (await ctx.em().getConnection().execute('select count(*) as n, sum(net) as net from betting_unit_records')) as { n: number | string; net: number | string }[];
  t.is(Number(sums!.n), 20_000);
  t.true(Math.abs(Number(sums!.net) - expected) < 1e-6);
  const again = performance.now();
  t.like(await importBets(ctx, { guildId: GUILD, userId: USER, rows, dryRun: true, now: NOW }), { duplicates: 20_000, wouldImport: 0 });
  t.log(`${ctx.dialect}: dry run of the same 20,000 rows in ${Math.round(performance.now() - again)} ms`);
});
