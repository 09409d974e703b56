import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** Append-only: every change of a bet's state, with who and when. Nothing updates or deletes these rows. */
export interface BetAudit {
  id: number;
  guildId: string;
  betId: number;
  actorId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  details: Record<string, unknown> | null;
  at: number;
}

export const BetAuditSchema = new EntitySchema<BetAudit>({
  name: 'BettingBetAudit',
  tableName: 'betting_bet_audit',
  indexes: [{ name: 'betting_bet_audit_bet_index', properties: ['betId'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    betId: { type: 'integer' },
    actorId: { type: 'string', length: 32 },
    action: { type: 'string', length: 32 },
    fromStatus: { type: 'string', length: 16, nullable: true },
    toStatus: { type: 'string', length: 16 },
    details: { type: 'json', nullable: true },
    at: { type: new BigIntType('number') },
  },
});
