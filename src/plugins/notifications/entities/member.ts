import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** Members who chose notifications in a server: the audience of an admin's custom notification. */
export interface MemberRow {
  guildId: string;
  userId: string;
  joinedAt: number;
}

export const MemberSchema = new EntitySchema<MemberRow>({
  name: 'NotificationMember',
  tableName: 'notification_members',
  properties: {
    guildId: { type: 'string', length: 32, primary: true },
    userId: { type: 'string', length: 32, primary: true },
    joinedAt: { type: new BigIntType('number') },
  },
});
