import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * A prediction shown to someone (the seed's `ml_predictions`). Every prediction shown is stored; when its game is
 * final, `actualResult` and `accuracyScore` are filled, so live accuracy is measured on what people actually saw.
 */
export interface MlPrediction {
  id: number;
  /** `outcome` (home/draw/away) or `movement`. */
  modelType: string;
  /** Probabilities, the market's de-margined probabilities at the time, the model version, the game. */
  predictionData: Record<string, unknown>;
  /** The model's probability of its most likely outcome. */
  confidenceScore: number;
  actualResult: Record<string, unknown> | null;
  /** 1 when the most likely outcome happened, else 0 (log-loss is computed from `predictionData`). */
  accuracyScore: number | null;
  createdAt: number;
  guildId: string | null;
  userId: string | null;
  gameId: number | null;
}

export const MlPredictionSchema = new EntitySchema<MlPrediction>({
  name: 'MlPrediction',
  tableName: 'ml_predictions',
  indexes: [
    { name: 'idx_model_type', properties: ['modelType'] },
    { name: 'idx_accuracy_score', properties: ['accuracyScore'] },
    { name: 'ml_predictions_game_index', properties: ['gameId'] },
    { name: 'ml_predictions_guild_created_index', properties: ['guildId', 'createdAt'] },
  ],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    modelType: { type: 'string', length: 50 },
    predictionData: { type: 'json' },
    confidenceScore: { type: 'double' },
    actualResult: { type: 'json', nullable: true },
    accuracyScore: { type: 'double', nullable: true },
    createdAt: { type: new BigIntType('number') },
    guildId: { type: 'string', length: 32, nullable: true },
    userId: { type: 'string', length: 32, nullable: true },
    gameId: { type: 'integer', nullable: true },
  },
});

export const mlEntities = [MlPredictionSchema];
