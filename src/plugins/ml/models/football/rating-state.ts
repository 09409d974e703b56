import { z } from 'zod';
import { DEFAULT_ELO_PARAMS, eloDelta, eloExpectedHome, eloParamsSchema, type EloParams } from './elo.ts';
import { formEntry, pushForm, summariseForm, type FormEntry } from './form.ts';
import { leagueKey } from './league.ts';

const DAY_MS = 86_400_000;

/** Identity of a match within one kick-off instant. */
function matchKey(m: FixtureTeams): string {
  return `${leagueKey(m)}|${m.homeTeam}|${m.awayTeam}`;
}

/** Teams of a match and where and when it is played: all that is needed to look up pre-match ratings. */
export interface FixtureTeams {
  country: string;
  league: string;
  homeTeam: string;
  awayTeam: string;
  /** Kick-off. */
  date: Date;
}

/** A finished match: a fixture plus its full-time score. */
export interface PlayedMatch extends FixtureTeams {
  ftHome: number;
  ftAway: number;
}

/** What is known about one side before kick-off. */
export interface TeamPreMatch {
  /** Elo rating, after any off-season regression due before this match. */
  rating: number;
  /** League matches this team has played in the state so far (how much its rating has seen). */
  games: number;
  /** Days since its previous league match, or null for its first. */
  restDays: number | null;
  /** Mean points per match over its recent results, or null with none. */
  formPoints: number | null;
  /** Mean goal difference per match over its recent results, or null with none. */
  formGoalDiff: number | null;
  /** How many recent results the form averages cover. */
  formGames: number;
}

/** Pre-match information for one fixture, as a {@link RatingState} knew it before kick-off. */
export interface PreMatchInfo {
  /** {@link leagueKey} of the fixture. */
  league: string;
  home: TeamPreMatch;
  away: TeamPreMatch;
  /** Elo expected score of the home side (home advantage included). */
  eloExpectedHome: number;
}

const teamRecordSchema = z.object({
  rating: z.number(),
  games: z.number().int().nonnegative(),
  /** ISO date of the team's last recorded match. */
  lastPlayed: z.string().nullable(),
  recent: z.array(z.object({ points: z.number(), goalDiff: z.number() })),
});
type TeamRecordJSON = z.infer<typeof teamRecordSchema>;

/** JSON form of a {@link RatingState}, as stored in the model artefacts. */
export const ratingStateSchema = z.object({
  params: eloParamsSchema,
  formWindow: z.number().int().positive(),
  /** ISO date of the latest match recorded, or null for an empty state. */
  asOf: z.string().nullable(),
  /** `league|home|away` of the matches recorded at exactly {@link asOf}, so a later batch at that instant is not lost. */
  atAsOf: z.array(z.string()),
  /** League key → when its first match was recorded (ISO) and its teams by name. */
  leagues: z.record(z.string(), z.object({ since: z.string(), teams: z.record(z.string(), teamRecordSchema) })),
});
export type RatingStateJSON = z.infer<typeof ratingStateSchema>;

interface TeamRecord {
  rating: number;
  games: number;
  lastPlayed: number | null;
  recent: FormEntry[];
}

interface LeagueRecord {
  /** Kick-off of the league's first recorded match (epoch ms). */
  since: number;
  teams: Map<string, TeamRecord>;
}

/**
 * Elo ratings (per league, with home advantage), recent form and rest days of every team, built from past
 * results only. Query it with {@link RatingState.preMatch} before a match, then {@link RatingState.record}
 * the result once it is known; the order of those two calls is what keeps features free of leakage.
 *
 * @example
 * const state = RatingState.fromHistory(pastMatches);
 * const info = state.preMatch({ country: 'england', league: 'premier-league', homeTeam: 'Arsenal',
 *   awayTeam: 'Chelsea', date: new Date('2023-08-12T14:00:00Z') });
 */
