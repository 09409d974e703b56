/** One past result from a team's point of view. */
export interface FormEntry {
  /** 3 for a win, 1 for a draw, 0 for a loss. */
  points: number;
  /** Goals scored minus goals conceded. */
  goalDiff: number;
}

/** Averages over a team's recent results; null when it has none yet. */
export interface FormSummary {
  /** Mean points per match over the window (0..3). */
  points: number | null;
  /** Mean goal difference per match over the window. */
  goalDiff: number | null;
  /** How many results the window holds (0..window size). */
  games: number;
}

/** A team's result as a {@link FormEntry}. */
export function formEntry(goalsFor: number, goalsAgainst: number): FormEntry {
  const points = goalsFor > goalsAgainst ? 3 : goalsFor === goalsAgainst ? 1 : 0;
  return { points, goalDiff: goalsFor - goalsAgainst };
}

/**
 * Appends a result and keeps only the last `window` ones (oldest first). Returns a new array: callers keep
 * the previous one untouched.
 */
export function pushForm(recent: readonly FormEntry[], entry: FormEntry, window: number): FormEntry[] {
  const next = [...recent, entry];
  return next.length > window ? next.slice(next.length - window) : next;
}

/** Mean points and goal difference over the entries. */
export function summariseForm(recent: readonly FormEntry[]): FormSummary {
  if (recent.length === 0) return { points: null, goalDiff: null, games: 0 };
  let points = 0;
  let goalDiff = 0;
  for (const e of recent) {
    points += e.points;
    goalDiff += e.goalDiff;
  }
  return { points: points / recent.length, goalDiff: goalDiff / recent.length, games: recent.length };
}
