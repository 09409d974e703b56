// @ts-check
/**
 * Lint the boundaries, not the style: which folder may import which (lint/boundaries.js) and no import cycles in
 * src/. `npm test` runs it before ava; `npm run lint` runs it alone.
 */
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import boundaries from './lint/boundaries.js';

export default tseslint.config(
  { ignores: ['data/**', 'coverage/**', 'scratch/**', '**/node_modules/**', 'assets/**'] },
  {
    files: ['**/*.ts', '**/*.js'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    // typescript-eslint's rules are registered (not enabled) so that the tree's `eslint-disable` comments for them
    // resolve; its recommended set would report 14 style findings today, which is a cleanup of its own.
    plugins: { dbsbm: boundaries, '@typescript-eslint': tseslint.plugin },
    rules: { 'dbsbm/boundaries': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Parse the imported .ts files too (the rule follows imports through them), resolving as Node does.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver()],
    },
    // Type-only imports are skipped by the rule: they vanish at run time and cannot form a load-order loop.
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // An embed built with discord.js's EmbedBuilder throws on text past Discord's limits (a long name a member typed
    // became "Something went wrong"); plugins build theirs with dbsbm's safeEmbed(), which clips instead.
    files: ['src/plugins/**/*.ts', 'examples/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='EmbedBuilder']", message: "Build embeds with safeEmbed() from 'dbsbm': it clips to Discord's limits instead of throwing." },
      ],
    },
  },
);
