/** Codes of the errors the plugin manager raises; each is documented in docs/plugin-authors.md. */
export const PluginErrorCodes = {
  PLUGIN_INVALID: 'PLUGIN_INVALID',
  PLUGIN_DUPLICATE: 'PLUGIN_DUPLICATE',
  PLUGIN_API_MISMATCH: 'PLUGIN_API_MISMATCH',
  PLUGIN_DEPENDENCY_MISSING: 'PLUGIN_DEPENDENCY_MISSING',
  PLUGIN_DEPENDENCY_CYCLE: 'PLUGIN_DEPENDENCY_CYCLE',
  PLUGIN_OPTIONS_INVALID: 'PLUGIN_OPTIONS_INVALID',
  PLUGIN_SETUP_FAILED: 'PLUGIN_SETUP_FAILED',
  PLUGIN_SETUP_TIMEOUT: 'PLUGIN_SETUP_TIMEOUT',
  PLUGIN_LOAD_FAILED: 'PLUGIN_LOAD_FAILED',
  PLUGIN_SERVICE_NOT_REQUIRED: 'PLUGIN_SERVICE_NOT_REQUIRED',
  PLUGIN_SERVICE_MISSING: 'PLUGIN_SERVICE_MISSING',
  PLUGIN_EVENT_UNDECLARED: 'PLUGIN_EVENT_UNDECLARED',
  PLUGIN_REFUSAL_DUPLICATE: 'PLUGIN_REFUSAL_DUPLICATE',
  PLUGIN_API_GUARD_TAKEN: 'PLUGIN_API_GUARD_TAKEN',
  PLUGIN_ENDPOINT_INVALID: 'PLUGIN_ENDPOINT_INVALID',
} as const;

export type PluginErrorCode = (typeof PluginErrorCodes)[keyof typeof PluginErrorCodes];

/** A plugin broke the contract (at start, or when it calls the core wrongly); the message names the plugin and says what to do. */
export class PluginError extends Error {
  constructor(
    readonly code: PluginErrorCode,
    readonly plugin: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[${code}] plugin "${plugin}": ${message}`, options);
    this.name = 'PluginError';
  }
}
