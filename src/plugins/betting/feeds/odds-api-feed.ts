import { z } from 'zod';
import { systemClock, type FeedClock } from './clock.ts';
import { silentFeedLogger, type FeedLogger } from './feed-logger.ts';
import type { FeedEvent, FeedPrice, FeedProvider, Market, Selection } from './provider.ts';

/** Markets this adapter maps (The Odds API's featured markets). */
export type OddsApiMarket = Extract<Market, 'h2h' | 'totals' | 'spreads'>;

/** Options of {@link OddsApiFeed}. */
export interface OddsApiFeedOptions {
  /** The Odds API key. Sent as the `apiKey` query parameter and never logged. */
  apiKey: string;
  /** Default `https://api.the-odds-api.com`. */
  baseUrl?: string;
  /** Sport keys to poll, e.g. `soccer_epl`, `basketball_nba`. */
  sports: string[];
  /** Bookmaker regions, comma-separated (`uk`, `eu`, `us`, `au`). Default `uk`. */
  regions?: string;
  /**
   * Markets to request. Default `['h2h']`, as the API itself. Each market costs one credit per region per odds
   * request, so ask only for what is offered to bettors.
   */
  markets?: OddsApiMarket[];
  /** Time between polls. Default 60000. */
  pollIntervalMs?: number;
  /** Longest back-off after repeated 429s when no `Retry-After` is given. Default 32 × the poll interval. */
  maxBackoffMs?: number;
  /** Per-request timeout. Default 15000. */
  requestTimeoutMs?: number;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Default: an `info` level pino logger. Pass the plugin's logger. */
  logger?: FeedLogger;
  /** Time source; inject a fake one in tests. Default: the real clock. */
  clock?: FeedClock;
}

/** The usage figures The Odds API returns in headers on each response; undefined until seen. */
export interface OddsApiQuota {
  /** `x-requests-remaining`: credits left until the quota resets. */
  remaining?: number;
  /** `x-requests-used`: credits used since the last reset. */
  used?: number;
  /** `x-requests-last`: what the last request cost. */
  last?: number;
}

/** What one poll cycle ended with and when the next one should run. */
export interface OddsApiPollResult {
  /**
   * `ok`: every request was made (some may have failed and been logged). `rate-limited`: a 429 cut the cycle
   * short. `quota-exhausted`: no credits left. `unauthorized`: the key was refused.
   */
  outcome: 'ok' | 'rate-limited' | 'quota-exhausted' | 'unauthorized';
  /** Delay before the next poll: the interval, or the back-off after a 429. */
  nextDelayMs: number;
  /** Events delivered to the sink during this poll. */
  events: number;
}

// --- Response shapes, from https://the-odds-api.com/liveapi/guides/v4/ -------------------------------------

const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO date')
  .transform((s) => new Date(s));

const outcomeSchema = z.object({
  name: z.string(),
  price: z.number().positive(),
  point: z.number().optional(),
});

const marketSchema = z.object({
  key: z.string(),
  last_update: isoDate.optional(),
  outcomes: z.array(outcomeSchema),
});

const bookmakerSchema = z.object({
  key: z.string(),
  title: z.string(),
  last_update: isoDate,
  markets: z.array(marketSchema),
});

/** One event of `GET /v4/sports/{sport}/odds`. */
export const oddsEventSchema = z.object({
  id: z.string().min(1),
  sport_key: z.string(),
  sport_title: z.string(),
  commence_time: isoDate,
  home_team: z.string(),
  away_team: z.string(),
  bookmakers: z.array(bookmakerSchema),
});

/** One event of `GET /v4/sports/{sport}/scores`. Scores are strings in the API; both forms are accepted. */
export const scoreEventSchema = z.object({
  id: z.string().min(1),
  sport_key: z.string(),
  sport_title: z.string().optional(),
  commence_time: isoDate,
  completed: z.boolean(),
  home_team: z.string(),
  away_team: z.string(),
  scores: z.array(z.object({ name: z.string(), score: z.union([z.string(), z.number()]) })).nullable(),
  last_update: isoDate.nullable(),
});

type OddsEvent = z.infer<typeof oddsEventSchema>;
type ScoreEvent = z.infer<typeof scoreEventSchema>;

