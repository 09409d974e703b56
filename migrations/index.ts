/**
 * The index of the core's schema migrations, for the CLI and for readers looking for them at the top of the tree.
 * They live in `src/core/db/migrations/` so that the core never imports from outside `src/`; each built-in
 * plugin's migrations live in its own folder (`src/plugins/<name>/migrations/`) and are named by its definition.
 */
export { coreMigrations } from '../src/core/db/migrations/index.ts';
