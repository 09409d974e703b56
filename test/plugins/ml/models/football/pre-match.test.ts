import test from 'ava';
import type { FootballMatch } from '../../../../../src/datasets/index.ts';
import { featureVector } from '../../../../../src/plugins/ml/models/football/feature-vector.ts';
import { extractPreMatch } from '../../../../../src/plugins/ml/models/football/pre-match.ts';
import { shippedMatches } from './shipped-data.ts';

const LEAGUES = ['england/premier-league'];
const key = (m: FootballMatch): string => `${m.date.toISOString()} ${m.homeTeam} v ${m.awayTeam}`;

/** Pre-match info and feature vector of every match, by match key. */
function describe(matches: readonly FootballMatch[]): Map<string, { info: unknown; x: number[] }> {
  const { rows } = extractPreMatch(matches);
  return new Map(rows.map((r) => [key(r.match), { info: r.info, x: featureVector(r.info, r.match.open, LEAGUES) }]));
}

test('changing a result changes no feature of that match, of matches at the same kick-off, or earlier; only later ones', async (t) => {
  const matches = await shippedMatches();
  // A match in the middle of the season that shares its kick-off with others.
  const byTime = new Map<number, FootballMatch[]>();
  for (const m of matches) byTime.set(m.date.getTime(), [...(byTime.get(m.date.getTime()) ?? []), m]);
  const target = matches.slice(150).find((m) => (byTime.get(m.date.getTime()) ?? []).length >= 3);
  if (!target) return t.fail('no kick-off shared by three matches');
  const at = target.date.getTime();

  const before = describe(matches);
  // Flip the result to a heavy defeat for the home side.
  const flipped = matches.map((m) => (m === target ? { ...m, ftHome: m.ftAway, ftAway: m.ftHome + 5 } : m));
  const after = describe(flipped);

  let laterChanged = 0;
  for (const m of matches) {
    const a = before.get(key(m));
    const b = after.get(key(m));
    if (m.date.getTime() <= at) {
      t.deepEqual(b, a, `features of ${key(m)} changed`);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      laterChanged += 1;
    }
  }
  t.true(laterChanged > 0, 'a later match should see the changed result');
  // The two teams' next matches are among the changed ones.
  const next = matches.find((m) => m.date.getTime() > at && (m.homeTeam === target.homeTeam || m.awayTeam === target.homeTeam));
  if (!next) return t.fail('home side has no later match');
  t.notDeepEqual(after.get(key(next)), before.get(key(next)));
});

test('a match at the same kick-off never sees a simultaneous result', async (t) => {
  const matches = await shippedMatches();
  const first = matches[0];
  const team = first.homeTeam;
  // Move one of this team's later matches to the exact kick-off of its first match (a fixture clash is a data
  // error, but it must still not leak): its features must be those of a team with no results.
  const laterIdx = matches.findIndex((m, i) => i > 0 && (m.homeTeam === team || m.awayTeam === team));
  const clashed = matches.map((m, i) => (i === laterIdx ? { ...m, date: first.date } : m));
  const { rows } = extractPreMatch(clashed);
  const row = rows.find((r) => r.match === clashed[laterIdx]);
  if (!row) return t.fail('moved match not found');
  const side = row.match.homeTeam === team ? row.info.home : row.info.away;
  t.is(side.games, 0);
  t.is(side.formGames, 0);
  t.is(side.restDays, null);
});

test('the extraction does not depend on input order and does not mutate its input', async (t) => {
  const matches = await shippedMatches();
  const copy = structuredClone(matches);
  const reversed = [...matches].reverse();
  const a = extractPreMatch(matches);
  const b = extractPreMatch(reversed);
  t.deepEqual(matches, copy);
  // Within a kick-off the order is the input order, so compare by key.
  const byKey = (rows: typeof a.rows) => rows.map((r) => [key(r.match), r.info] as const).sort((x, y) => x[0].localeCompare(y[0]));
  t.deepEqual(byKey(b.rows), byKey(a.rows));
  t.deepEqual(b.state.toJSON(), a.state.toJSON());
});

test('form, rest and Elo follow the results in order', async (t) => {
  const matches = await shippedMatches();
  const { rows } = extractPreMatch(matches);
  const first = rows[0];
  t.is(first.info.home.games, 0);
  t.is(first.info.home.rating, 1500);
  t.is(first.info.eloExpectedHome, 1 / (1 + 10 ** (-55 / 400)));
  // The first home side's second match: one game, rest measured from the first kick-off, form from that result.
  const team = first.match.homeTeam;
  const second = rows.find((r) => r !== first && (r.match.homeTeam === team || r.match.awayTeam === team));
  if (!second) return t.fail('no second match');
  const side = second.match.homeTeam === team ? second.info.home : second.info.away;
  t.is(side.games, 1);
  t.is(side.formGames, 1);
  t.is(side.restDays, (second.match.date.getTime() - first.match.date.getTime()) / 86_400_000);
  const won = first.match.ftHome > first.match.ftAway;
  const drew = first.match.ftHome === first.match.ftAway;
  t.is(side.formPoints, won ? 3 : drew ? 1 : 0);
  t.is(side.formGoalDiff, first.match.ftHome - first.match.ftAway);
  t.is(side.rating > 1500, won);
});
