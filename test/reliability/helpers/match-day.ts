import { fileURLToPath } from 'node:url';
import { readFootballCsv, type FootballMatch } from '../../../src/datasets/index.ts';

/** A real season: England's Premier League 2022-2023, the file the local replay feed plays. */
export const SEASON_CSV = fileURLToPath(new URL('../../../src/plugins/betting/data/england-premier-league-2022-2023.csv', import.meta.url));

/** One event of the replay, as the stream plugin appends it: to these topic log keys, under one id. */
export interface ReplayEvent {
  keys: string[];
  event: string;
  data: Record<string, unknown>;
  /** When it happens in match time (epoch ms of the real season), to order the replay. */
  at: number;
}

const MINUTE = 60_000;
/** When the final whistle is reported, in match minutes after kick-off (90, half-time and stoppages). */
const FINAL_MINUTES = 105;

/**
 * The goals of one half as running scores: the side with more goals scores first, then the two take turns, spread
 * evenly over the half (the CSV has half-time and full-time scores, not goal times).
 */
function halfGoals(from: { home: number; away: number }, to: { home: number; away: number }, startMinute: number): { minute: number; home: number; away: number }[] {
  let home = from.home;
  let away = from.away;
  const n = to.home - from.home + (to.away - from.away);
  const out: { minute: number; home: number; away: number }[] = [];
  let homeTurn = to.home - from.home >= to.away - from.away;
  for (let k = 0; k < n; k++) {
    if ((homeTurn && home < to.home) || away >= to.away) home += 1;
    else away += 1;
    homeTurn = !homeTurn;
    out.push({ minute: startMinute + Math.round((45 * (k + 1)) / (n + 1)), home, away });
  }
  return out;
}

/**
 * The events of `matches` as they would stream on match-days: members' bets in the hour before each kick-off
 * (`bet.placed` on the server's `bets` topic), `game.started`, one `game.score` per goal and `game.final` (on
 * `scores` and `scores:game:<id>`), then each bet settled on the final score. In match-time order.
 */
export function matchDayEvents(matches: readonly FootballMatch[], options: { guildId: string; firstGameId: number; betsPerGame: number }): ReplayEvent[] {
  const events: ReplayEvent[] = [];
  const bets = `g:${options.guildId}:bets`;
  let betId = 0;
  matches.forEach((m, index) => {
    const gameId = options.firstGameId + index;
    const kickOff = m.date.getTime();
    const score = (event: string, at: number, data: Record<string, unknown>): void => {
      events.push({ keys: ['p:scores', `p:scores:game:${gameId}`], event, data: { gameId, ...data }, at });
    };
    const placed: { betId: number; userId: string; selection: 'home' | 'draw' | 'away'; units: number; decimal: number }[] = [];
    for (let k = 0; k < options.betsPerGame; k++) {
      const selection = (['home', 'draw', 'away'] as const)[k % 3]!;
      const bet = { betId: ++betId, userId: String(500_000_000_000_000_000n + BigInt(k)), selection, units: 1 + (k % 5), decimal: m.open[selection] };
      placed.push(bet);
      events.push({
        keys: [bets],
        event: 'bet.placed',
        data: { guildId: options.guildId, betId: bet.betId, userId: bet.userId, type: 'straight', units: bet.units, decimal: bet.decimal },
        at: kickOff - 60 * MINUTE + Math.round((k * 60 * MINUTE) / options.betsPerGame),
      });
    }
    score('game.started', kickOff, {});
    for (const g of [...halfGoals({ home: 0, away: 0 }, { home: m.htHome, away: m.htAway }, 0), ...halfGoals({ home: m.htHome, away: m.htAway }, { home: m.ftHome, away: m.ftAway }, 45)]) {
      score('game.score', kickOff + g.minute * MINUTE, { home: g.home, away: g.away });
    }
    const end = kickOff + FINAL_MINUTES * MINUTE;
    score('game.final', end, { home: m.ftHome, away: m.ftAway });
    const winner = m.ftHome > m.ftAway ? 'home' : m.ftHome < m.ftAway ? 'away' : 'draw';
    placed.forEach((bet, k) => {
      const won = bet.selection === winner;
      events.push({
        keys: [bets],
        event: 'bet.settled',
        data: { guildId: options.guildId, betId: bet.betId, userId: bet.userId, result: won ? 'won' : 'lost', net: won ? Math.round(bet.units * (bet.decimal - 1) * 100) / 100 : -bet.units },
        at: end + MINUTE + k * 1_000,
      });
    });
  });
  // Stable: events at the same moment keep the order they were made in (a game's bets before its kick-off).
  return events.sort((a, b) => a.at - b.at);
}

/** The first `n` matches of the season file (the first three match-days are its first 30). */
export async function seasonMatches(n: number): Promise<FootballMatch[]> {
  const matches = await readFootballCsv(SEASON_CSV);
  return matches.slice(0, n);
}
