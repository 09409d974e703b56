import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * Where a competition is in its life: `scheduled` (before its start), `running`, `ending` (final standings frozen,
 * the post to its channel not yet confirmed), `ended` (posted), `cancelled`.
 */
export const COMPETITION_STATUSES = ['scheduled', 'running', 'ending', 'ended', 'cancelled'] as const;
export type CompetitionStatus = (typeof COMPETITION_STATUSES)[number];

/** Statuses of a competition that is still to come or under way: these count against the server's limit. */
export const OPEN_STATUSES: readonly CompetitionStatus[] = ['scheduled', 'running'];

/** What a competition ranks members by. */
export const COMPETITION_METRICS = ['net', 'roi', 'winrate'] as const;
export type CompetitionMetric = (typeof COMPETITION_METRICS)[number];

/**
 * A time-boxed contest among a server's members: bets placed in `[startsAt, endsAt)` count. The final standings are
 * frozen (as JSON) when it ends, so what was posted never changes afterwards.
 */
export interface Competition {
  id: number;
  guildId: string;
  name: string;
  /** Where the final standings are posted. */
  channelId: string;
  metric: CompetitionMetric;
  /** Epoch ms, inclusive: the later of the start asked for and the moment it was created. */
  startsAt: number;
  /** Epoch ms, exclusive. */
  endsAt: number;
  /** The IANA zone its dates were typed in, for showing them back. */
  timeZone: string;
  status: CompetitionStatus;
  createdBy: string;
  createdAt: number;
  cancelledBy: string | null;
  /** When it ended or was cancelled. */
  closedAt: number | null;
  /** The final standings (JSON of `Standings`), once frozen. */
  finalStandings: string | null;
  /** The message the final standings were posted as. */
  messageId: string | null;
}

export const CompetitionSchema = new EntitySchema<Competition>({
  name: 'StreamCompetition',
  tableName: 'stream_competitions',
  indexes: [
    { name: 'stream_competitions_guild_status_index', properties: ['guildId', 'status'] },
    { name: 'stream_competitions_status_ends_index', properties: ['status', 'endsAt'] },
  ],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    name: { type: 'string', length: 100 },
    channelId: { type: 'string', length: 32 },
    metric: { type: 'string', length: 16 },
    startsAt: { type: new BigIntType('number') },
    endsAt: { type: new BigIntType('number') },
    timeZone: { type: 'string', length: 64 },
    status: { type: 'string', length: 16 },
    createdBy: { type: 'string', length: 32 },
    createdAt: { type: new BigIntType('number') },
    cancelledBy: { type: 'string', length: 32, nullable: true },
    closedAt: { type: new BigIntType('number'), nullable: true },
    finalStandings: { type: 'text', nullable: true },
    messageId: { type: 'string', length: 32, nullable: true },
  },
});
