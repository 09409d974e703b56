import test from 'ava';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { capAfterLosses, detectLosingRun, type RecentBet } from '../../../../../src/plugins/ml/services/insights/guardrails.ts';
import { kellyStake } from '../../../../../src/plugins/ml/services/insights/kelly.ts';
import { recommend, type RecommendInput } from '../../../../../src/plugins/ml/services/insights/recommend.ts';
import { maxDrawdown, roi, sharpeLike } from '../../../../../src/plugins/ml/services/insights/risk.ts';
import type { SelectionInput } from '../../../../../src/plugins/ml/services/insights/selection.ts';
import { near } from './near.ts';

const arsenal: SelectionInput = { id: 'a', gameId: 'g1', label: 'Arsenal to win', probability: 0.55, decimal: 2, team: 'Arsenal', sport: 'soccer' };
const slate: SelectionInput[] = [
  arsenal,
  { id: 'b', gameId: 'g2', label: 'Chelsea to win', probability: 0.4, decimal: 3 },
  { id: 'c', gameId: 'g3', label: 'Lakers to win', probability: 0.6, decimal: 1.8 },
  { id: 'd', gameId: 'g4', label: 'Celtics to win', probability: 0.52, decimal: 2.05 },
  { id: 'x', gameId: 'g5', label: 'Spurs to win', probability: 0.45, decimal: 2.1 },
];
const noLimits = { unitsPlacedToday: 0 };

test('one value bet: quarter Kelly 2.5 units capped at 2% of a 100-unit bankroll', (t) => {
  const { recommendations, skipped, totalStake } = recommend({ selections: [arsenal], bankrollUnits: 100, limits: noLimits });
  t.deepEqual(skipped, []);
  t.is(recommendations.length, 1);
  const [r] = recommendations;
  near(t, r.edge, 0.1);
  near(t, r.fullKellyFraction, 0.1);
  t.is(r.stake, 2);
  t.is(totalStake, 2);
  t.is(
    r.reason,
    'The model gives 55.0% against a price of 2.00 (fair price 1.82): edge +10.0%, or 0.100 units expected per unit staked. Quarter Kelly on a bankroll of 100.00 units suggests 2.50 units, capped at 2.00 units per bet.',
  );
});

test('selections without value are skipped with the reason; the rest come best edge first', (t) => {
  const { recommendations, skipped } = recommend({ selections: slate, bankrollUnits: 100, limits: noLimits });
  t.deepEqual(recommendations.map((r) => r.selection.id), ['b', 'a', 'c', 'd']);
  t.deepEqual(skipped.map((s) => s.id), ['x']);
  t.regex(skipped[0].reason, /^Spurs to win: edge -5\.5% is not above/);
});

test('several bets together stay within the total cap and each within its own Kelly stake', (t) => {
  const { recommendations, totalStake } = recommend({ selections: slate, bankrollUnits: 100, limits: noLimits });
  t.true(totalStake <= 5);
  for (const r of recommendations) {
    t.true(r.stake <= kellyStake(r.selection.probability, r.selection.decimal, 100).stake);
    t.true(r.stake <= r.sizedStake + 1e-9);
  }
  t.regex(recommendations[0].reason, /Sized together with 3 other picks to keep the total within 5\.00 units/);
});

test('with the daily limit reached every stake is 0, with the reason', (t) => {
  const { recommendations, totalStake } = recommend({ selections: slate, bankrollUnits: 100, limits: { maxUnitsPerDay: 3, unitsPlacedToday: 3 } });
  t.is(totalStake, 0);
  for (const r of recommendations) {
    t.is(r.stake, 0);
    t.regex(r.reason, /You have reached your daily limit of 3\.00 units \(3\.00 units placed in the last 24 hours\), so no stake is suggested until some of it is older than that\.$/);
  }
});

test('the day’s remaining room is shared, best edge first, and never exceeded', (t) => {
  const { recommendations, totalStake } = recommend({ selections: slate, bankrollUnits: 100, limits: { maxUnitsPerBet: 1, maxUnitsPerDay: 4, unitsPlacedToday: 1.5 } });
  t.is(totalStake, 2.5);
  t.deepEqual(recommendations.map((r) => r.stake), [1, 1, 0.5, 0]);
  t.regex(recommendations[0].reason, /Held to your per-bet limit of 1\.00 unit\.$/);
  t.regex(recommendations[2].reason, /Held to the 0\.50 units of your daily limit left after the stronger picks above\.$/);
  t.regex(recommendations[3].reason, /Your daily limit is used up by the stronger picks above\.$/);
});

test('after a losing run no recommended stake is higher than the stake before the run', (t) => {
  const before: RecentBet[] = Array.from({ length: 8 }, (_, i) => ({ units: 0.5, net: i % 2 ? 0.45 : -0.5 }));
  before.push({ units: 0.5, net: 2 });
  const run: RecentBet[] = [{ units: 1, net: -1 }, { units: 2, net: -2 }, { units: 3, net: -3 }];
  const input: RecommendInput = { selections: slate, bankrollUnits: 100, limits: noLimits };
  const calm = recommend({ ...input, history: before });
  const afterRun = recommend({ ...input, history: [...before, ...run] });
  t.false(calm.losingRun.losing);
  t.true(afterRun.losingRun.losing);
  for (const [i, r] of afterRun.recommendations.entries()) {
    t.true(r.stake <= 0.5, `${r.selection.id}: ${r.stake}`);
    t.true(r.stake <= calm.recommendations[i].stake);
    t.regex(r.reason, /, so this is held to 0\.50 units, your usual stake before the run; stakes are never raised after losses\./);
  }
});

