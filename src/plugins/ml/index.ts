import { definePlugin } from 'dbsbm';
import { insightsCommand } from './commands/insights-command.ts';
import { mlCommand } from './commands/ml-command.ts';
import { predictCommand } from './commands/predict-command.ts';
import { valueCommand } from './commands/value-command.ts';
import { mlEndpoints } from './endpoints/index.ts';
import { mlEntities } from './entities/ml-prediction.ts';
import { createMlTables } from './migrations/Migration20261124050000_ml.ts';
import { ML_REFUSALS } from './refusals.ts';
import { raisePriceAlert } from './services/price-alert-notice.ts';
import { resolvePredictions } from './services/tracking.ts';
import { mlOptions, mlSettings } from './settings.ts';

/**
 * ML: match predictions from a brain.js model trained on real results and judged against the market, value bets
 * with cautious stakes, members' risk insights, and live accuracy tracking. Platinum. See README.md beside this file
 * and docs/ml.md.
 */
export default definePlugin({
  name: 'ml',
  version: '1.0.0',
  description: 'Predictions measured against the market, value bets, insights',
  tier: 'platinum',
  flag: 'mlFeaturesEnabled',
  requires: ['betting'],
  options: mlOptions,
  settings: mlSettings,
  entities: mlEntities,
  migrations: [createMlTables],
  events: ['notification.requested'],
  refusals: ML_REFUSALS,
  commands: (ctx) => [predictCommand(ctx), valueCommand(ctx), insightsCommand(ctx), mlCommand(ctx)],
  endpoints: (ctx) => mlEndpoints(ctx),
  subscribers: {
    // Games are not a server's (no guildId), so this runs whatever the servers' settings: every prediction shown
    // anywhere gets its result.
    'game.final': async (p, ctx) => {
      await resolvePredictions(ctx, { gameId: p.gameId, home: p.home, away: p.away });
    },
    // Members who asked for ML recommendations hear when the model expects a large price move on a game they bet on.
    'bet.placed': async (p, ctx) => {
      await raisePriceAlert(ctx, p);
    },
  },
});
