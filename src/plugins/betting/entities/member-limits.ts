import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * A member's own limits in one server. A raised limit waits in `pending*` until `pendingFrom` (24 hours), a
 * lowered one applies at once.
 */
export interface MemberLimits {
  guildId: string;
  userId: string;
  dailyUnits: number | null;
  weeklyUnits: number | null;
  pendingDailyUnits: number | null;
  pendingWeeklyUnits: number | null;
  pendingFrom: number | null;
  coolingOffUntil: number | null;
  selfExcluded: boolean;
  updatedAt: number;
}

export const MemberLimitsSchema = new EntitySchema<MemberLimits>({
  name: 'BettingMemberLimits',
  tableName: 'betting_member_limits',
  properties: {
    guildId: { type: 'string', length: 32, primary: true },
    userId: { type: 'string', length: 32, primary: true },
    dailyUnits: { type: 'double', nullable: true },
    weeklyUnits: { type: 'double', nullable: true },
    pendingDailyUnits: { type: 'double', nullable: true },
    pendingWeeklyUnits: { type: 'double', nullable: true },
    pendingFrom: { type: new BigIntType('number'), nullable: true },
    coolingOffUntil: { type: new BigIntType('number'), nullable: true },
    selfExcluded: { type: 'boolean', default: false },
    updatedAt: { type: new BigIntType('number') },
  },
});
