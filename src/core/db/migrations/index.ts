import core from './Migration20261124000000_core.ts';

/** The core's migrations, in order. Built-in plugins declare theirs in their own definitions. */
export const coreMigrations = [core];
