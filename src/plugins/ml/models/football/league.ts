/**
 * A league's identity across files: country and league name together, because two countries can share a
 * league name (England's and Egypt's `premier-league`).
 */
export function leagueKey(match: { country: string; league: string }): string {
  return `${match.country}/${match.league}`;
}
