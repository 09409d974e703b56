import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';

const GONE = new Set<number>([RESTJSONErrorCodes.UnknownMessage, RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.MissingAccess]);

/** Whether Discord answered that the message or its channel is gone (deleted, or the bot lost access): stop editing it. */
export const isGone = (err: unknown): boolean => err instanceof DiscordAPIError && GONE.has(Number(err.code));
