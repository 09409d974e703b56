/**
 * Markets a feed prices. `h2h` is the 1X2 result (home/draw/away) for sports with draws and the moneyline
 * (home/away) for two-way sports; `totals` is over/under a line; `spreads` is a handicap on the home side.
 */
export type Market = 'h2h' | 'totals' | 'spreads';

/** A selection within a market: `home`, `draw`, `away` (h2h, spreads) or `over`, `under` (totals). */
export type Selection = 'home' | 'draw' | 'away' | 'over' | 'under';

/** A game as a feed announces it. `providerId` is stable for the game across the feed's events. */
export interface FeedGame {
  providerId: string;
  sport: string;
  league: string;
  homeTeam: string;
  awayTeam: string;
  startTime: Date;
}

/** One price of one selection at one time, as a decimal price (the feed converts whatever it receives). */
export interface FeedPrice {
  providerId: string;
  market: Market;
  selection: Selection;
  /** The line for totals (e.g. 2.5) and spreads (home handicap, e.g. -1.5); absent for h2h. */
  line?: number;
  price: number;
  at: Date;
}

/** What a feed reports, in order, for each game. */
export type FeedEvent =
  | { type: 'game.scheduled'; game: FeedGame }
  | { type: 'odds'; prices: FeedPrice[] }
  | { type: 'game.started'; providerId: string; at: Date }
  | { type: 'game.score'; providerId: string; home: number; away: number; at: Date }
  | { type: 'game.final'; providerId: string; home: number; away: number; at: Date }
  | { type: 'game.postponed'; providerId: string; at: Date }
  | { type: 'game.cancelled'; providerId: string; at: Date };

/**
 * A source of games, prices and results. The betting plugin calls `start` with a sink and applies every event
 * (games, odds history, grading on final). A feed must deliver a game's events in order and may repeat an event
 * (the sink is idempotent).
 */
export interface FeedProvider {
  readonly name: string;
  start(sink: (event: FeedEvent) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
  /** When the next game will be announced, if the feed knows (a replay does; a live API does not). */
  nextGameAt?(): Date | null;
}
