/**
 * The testkit for plugin authors: run your plugin against the real core and the real discord.js client, with a
 * Discord emulator instead of Discord. Import it as `dbsbm/testkit`.
 * @packageDocumentation
 */
export { createTestBot, type Actor, type TestBot, type TestBotOptions } from './test-bot.ts';
export { createTestDatabase, type TestDatabase } from './database.ts';
export { DEMO, type DemoUser } from '../core/local/demo-world.ts';
export {
  startEmulator,
  Emulator,
  EmulatorInputError,
  EmulatorTimeoutError,
  type EmulatedMessage,
  type EmulatorOptions,
  type InteractionResult,
} from '../emulator/index.ts';
