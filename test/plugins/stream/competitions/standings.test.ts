import test from 'ava';
import { CompetitionSchema, type Competition } from '../../../../src/plugins/stream/competitions/entity.ts';
import { computeStandings, rankRecords } from '../../../../src/plugins/stream/competitions/standings.ts';
import { createCompetition } from '../../../../src/plugins/stream/competitions/store.ts';
import { computeStats } from '../../../../src/plugins/betting/services/stats.ts';
import { importBets } from '../../../../src/plugins/betting/services/import.ts';
import { bootWorld, settledBet, type World } from './harness.ts';

const MIN = 60_000;
let w: World;
/** The competition's creation time: the window is [base + 10 min, base + 40 min). */
let base: number;
let competition: Competition;
const placed: Record<string, number> = {};

test.before(async () => {
  w = await bootWorld();
  base = Date.now();
  competition = await createCompetition(
    w.stream,
    { guildId: w.bot.guildId, createdBy: w.bot.users.alice, channelId: w.bot.channels.general, raw: { name: 'Window cup', start: new Date(base + 10 * MIN).toISOString().slice(0, 19) + 'Z', end: new Date(base + 40 * MIN).toISOString().slice(0, 19) + 'Z' } },
    base,
  );
  const { alice, bob, carol } = w.bot.users;
  const at = (m: number) => base + m * MIN;
  // Edges of the window, to the second the competition was given (whole seconds: the dates were typed to the second).
  const start = competition.startsAt;
  const end = competition.endsAt;
  placed.beforeStart = await settledBet(w, { userId: alice, placedAt: start - 1, settledAt: at(20), won: true, units: 5 });
  placed.atStart = await settledBet(w, { userId: alice, placedAt: start, settledAt: at(20), won: true, units: 2 });
  placed.aliceLoss = await settledBet(w, { userId: alice, placedAt: at(15), settledAt: at(30), won: false, units: 1 });
  placed.lastMoment = await settledBet(w, { userId: bob, placedAt: end - 1, settledAt: end - 1, won: true, units: 3 });
  placed.atEnd = await settledBet(w, { userId: bob, placedAt: end, settledAt: end + MIN, won: true, units: 4 });
  placed.settlesLate = await settledBet(w, { userId: carol, placedAt: at(20), settledAt: end + 5 * MIN, won: true, units: 1 });
  placed.carolLoss = await settledBet(w, { userId: carol, placedAt: at(21), settledAt: at(25), won: false, units: 2 });
});
test.after.always(() => w?.bot.close());

test.serial('the window counts bets PLACED in [start, end): the start counts, the end and before the start do not', async (t) => {
  const s = await computeStandings(w.stream, competition, Date.now());
  const { alice, bob, carol } = w.bot.users;
  const row = (userId: string) => s.rows.find((r) => r.userId === userId)!;
  // alice: +2 (at start), −1; the 5-unit win placed a millisecond before the start never counts.
  t.like(row(alice), { bets: 2, wins: 1, losses: 1, net: 1 });
  // bob: only the bet placed at end − 1 ms; the one placed at the end is outside.
  t.like(row(bob), { bets: 1, wins: 1, losses: 0, net: 3 });
  // carol: live standings count the late-settling win too.
  t.like(row(carol), { bets: 2, wins: 1, losses: 1, net: -1 });
  t.deepEqual(s.rows.map((r) => [r.rank, r.userId]), [[1, bob], [2, alice], [3, carol]], 'ranked by net units');
  t.is(s.members, 3);
  t.false(s.final);
});

test.serial('ROI and the record are the numbers /stats computes for the same bets (one formula, betting’s)', async (t) => {
  const s = await computeStandings(w.stream, competition, Date.now());
  // carol bet only inside the window: her standings row and her /stats must agree to the last digit.
  const carol = s.rows.find((r) => r.userId === w.bot.users.carol)!;
  const stats = await computeStats(w.betting, { guildId: w.bot.guildId, userId: w.bot.users.carol, period: 'all' });
  t.is(carol.net, stats.net);
  t.is(carol.roi, stats.roi);
  t.is(carol.winRate, stats.winRate);
  t.is(carol.bets, stats.bets);
  t.is(carol.roi, -1 / 3, 'net −1 over 3 units risked');
});

test.serial('final standings count only bets settled before the end, and read the same when computed again', async (t) => {
  const first = await computeStandings(w.stream, competition, Date.now(), true);
  const again = await computeStandings(w.stream, competition, Date.now() + 1, true);
  t.deepEqual({ ...first, at: 0 }, { ...again, at: 0 });
  t.true(first.final);
  const carol = first.rows.find((r) => r.userId === w.bot.users.carol)!;
  t.like(carol, { bets: 1, net: -2 }, 'the win settled after the end does not count');
});

test.serial('members tied on the ranked figure share a rank; ROI contests put members short of 3 bets last', (t) => {
  const rec = (userId: string, net: number, bets: number, roi: number | null) => ({ userId, bets, wins: 0, losses: 0, pushes: 0, voids: 0, risked: bets, net, roi, winRate: null });
  const byNet = rankRecords([rec('a', 1, 2, 0.5), rec('b', 3, 3, 1), rec('c', 1, 4, 0.25), rec('d', -2, 2, -1)], 'net');
  t.deepEqual(byNet.map((r) => [r.rank, r.userId]), [[1, 'b'], [2, 'a'], [2, 'c'], [4, 'd']]);
  const byRoi = rankRecords([rec('a', 1, 1, 1), rec('b', 3, 3, 1 / 3), rec('c', 1, 4, 0.25), rec('d', 0, 0, null)], 'roi');
  t.deepEqual(byRoi.map((r) => r.userId), ['b', 'c', 'a', 'd']);
});

test.serial('a competition starting later is scheduled; one starting now runs at once', async (t) => {
  t.is(competition.status, 'scheduled');
  t.is(competition.startsAt, Math.floor((base + 10 * MIN) / 1000) * 1000);
  const day = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  const now = await createCompetition(w.stream, { guildId: w.bot.guildId, createdBy: w.bot.users.alice, channelId: w.bot.channels.general, raw: { name: 'Right away', start: 'now', end: day } }, Date.now());
  t.is(now.status, 'running');
  const stored = await w.stream.em().findOneOrFail(CompetitionSchema, { id: now.id });
  t.is(stored.endsAt, Date.parse(`${day}T00:00:00Z`) + 86_400_000, 'a date alone as the end is the end of that day');
});

test.serial('imported history dated inside the window never counts (its placing time is the member’s word)', async (t) => {
  const before = await computeStandings(w.stream, competition, Date.now());
  const placedAt = competition.startsAt + 60_000;
  const outcome = await importBets(w.betting, {
    guildId: w.bot.guildId,
    userId: w.bot.users.carol,
    dryRun: false,
    rows: [{ line: 2, placedAt, settledAt: placedAt + 60_000, type: 'game_line', result: 'won', units: 50, decimal: 3, american: 200, closingDecimal: null, description: 'backdated', legCount: 1, legs: [], sport: null, league: null }],
  });
  t.is(outcome.imported, 1);
  const after = await computeStandings(w.stream, competition, Date.now());
  t.deepEqual(after.rows, before.rows);
});
