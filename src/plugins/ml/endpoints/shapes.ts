import { z } from 'zod';
import { OUTCOMES } from '../services/tracking.ts';

/** One number per result of a three-way (1X2) market. */
export const threeWay = z
  .object({ home: z.number(), draw: z.number(), away: z.number() })
  .meta({ id: 'ThreeWay', description: 'One number per result of a three-way (1X2) soccer market: home win, draw, away win.' });

const outcome = z.enum(OUTCOMES).describe('A result of the three-way market: `home`, `draw` or `away`.');

/** A game's prediction, as `/predict game` shows it. */
export const predictionShape = z
  .object({
    gameId: z.number().int(),
    label: z.string().describe('"Home v Away".'),
    league: z.string(),
    homeTeam: z.string(),
    awayTeam: z.string(),
    kickoff: z.string().describe('Kick-off, ISO 8601.'),
    model: threeWay.describe("The model's probability of each result; they add up to 1."),
    marketOpen: threeWay.describe("The market's implied probabilities at the opening prices, margin removed: what the model starts from."),
    marketNow: threeWay.nullable().describe("The market's implied probabilities at the latest prices, margin removed; null until all three results are priced."),
    prices: threeWay.nullable().describe('The latest decimal prices on offer (stake included).'),
    edge: threeWay
      .nullable()
      .describe('Model probability × latest price − 1 for each result: the expected net units per unit staked; above 0 the model thinks the price is too long.'),
    pick: outcome.describe('The most likely result under the model.'),
    confidence: z.number().describe("The model's probability of `pick`."),
    movement: z
      .object({
        change: threeWay.describe('Expected change of each implied probability from the opening to the closing price (+0.012 = 1.2 points shorter).'),
        alerts: z.array(outcome).describe('Results whose price is expected to move by more than 3 points of probability.'),
      })
      .meta({ id: 'PriceMovementForecast' }),
    modelVersion: z.string().describe('The model and when it was trained, `name@ISO date`.'),
  })
  .meta({ id: 'Prediction', description: "The outcome model's prediction of an upcoming game beside the market's prices. The server records it as shown, and scores it when the game is final (see `getMlAccuracy`)." });

/** A value bet, as `/value` lists it. */
export const valueBetShape = z
  .object({
    gameId: z.number().int(),
    outcome,
    label: z.string().describe('"Home v Away: team" (or "draw").'),
    decimal: z.number().describe('The latest decimal price on offer.'),
    probability: z.number().describe("The model's probability of the result."),
    fairDecimal: z.number().describe('The price at which the bet would be fair under the model: 1 / probability.'),
    edge: z.number().describe('probability × decimal − 1; a value bet has more than the server\'s `valueThreshold`.'),
    expectedValuePerUnit: z.number().describe('Expected net units per unit staked (algebraically the edge again).'),
    stake: z.number().describe("A cautious stake in units: the server's fraction of Kelly, capped at its `maxStakeShare` of the bankroll."),
    stakeCapped: z.boolean().describe('True when the cap, not the Kelly arithmetic, set the stake.'),
  })
  .meta({ id: 'ValueBet' });

export const valueScanShape = z
  .object({
    scanned: z.number().int().describe('Upcoming games the model predicted to find these.'),
    threshold: z.number().describe("The server's `valueThreshold`: the edge a bet must beat."),
    kellyFraction: z.number().describe('Fraction of full Kelly the stakes use.'),
    bankrollUnits: z.number().describe('The bankroll, in units, the stakes are a share of.'),
    maxStakeShare: z.number().describe('The most a stake may be, as a share of the bankroll.'),
    data: z.array(valueBetShape).describe('Best edge first.'),
  })
  .meta({ id: 'ValueScan' });

export const accuracyShape = z
  .object({
    scope: z.enum(['server', 'everywhere']).describe('Whose shown predictions are counted: this server\'s, or every server\'s.'),
    games: z.number().int().describe('Finished games with a shown prediction (each counted once, by its first prediction).'),
    logloss: z.number().nullable().describe("The model's mean log-loss (lower is better); null before any game finished."),
    accuracy: z.number().nullable().describe('Share of games whose most likely result happened.'),
    brier: z.number().nullable().describe("The model's mean Brier score over the three results (lower is better)."),
    marketGames: z.number().int().describe("Of those, games where the market's prices were known when the prediction was shown."),
    marketLogloss: z.number().nullable().describe("The market's log-loss on those games."),
    marketAccuracy: z.number().nullable(),
    modelLoglossOnMarketGames: z.number().nullable().describe("The model's log-loss on exactly the market's games, to compare like with like."),
  })
  .meta({ id: 'MlAccuracy', description: 'How the predictions people were shown turned out, beside the market on the same games (`/ml accuracy`).' });