export class RatingState {
  private constructor(
    /** Elo parameters this state updates with. */
    readonly params: EloParams,
    /** How many recent results form averages over. */
    readonly formWindow: number,
    private readonly leagues: Map<string, LeagueRecord>,
    private asOfMs: number | null,
    private readonly atAsOf: Set<string>,
  ) {}

  /** A state with no teams. */
  static empty(params: EloParams = DEFAULT_ELO_PARAMS, formWindow = 5): RatingState {
    return new RatingState(params, formWindow, new Map(), null, new Set());
  }

  /** A state built by recording `matches` in time order (input order does not matter). */
  static fromHistory(
    matches: readonly PlayedMatch[],
    params: EloParams = DEFAULT_ELO_PARAMS,
    formWindow = 5,
  ): RatingState {
    const state = RatingState.empty(params, formWindow);
    state.recordAll(matches);
    return state;
  }

  /** Rebuilds a state from {@link RatingState.toJSON} output (validated; throws a ZodError if malformed). */
  static fromJSON(json: unknown): RatingState {
    const parsed = ratingStateSchema.parse(json);
    const leagues = new Map<string, LeagueRecord>();
    for (const [league, { since, teams }] of Object.entries(parsed.leagues)) {
      const map = new Map<string, TeamRecord>();
      for (const [team, rec] of Object.entries(teams)) {
        map.set(team, {
          rating: rec.rating,
          games: rec.games,
          lastPlayed: rec.lastPlayed === null ? null : Date.parse(rec.lastPlayed),
          recent: rec.recent.map((e) => ({ ...e })),
        });
      }
      leagues.set(league, { since: Date.parse(since), teams: map });
    }
    const asOf = parsed.asOf === null ? null : Date.parse(parsed.asOf);
    return new RatingState(parsed.params, parsed.formWindow, leagues, asOf, new Set(parsed.atAsOf));
  }

  /** Serialisable form; leagues and teams sorted by name so equal states give identical JSON. */
  toJSON(): RatingStateJSON {
    const leagues: RatingStateJSON['leagues'] = {};
    for (const league of [...this.leagues.keys()].sort()) {
      const teams: Record<string, TeamRecordJSON> = {};
      const { since, teams: map } = this.leagues.get(league) as LeagueRecord;
      for (const team of [...map.keys()].sort()) {
        const rec = map.get(team) as TeamRecord;
        teams[team] = {
          rating: rec.rating,
          games: rec.games,
          lastPlayed: rec.lastPlayed === null ? null : new Date(rec.lastPlayed).toISOString(),
          recent: rec.recent.map((e) => ({ ...e })),
        };
      }
      leagues[league] = { since: new Date(since).toISOString(), teams };
    }
    return {
      params: { ...this.params },
      formWindow: this.formWindow,
      asOf: this.asOfMs === null ? null : new Date(this.asOfMs).toISOString(),
      atAsOf: [...this.atAsOf].sort(),
      leagues,
    };
  }

  /** An independent copy (recording into it leaves this state unchanged). */
  clone(): RatingState {
    return RatingState.fromJSON(this.toJSON());
  }

  /** Kick-off of the latest match recorded, or null if none. */
  get asOf(): Date | null {
    return this.asOfMs === null ? null : new Date(this.asOfMs);
  }

  /** Team names known in a league (sorted), e.g. to check a fixture's spelling. */
  teams(country: string, league: string): string[] {
    return [...(this.leagues.get(leagueKey({ country, league }))?.teams.keys() ?? [])].sort();
  }

  /**
   * What was known about both sides before `fixture` kicked off. Does not change the state: a team never seen
   * gets a starting rating (lower than average in an established league: newcomers are mostly promoted
   * sides) and no form.
   */
  preMatch(fixture: FixtureTeams): PreMatchInfo {
    const league = leagueKey(fixture);
    const record = this.leagues.get(league);
    const at = fixture.date.getTime();
    const home = this.teamPreMatch(record, fixture.homeTeam, at);
    const away = this.teamPreMatch(record, fixture.awayTeam, at);
    return {
      league,
      home,
      away,
      eloExpectedHome: eloExpectedHome(home.rating, away.rating, this.params.homeAdvantage),
    };
  }

