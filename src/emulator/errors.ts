/**
 * Thrown by the emulator's driving methods (runCommand, pressButton, ...) when the test asked for
 * something that could not happen on real Discord: an unknown command or option, a wrong option
 * type, an unknown user/guild/channel, a component that is not on the message, etc.
 * The message says what was wrong and what exists, so the test can be fixed without reading the emulator.
 */
export class EmulatorInputError extends Error {
  override readonly name = 'EmulatorInputError';
}

/**
 * Thrown (as a rejection) when the bot did not answer an interaction in time: either it never
 * acknowledged it within Discord's acknowledgement deadline, or a deferred response was never completed.
 */
export class EmulatorTimeoutError extends Error {
  override readonly name = 'EmulatorTimeoutError';
}

/** An error answered to the bot over REST, shaped like Discord's JSON error body. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }
}
