import type { ApiRoute } from 'dbsbm';
import type { MlContext } from '../services/context.ts';
import { getAccuracy } from './accuracy.ts';
import { getPrediction, listPredictions } from './predictions.ts';
import { listValueBets } from './value-bets.ts';

/** The ML plugin's routes of the public API, under `/api/v1/ml`: predictions, value bets, live accuracy. */
export function mlEndpoints(ctx: MlContext): ApiRoute[] {
  return [listPredictions(ctx), getPrediction(ctx), listValueBets(ctx), getAccuracy(ctx)];
}