test('malformed input is refused', (t) => {
  t.throws(() => recommend({ selections: [arsenal], bankrollUnits: 0, limits: noLimits }));
  t.throws(() => recommend({ selections: [arsenal], bankrollUnits: 100, limits: { unitsPlacedToday: -1 } }));
  t.throws(() => recommend({ selections: [arsenal, arsenal], bankrollUnits: 100, limits: noLimits }), { message: /Selection ids must be unique/ });
});

// --- A season of real prices ---

const Row = z.object({
  Date: z.string(),
  HomeTeam: z.string(),
  AwayTeam: z.string(),
  FTHG: z.coerce.number().int(),
  FTAG: z.coerce.number().int(),
  home_close: z.coerce.number().gt(1),
  draw_close: z.coerce.number().gt(1),
  away_close: z.coerce.number().gt(1),
  home_open: z.coerce.number().gt(1),
  draw_open: z.coerce.number().gt(1),
  away_open: z.coerce.number().gt(1),
});

// The closing line is only known at kick-off, so as a "model" it is an oracle: the season's figures below check the
// arithmetic on real prices and real results, and say nothing about what a real model could earn.
test('a 2022-23 Premier League season, closing prices as an oracle model and opening prices as the offer: every stake within caps, Kelly, guardrails and limits', (t) => {
  const csv = readFileSync(new URL('../../../../../src/plugins/betting/data/england-premier-league-2022-2023.csv', import.meta.url), 'utf8');
  const rows = z.array(Row).parse(parse(csv, { columns: true, skip_empty_lines: true }));
  t.is(rows.length, 380);

  const days = new Map<string, z.output<typeof Row>[]>();
  for (const row of rows) days.set(row.Date.slice(0, 10), [...(days.get(row.Date.slice(0, 10)) ?? []), row]);

  const limits = { maxUnitsPerBet: 1.5, maxUnitsPerDay: 4 };
  const history: (RecentBet & { settledAt: number })[] = [];
  let bankroll = 100;
  let valueBets = 0;
  let leftOutBySizing = 0;
  let expectedValueBets = 0;
  let sameGamePairs = 0;
  let daysOnLosingRun = 0;
  for (const [day, matches] of days) {
    const selections: SelectionInput[] = matches.flatMap((m, i) => {
      // Margin-free closing probabilities: each outcome's 1/price, normalised to sum to 1.
      const inverse = [1 / m.home_close, 1 / m.draw_close, 1 / m.away_close];
      const book = inverse[0] + inverse[1] + inverse[2];
      const gameId = `${day}-${i}`;
      return [
        { id: `${gameId}-H`, gameId, label: `${m.HomeTeam} to win`, probability: inverse[0] / book, decimal: m.home_open, team: m.HomeTeam, sport: 'soccer' },
        { id: `${gameId}-D`, gameId, label: `${m.HomeTeam} v ${m.AwayTeam} draw`, probability: inverse[1] / book, decimal: m.draw_open, sport: 'soccer' },
        { id: `${gameId}-A`, gameId, label: `${m.AwayTeam} to win`, probability: inverse[2] / book, decimal: m.away_open, team: m.AwayTeam, sport: 'soccer' },
      ];
    });
    expectedValueBets += selections.filter((s) => s.probability * s.decimal - 1 > 0.02 + 1e-9).length;
    const result = recommend({ selections, bankrollUnits: bankroll, history, limits: { ...limits, unitsPlacedToday: 0 } });
    valueBets += result.recommendations.length;
    leftOutBySizing += result.skipped.filter((s) => !/threshold/.test(s.reason)).length;
    const games = new Set(result.recommendations.map((r) => r.selection.gameId));
    sameGamePairs += result.recommendations.length - games.size;

    const guardCap = capAfterLosses(Infinity, history).cap;
    if (guardCap !== null) daysOnLosingRun++;
    t.true(result.totalStake <= limits.maxUnitsPerDay + 1e-9, day);
    t.true(result.totalStake <= 0.05 * bankroll + 1e-9, day);
    for (const r of result.recommendations) {
      t.true(r.stake <= limits.maxUnitsPerBet, day);
      t.true(r.stake <= kellyStake(r.selection.probability, r.selection.decimal, bankroll).stake + 1e-9, day);
      if (guardCap !== null) t.true(r.stake <= guardCap + 1e-9, day);
    }

    // Settle the day's stakes on the real results.
    const settledAt = Date.parse(`${day}T23:00:00Z`);
    for (const r of result.recommendations) {
      if (r.stake === 0) continue;
      const m = matches[Number(r.selection.gameId.slice(11))];
      const outcome = m.FTHG > m.FTAG ? 'H' : m.FTHG < m.FTAG ? 'A' : 'D';
      const net = r.selection.id.endsWith(`-${outcome}`) ? r.stake * (r.selection.decimal - 1) : -r.stake;
      history.push({ settledAt, units: r.stake, net });
      bankroll += net;
    }
  }

  // Every selection with more than a 2% edge was either recommended or left out by the sizing, with a reason.
  t.is(valueBets + leftOutBySizing, expectedValueBets);
  t.true(valueBets > 20, `${valueBets} value bets`);
  t.true(history.length > 20);
  t.log(
    `${days.size} match days, ${valueBets} value bets (${sameGamePairs} beside another on the same game, ${leftOutBySizing} left out by sizing), ${history.length} staked:`,
    `${history.reduce((s, b) => s + b.units, 0).toFixed(2)} units staked, net ${history.reduce((s, b) => s + b.net, 0).toFixed(2)},`,
    `ROI ${((roi(history) ?? 0) * 100).toFixed(1)}%, max drawdown ${maxDrawdown(history).units.toFixed(2)} units,`,
    `Sharpe-like ${sharpeLike(history)?.toFixed(2)} per 30 days, ${daysOnLosingRun} days on a losing run, losing at the end: ${detectLosingRun(history).losing}`,
  );
});