const errorBodySchema = z.object({ message: z.string().optional(), error_code: z.string().optional() });

// --- Internals ---------------------------------------------------------------------------------------------

interface TrackedGame {
  providerId: string;
  sportKey: string;
  commence: number;
  started: boolean;
  final: boolean;
  score?: { home: number; away: number };
}

/** The fields odds and scores items share, enough to announce a game. */
type GameFields = Pick<ScoreEvent, 'id' | 'sport_key' | 'sport_title' | 'home_team' | 'away_team' | 'commence_time'>;

/** Running sum of one selection's prices over bookmakers. */
interface PriceGroup {
  market: Market;
  selection: Selection;
  line?: number;
  sum: number;
  n: number;
  /** Latest bookmaker update among the prices summed, ms. */
  at: number;
}

type RequestOutcome =
  | { kind: 'ok'; body: unknown }
  | { kind: 'failed' }
  | { kind: 'rate-limited'; retryAfterMs?: number }
  | { kind: 'quota-exhausted' }
  | { kind: 'unauthorized' };

/** Games not final this long after kick-off are dropped: the scores endpoint only looks back 1 day. */
const FORGET_AFTER_MS = 3 * 24 * 3600_000;

/** Replaces the `apiKey` query value so a URL can be logged. */
export function redactApiKey(url: string): string {
  return url.replace(/([?&]apiKey=)[^&#]*/gi, '$1[redacted]');
}

/** `Retry-After` as milliseconds: either delay-seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function headerNumber(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** Three decimals: averaging two-decimal prices makes float noise that would look like price changes. */
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Polls The Odds API v4 for games, prices and scores, and reports them as feed events.
 *
 * Each poll, per sport: `GET /v4/sports/{sport}/odds` (regions, markets, decimal prices, ISO dates), then
 * `GET /v4/sports/{sport}/scores?daysFrom=1` — on the first poll (to settle games that finished while the bot
 * was down) and afterwards only while a known game of that sport has kicked off and is not final, since the
 * scores call costs credits and says nothing about games not yet started.
 *
 * Mapping:
 * - a new event id → `game.scheduled` (providerId `oddsapi:<id>`, sport = the sport key's group, e.g.
 *   `soccer` for `soccer_epl`, league = `sport_title`); a moved `commence_time` announces the game again.
 * - prices → `odds` with only the selections whose price changed since the last poll. A selection's price is
 *   the arithmetic mean of the decimal prices of every bookmaker quoting it (same market, same line), rounded
 *   to 3 decimals; its `at` is the latest bookmaker update among them. Outcome `home_team` → `home`,
 *   `away_team` → `away`, `Draw` → `draw`, `Over`/`Under` → `over`/`under` with `point` as the line; for
 *   spreads the line is the home handicap (an away outcome at +1.5 is line -1.5). Other outcomes and markets
 *   (e.g. exchanges' `h2h_lay`) are ignored.
 * - commence time passed → `game.started` (once, `at` = commence time).
 * - scores of a game not completed → `game.score` when the score changed; completed → `game.final`, once.
 *
 * Rate limits: the `x-requests-*` headers are kept in {@link OddsApiFeed.quota}. A 429 cuts the poll short and
 * waits `Retry-After`, else the interval doubled per consecutive 429 (capped). When the remaining credits hit 0
 * the poll stops and the next one waits for the next interval. A refused key (401) is logged as such. Nothing
 * is thrown out of the poll loop; failures are logged and the next poll goes on. The key is never logged.
 */
export class OddsApiFeed implements FeedProvider {
  readonly name = 'the-odds-api';
  private readonly baseUrl: string;
  private readonly regions: string;
  private readonly markets: OddsApiMarket[];
  private readonly interval: number;
  private readonly maxBackoff: number;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly logger: FeedLogger;
  private readonly clock: FeedClock;
  private readonly games = new Map<string, TrackedGame>();
  private readonly lastPrices = new Map<string, number>();
  private readonly scoresChecked = new Set<string>();
  private quotaValue: OddsApiQuota = {};
  private consecutive429 = 0;
  private timer: unknown;
  private running = false;
  private generation = 0;
  private abort = new AbortController();

  constructor(private readonly options: OddsApiFeedOptions) {
    if (!options.apiKey) throw new Error('OddsApiFeed needs an apiKey (The Odds API key)');
    if (options.sports.length === 0) throw new Error('OddsApiFeed needs at least one sport key, e.g. soccer_epl');
    this.baseUrl = (options.baseUrl ?? 'https://api.the-odds-api.com').replace(/\/+$/, '');
    this.regions = options.regions ?? 'uk';
    this.markets = options.markets && options.markets.length > 0 ? options.markets : ['h2h'];
    this.interval = options.pollIntervalMs ?? 60_000;
    if (!(this.interval > 0)) throw new RangeError(`OddsApiFeed pollIntervalMs must be above 0, got ${this.interval}`);
    this.maxBackoff = options.maxBackoffMs ?? this.interval * 32;
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.fetchFn = options.fetch ?? fetch;
    this.logger = options.logger ?? silentFeedLogger;
    this.clock = options.clock ?? systemClock;
  }

  /** The latest usage figures from the API's response headers. */
  get quota(): Readonly<OddsApiQuota> {
    return this.quotaValue;
  }

  /** Starts polling: the first poll runs at once (on the clock), later ones every interval or after back-off. */
  async start(sink: (event: FeedEvent) => Promise<void>): Promise<void> {
    if (this.running) throw new Error('OddsApiFeed is already running');
    this.running = true;
    this.generation += 1;
    this.abort = new AbortController();
    this.arm(sink, 0);
  }

  /** Stops polling and aborts a request in flight; no event is delivered after this resolves. */
  async stop(): Promise<void> {
    this.running = false;
    this.generation += 1;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.abort.abort();
  }

  private arm(sink: (event: FeedEvent) => Promise<void>, delay: number): void {
    const generation = this.generation;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.cycle(sink, generation);
    }, delay);
  }

  private async cycle(sink: (event: FeedEvent) => Promise<void>, generation: number): Promise<void> {
    let delay = this.interval;
    try {
      delay = (await this.poll(sink, generation)).nextDelayMs;
    } catch (err) {
      // poll handles its own failures; this is the last guard so the loop never dies.
      this.logger.error({ err: this.scrubError(err) }, 'odds api poll failed unexpectedly; polling goes on');
    }
    if (this.running && generation === this.generation) this.arm(sink, delay);
  }

  /**
   * Runs one poll of every sport now and delivers what changed to `sink`. Never rejects. The timed loop uses
   * it; tests and a manual "refresh" can call it directly.
   */
  pollOnce(sink: (event: FeedEvent) => Promise<void>): Promise<OddsApiPollResult> {
    // A manual poll after `stop` must not inherit the aborted signal.
    if (this.abort.signal.aborted) this.abort = new AbortController();
    return this.poll(sink, this.generation);
  }

  private async poll(sink: (event: FeedEvent) => Promise<void>, generation: number): Promise<OddsApiPollResult> {
    let events = 0;
    // Events of a stopped or restarted feed are dropped, so `stop` needs no waiting on a poll in flight.
    const emit = async (event: FeedEvent): Promise<void> => {
      if (generation !== this.generation) return;
      events += 1;
      try {
        await sink(event);
      } catch (err) {
        this.logger.error({ err: this.scrubError(err), event: event.type }, 'odds api feed sink failed; going on');
      }
    };
    const end = (outcome: OddsApiPollResult['outcome'], nextDelayMs = this.interval): OddsApiPollResult => ({
      outcome,
      nextDelayMs,
      events,
    });

    for (const sport of this.options.sports) {
      const odds = await this.request(`/v4/sports/${encodeURIComponent(sport)}/odds`, {
        regions: this.regions,
        markets: this.markets.join(','),
        oddsFormat: 'decimal',
        dateFormat: 'iso',
      });
      if (odds.kind === 'ok') await this.applyOdds(sport, odds.body, emit);
      const stopped = this.stopReason(odds);
      if (stopped) return end(stopped.outcome, stopped.delay);

      if (this.needsScores(sport)) {
        const scores = await this.request(`/v4/sports/${encodeURIComponent(sport)}/scores`, {
          daysFrom: '1',
          dateFormat: 'iso',
        });
        if (scores.kind === 'ok') {
          this.scoresChecked.add(sport);
          await this.applyScores(sport, scores.body, emit);
        }
        const stoppedScores = this.stopReason(scores);
        if (stoppedScores) return end(stoppedScores.outcome, stoppedScores.delay);
      }
      await this.announceStarts(sport, emit);
      this.forgetStale(sport);
    }
    return end('ok');
  }

  /** Whether the cycle must end after this request, and when to poll again. */
  private stopReason(r: RequestOutcome): { outcome: OddsApiPollResult['outcome']; delay: number } | undefined {
    if (r.kind === 'rate-limited') {
      this.consecutive429 += 1;
      const backoff = Math.min(this.interval * 2 ** this.consecutive429, this.maxBackoff);
      const delay = r.retryAfterMs ?? backoff;
      this.logger.warn(
        { retryAfterMs: r.retryAfterMs, delayMs: delay, consecutive: this.consecutive429 },
        'The Odds API rate-limited us (429); backing off before the next poll',
      );
      return { outcome: 'rate-limited', delay };
    }
    this.consecutive429 = 0;
    if (r.kind === 'unauthorized') return { outcome: 'unauthorized', delay: this.interval };
    if (r.kind === 'quota-exhausted' || this.quotaValue.remaining === 0) {
      this.logger.warn(
        { used: this.quotaValue.used, remaining: this.quotaValue.remaining, nextPollMs: this.interval },
        'The Odds API usage quota is used up: no more requests this poll; trying again at the next interval ' +
          '(raise the plan, poll less often or track fewer sports/markets)',
      );
      return { outcome: 'quota-exhausted', delay: this.interval };
    }
    return undefined;
  }

  private async request(path: string, params: Record<string, string>): Promise<RequestOutcome> {
    const url = new URL(this.baseUrl + path);
    url.searchParams.set('apiKey', this.options.apiKey);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const logUrl = redactApiKey(url.toString());
    let res: Response;
    try {
      res = await this.fetchFn(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
    } catch (err) {
      if (this.abort.signal.aborted) return { kind: 'failed' };
      this.logger.warn({ url: logUrl, err: this.scrubError(err) }, 'odds api request failed; will retry next poll');
      return { kind: 'failed' };
    }
    this.readQuota(res.headers);
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      this.logger.warn({ url: logUrl, status: res.status, err: this.scrubError(err) }, 'odds api response was cut off');
      return { kind: 'failed' };
    }

    if (res.status === 429) {
      return { kind: 'rate-limited', retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), this.clock.now()) };
    }
    if (res.status === 401) {
      const body = this.errorBody(text);
      // The API answers 401 both for a bad key and for a used-up quota; only the error code tells them apart.
      if (body.error_code === 'OUT_OF_USAGE_CREDITS' || /quota|usage/i.test(body.message ?? '')) {
        return { kind: 'quota-exhausted' };
      }
      this.logger.error(
        { url: logUrl, status: 401, errorCode: body.error_code, apiMessage: body.message },
        'The Odds API refused the API key (401 Unauthorized): check the configured apiKey is set, valid and active',
      );
      return { kind: 'unauthorized' };
    }
    if (!res.ok) {
      const body = this.errorBody(text);
      this.logger.error(
        { url: logUrl, status: res.status, errorCode: body.error_code, apiMessage: body.message },
        'odds api request was refused; skipping it this poll',
      );
      return { kind: 'failed' };
    }
    try {
      return { kind: 'ok', body: JSON.parse(text) as unknown };
    } catch {
      this.logger.warn(
        { url: logUrl, status: res.status, bodyStart: this.scrub(text.slice(0, 200)) },
        'odds api returned malformed JSON; skipping it this poll',
      );
      return { kind: 'failed' };
    }
  }

  private readQuota(headers: Headers): void {
    const remaining = headerNumber(headers, 'x-requests-remaining');
    const used = headerNumber(headers, 'x-requests-used');
    const last = headerNumber(headers, 'x-requests-last');
    this.quotaValue = {
      remaining: remaining ?? this.quotaValue.remaining,
      used: used ?? this.quotaValue.used,
      last: last ?? this.quotaValue.last,
    };
  }

  private errorBody(text: string): z.infer<typeof errorBodySchema> {
    try {
      const parsed = errorBodySchema.safeParse(JSON.parse(text));
      if (parsed.success) {
        const { message, error_code } = parsed.data;
        return { message: message === undefined ? undefined : this.scrub(message), error_code };
      }
    } catch {
      // Not JSON: fall through to the raw text.
    }
    return { message: this.scrub(text.slice(0, 200)) };
  }

  /** Validates a list response item by item, so one odd event does not hide the others. */
  private items<T>(body: unknown, schema: z.ZodType<T>, what: string): T[] {
    if (!Array.isArray(body)) {
      this.logger.warn({ what, got: typeof body }, 'odds api response is not a list; skipping it');
      return [];
    }
    const out: T[] = [];
    let bad = 0;
    let firstIssue: string | undefined;
    for (const item of body) {
      const parsed = schema.safeParse(item);
      if (parsed.success) out.push(parsed.data);
      else {
        bad += 1;
        firstIssue ??= parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      }
    }
    if (bad > 0) {
      this.logger.warn({ what, bad, firstIssue }, 'odds api items did not match the documented shape; skipped');
    }
    return out;
  }

  /** Finds or starts tracking a game, announcing it when new or when its kick-off moved. */
  private async track(ev: GameFields, emit: (e: FeedEvent) => Promise<void>): Promise<TrackedGame> {
    const { id, sport_key: sportKey, sport_title: sportTitle, home_team: homeTeam, away_team: awayTeam } = ev;
    const commence = ev.commence_time;
    let game = this.games.get(id);
    if (game && game.commence === commence.getTime()) return game;
    if (!game) {
      game = { providerId: `oddsapi:${id}`, sportKey, commence: commence.getTime(), started: false, final: false };
      this.games.set(id, game);
    } else {
      // Rescheduled: announce again with the new time (the sink is idempotent on providerId).
      game.commence = commence.getTime();
    }
    await emit({
      type: 'game.scheduled',
      game: {
        providerId: game.providerId,
        sport: sportKey.split('_')[0] ?? sportKey,
        league: sportTitle ?? sportKey,
        homeTeam,
        awayTeam,
        startTime: commence,
      },
    });
    return game;
  }

  private async applyOdds(sport: string, body: unknown, emit: (e: FeedEvent) => Promise<void>): Promise<void> {
    for (const ev of this.items(body, oddsEventSchema, `odds:${sport}`)) {
      const game = await this.track(ev, emit);
      const changed = this.averagePrices(ev, game.providerId).filter((p) => {
        const key = `${ev.id}|${p.market}|${p.selection}|${p.line ?? ''}`;
        if (this.lastPrices.get(key) === p.price) return false;
        this.lastPrices.set(key, p.price);
        return true;
      });
      if (changed.length > 0) await emit({ type: 'odds', prices: changed });
    }
  }

  /** Mean decimal price per (market, selection, line) over the bookmakers quoting it. */
  private averagePrices(ev: OddsEvent, providerId: string): FeedPrice[] {
    const groups = new Map<string, PriceGroup>();
    for (const book of ev.bookmakers) {
      for (const market of book.markets) {
        if (!(this.markets as string[]).includes(market.key)) continue;
        const marketKey = market.key as OddsApiMarket;
        const updated = (market.last_update ?? book.last_update).getTime();
        for (const o of market.outcomes) {
          const mapped = mapOutcome(marketKey, o, ev);
          if (!mapped) continue;
          const key = `${marketKey}|${mapped.selection}|${mapped.line ?? ''}`;
          const g = groups.get(key) ?? { market: marketKey, ...mapped, sum: 0, n: 0, at: 0 };
          g.sum += o.price;
          g.n += 1;
          g.at = Math.max(g.at, updated);
          groups.set(key, g);
        }
      }
    }
    return [...groups.values()].map((g) => {
      const price = round3(g.sum / g.n);
      const p: FeedPrice = { providerId, market: g.market, selection: g.selection, price, at: new Date(g.at) };
      if (g.line !== undefined) p.line = g.line;
      return p;
    });
  }

  private needsScores(sport: string): boolean {
    if (!this.scoresChecked.has(sport)) return true;
    const now = this.clock.now();
    for (const g of this.games.values()) {
      if (g.sportKey === sport && !g.final && g.commence <= now) return true;
    }
    return false;
  }

  private async applyScores(sport: string, body: unknown, emit: (e: FeedEvent) => Promise<void>): Promise<void> {
    for (const ev of this.items(body, scoreEventSchema, `scores:${sport}`)) {
      const score = readScore(ev);
      // A game we never saw and that has no score yet tells us nothing the odds call will not.
      if (!this.games.has(ev.id) && !score) continue;
      const game = await this.track(ev, emit);
      if (game.final || !score) continue;
      const at = ev.last_update ?? new Date(this.clock.now());
      await this.markStarted(game, emit);
      if (ev.completed) {
        game.final = true;
        game.score = score;
        await emit({ type: 'game.final', providerId: game.providerId, home: score.home, away: score.away, at });
      } else if (!game.score || game.score.home !== score.home || game.score.away !== score.away) {
        game.score = score;
        await emit({ type: 'game.score', providerId: game.providerId, home: score.home, away: score.away, at });
      }
    }
  }

  private async markStarted(game: TrackedGame, emit: (e: FeedEvent) => Promise<void>): Promise<void> {
    if (game.started) return;
    game.started = true;
    await emit({ type: 'game.started', providerId: game.providerId, at: new Date(game.commence) });
  }

  private async announceStarts(sport: string, emit: (e: FeedEvent) => Promise<void>): Promise<void> {
    const now = this.clock.now();
    for (const g of this.games.values()) {
      if (g.sportKey === sport && !g.started && !g.final && g.commence <= now) await this.markStarted(g, emit);
    }
  }

  /** Drops games that never settled long after kick-off (postponed, abandoned), so scores polling can stop. */
  private forgetStale(sport: string): void {
    const now = this.clock.now();
    for (const [id, g] of this.games) {
      if (g.sportKey !== sport || now - g.commence < FORGET_AFTER_MS) continue;
      if (!g.final) this.logger.info({ providerId: g.providerId }, 'odds api game never settled; no longer tracked');
      this.games.delete(id);
      for (const key of this.lastPrices.keys()) if (key.startsWith(`${id}|`)) this.lastPrices.delete(key);
    }
  }

  private scrub(text: string): string {
    return text.split(this.options.apiKey).join('[redacted]');
  }

  /** An error as loggable data, with the key removed from its message (fetch errors can echo the URL). */
  private scrubError(err: unknown): { name?: string; message: string } {
    if (err instanceof Error) return { name: err.name, message: redactApiKey(this.scrub(err.message)) };
    return { message: redactApiKey(this.scrub(String(err))) };
  }
}

