/** Gateway intents the emulator filters dispatches by (values of Discord's GatewayIntentBits). */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
} as const;

/** Message flag bits the emulator acts on. */
export const MessageFlag = { Ephemeral: 1 << 6, Loading: 1 << 7 } as const;
