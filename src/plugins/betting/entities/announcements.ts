import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** A message showing a bet slip (the `/bet place` reply, or its copy in the server's slips channel), edited when the bet settles. */
export interface SlipMessage {
  betId: number;
  messageId: string;
  channelId: string;
  guildId: string;
  postedAt: number;
}

export const SlipMessageSchema = new EntitySchema<SlipMessage>({
  name: 'BettingSlipMessage',
  tableName: 'betting_slip_messages',
  properties: {
    betId: { type: 'integer', primary: true },
    messageId: { type: 'string', length: 32, primary: true },
    channelId: { type: 'string', length: 32 },
    guildId: { type: 'string', length: 32 },
    postedAt: { type: new BigIntType('number') },
  },
});

/** The results message of one game in one server: one per game and server, edited (never posted again) on a redelivery. */
export interface ResultPost {
  guildId: string;
  gameId: number;
  channelId: string;
  messageId: string;
  postedAt: number;
}

export const ResultPostSchema = new EntitySchema<ResultPost>({
  name: 'BettingResultPost',
  tableName: 'betting_result_posts',
  properties: {
    guildId: { type: 'string', length: 32, primary: true },
    gameId: { type: 'integer', primary: true },
    channelId: { type: 'string', length: 32 },
    messageId: { type: 'string', length: 32 },
    postedAt: { type: new BigIntType('number') },
  },
});
