import type { EntitySchema } from '@mikro-orm/core';
import type { StreamPart } from '../parts.ts';
import { createCompetitionTables } from '../migrations/Migration20261207210000_competitions.ts';
import { competitionCommand } from './command.ts';
import { CompetitionSchema } from './entity.ts';
import { competitionsTick, POST_JOB, postFinalStandings, TICK_JOB } from './lifecycle.ts';
import { startLiveStandings, stopLiveStandings } from './live-standings.ts';

export type { Competition, CompetitionMetric, CompetitionStatus } from './entity.ts';
export type { CompetitionEndedData, CompetitionStandingsData, CompetitionStartedData } from './live-events.ts';
export type { StandingRow, Standings } from './standings.ts';

/**
 * Competitions: `/competition create name start end` — a time-boxed contest among members whose live standings
 * stream on the server's `competitions` topic and are posted to a channel at the end. See the plugin's README.md (Competitions).
 */
export const competitionsPart: StreamPart = {
  // Widened as the plugin definition's own `EntitySchema[]` is (a schema typed by its entity is not an `AnyEntity` one).
  entities: [CompetitionSchema as EntitySchema],
  migrations: [createCompetitionTables],
  commands: (ctx) => [competitionCommand(ctx)],
  jobs: {
    // Every minute, once across instances: windows that opened start, windows that closed are frozen.
    [TICK_JOB]: { cron: '0 * * * * *', handler: async (_run, ctx) => void (await competitionsTick(ctx)), maxAttempts: 3 },
    [POST_JOB]: { handler: async (run, ctx) => void (await postFinalStandings(ctx, run)), maxAttempts: 10 },
  },
  setup: (ctx) => startLiveStandings(ctx),
  teardown: (ctx) => stopLiveStandings(ctx),
};
