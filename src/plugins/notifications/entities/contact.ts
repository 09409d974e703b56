import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** A member's e-mail address or phone number, used only once they confirmed it with the code sent to it. */
export interface ContactRow {
  userId: string;
  kind: 'email' | 'sms';
  address: string;
  verifiedAt: number | null;
  /** sha256 of the code sent for confirmation; null once confirmed. */
  codeHash: string | null;
  codeExpiresAt: number | null;
  updatedAt: number;
}

export const ContactSchema = new EntitySchema<ContactRow>({
  name: 'NotificationContact',
  tableName: 'notification_contacts',
  properties: {
    userId: { type: 'string', length: 32, primary: true },
    kind: { type: 'string', length: 8, primary: true },
    address: { type: 'string', length: 320 },
    verifiedAt: { type: new BigIntType('number'), nullable: true },
    codeHash: { type: 'string', length: 64, nullable: true },
    codeExpiresAt: { type: new BigIntType('number'), nullable: true },
    updatedAt: { type: new BigIntType('number') },
  },
});