/** Maps an API outcome to a selection and line, or undefined when this adapter does not price it. */
function mapOutcome(
  market: OddsApiMarket,
  o: { name: string; point?: number },
  ev: { home_team: string; away_team: string },
): { selection: Selection; line?: number } | undefined {
  if (market === 'totals') {
    if (o.point === undefined) return undefined;
    if (o.name === 'Over') return { selection: 'over', line: o.point };
    if (o.name === 'Under') return { selection: 'under', line: o.point };
    return undefined;
  }
  const side: Selection | undefined =
    o.name === ev.home_team ? 'home' : o.name === ev.away_team ? 'away' : o.name === 'Draw' ? 'draw' : undefined;
  if (!side) return undefined;
  if (market === 'h2h') return { selection: side };
  // Spreads: both sides are keyed by the home handicap, so home -1.5 and away +1.5 are one line.
  if (o.point === undefined || side === 'draw') return undefined;
  return { selection: side, line: side === 'home' ? o.point : -o.point || 0 };
}

/** The home and away score of a scores item, or undefined when not (yet) both readable. */
function readScore(ev: ScoreEvent): { home: number; away: number } | undefined {
  if (!ev.scores) return undefined;
  const find = (team: string): number | undefined => {
    const raw = ev.scores?.find((s) => s.name === team)?.score;
    const n = typeof raw === 'number' ? raw : raw !== undefined && raw.trim() !== '' ? Number(raw) : Number.NaN;
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const home = find(ev.home_team);
  const away = find(ev.away_team);
  return home === undefined || away === undefined ? undefined : { home, away };
}