  /**
   * Records a finished match: Elo update of both sides (zero-sum), then their form and last-played date.
   * Call it only after taking every feature the match (and any match at the same kick-off) needs.
   */
  record(match: PlayedMatch): void {
    const key = leagueKey(match);
    const at = match.date.getTime();
    let record = this.leagues.get(key);
    if (!record) {
      record = { since: at, teams: new Map() };
      this.leagues.set(key, record);
    }
    const teams = record.teams;
    const home = this.teamPreMatch(record, match.homeTeam, at);
    const away = this.teamPreMatch(record, match.awayTeam, at);
    const expected = eloExpectedHome(home.rating, away.rating, this.params.homeAdvantage);
    const delta = eloDelta(expected, match.ftHome, match.ftAway, this.params.k);
    const prevHome = teams.get(match.homeTeam);
    const prevAway = teams.get(match.awayTeam);
    teams.set(match.homeTeam, {
      rating: home.rating + delta,
      games: home.games + 1,
      lastPlayed: at,
      recent: pushForm(prevHome?.recent ?? [], formEntry(match.ftHome, match.ftAway), this.formWindow),
    });
    teams.set(match.awayTeam, {
      rating: away.rating - delta,
      games: away.games + 1,
      lastPlayed: at,
      recent: pushForm(prevAway?.recent ?? [], formEntry(match.ftAway, match.ftHome), this.formWindow),
    });
    if (this.asOfMs === null || at > this.asOfMs) {
      this.asOfMs = at;
      this.atAsOf.clear();
    }
    if (at === this.asOfMs) this.atAsOf.add(matchKey(match));
  }

  /**
   * Records matches in kick-off order (stable for equal times), skipping those the state already holds:
   * anything before {@link asOf}, and at {@link asOf} the matches recorded then. A state restored from an
   * artefact can so be fed a history that overlaps the data it was built from without counting a match twice.
   *
   * @returns how many matches were recorded
   */
  recordAll(matches: readonly PlayedMatch[]): number {
    const since = this.asOfMs;
    const held = new Set(this.atAsOf);
    const fresh = matches
      .map((m, i) => ({ m, i }))
      .filter(({ m }) => {
        const at = m.date.getTime();
        return since === null || at > since || (at === since && !held.has(matchKey(m)));
      })
      .sort((a, b) => a.m.date.getTime() - b.m.date.getTime() || a.i - b.i);
    for (const { m } of fresh) this.record(m);
    return fresh.length;
  }

  private teamPreMatch(league: LeagueRecord | undefined, team: string, at: number): TeamPreMatch {
    const rec = league?.teams.get(team);
    const p = this.params;
    if (!rec) {
      const established = league !== undefined && at - league.since > p.establishedAfterDays * DAY_MS;
      return {
        rating: p.initial + (established ? p.newcomerOffset : 0),
        games: 0,
        restDays: null,
        formPoints: null,
        formGoalDiff: null,
        formGames: 0,
      };
    }
    const restDays = rec.lastPlayed === null ? null : (at - rec.lastPlayed) / DAY_MS;
    // Squads change over the summer: pull the rating part of the way back to the centre after a long break.
    const offSeason = restDays !== null && restDays > p.offSeasonGapDays;
    const rating = offSeason ? p.initial + p.offSeasonCarry * (rec.rating - p.initial) : rec.rating;
    const form = summariseForm(rec.recent);
    return {
      rating,
      games: rec.games,
      restDays,
      formPoints: form.points,
      formGoalDiff: form.goalDiff,
      formGames: form.games,
    };
  }
}
