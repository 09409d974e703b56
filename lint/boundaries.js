// @ts-check
/**
 * The import boundaries of the tree, as one ESLint rule (`dbsbm/boundaries`).
 *
 * - A file under `src/plugins/<name>/` imports only `dbsbm` (and `dbsbm/*`), its own plugin's files, node
 *   builtins and npm packages: never another plugin's folder, the core, the emulator, the testkit or
 *   `src/index.ts` by relative path. A built-in plugin gets exactly what a third-party plugin gets.
 * - `src/core/` never imports a plugin, the testkit or the package's own surface (`src/index.ts`, `dbsbm`):
 *   the surface re-exports the core, so importing it back is a loop.
 * - `src/emulator/` stands alone (npm packages only), so local mode and the testkit can both use it.
 *
 * Why a rule of our own rather than `import-x/no-restricted-paths`: the boundaries are about where a path
 * points, which is known from the text alone, so this rule resolves relative specifiers lexically. It works for
 * a file that does not exist yet (a planted violation in a test) and is not fooled by `dbsbm`, which the
 * resolver follows through its `file:.` symlink to `src/index.ts`.
 */
import path from 'node:path';

/** The repository root: this file lives in `<root>/lint/`. */
const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');

/** @param {string} file @param {string} dir */
const isInside = (file, dir) => file === dir || file.startsWith(dir + path.sep);

/** @param {string} file the importing file, absolute */
function area(file) {
  const rel = path.relative(SRC, file).split(path.sep);
  if (rel[0] === '..' || path.isAbsolute(rel[0] ?? '')) return undefined;
  if (rel[0] === 'plugins' && rel.length > 2) return { kind: 'plugin', dir: path.join(SRC, 'plugins', rel[1] ?? ''), name: rel[1] };
  if (rel[0] === 'core') return { kind: 'core', dir: path.join(SRC, 'core') };
  if (rel[0] === 'emulator') return { kind: 'emulator', dir: path.join(SRC, 'emulator') };
  return undefined;
}

/** @param {string} specifier */
const isRelative = (specifier) => specifier.startsWith('.') || path.isAbsolute(specifier);
/** @param {string} specifier */
const isOwnPackage = (specifier) => specifier === 'dbsbm' || specifier.startsWith('dbsbm/');

/**
 * Why `specifier`, imported from `file`, crosses a boundary, or undefined when it does not.
 * @param {string} file absolute path of the importing file
 * @param {string} specifier the import's source text
 * @returns {string | undefined}
 */
export function boundaryViolation(file, specifier) {
  const where = area(file);
  if (!where) return undefined;
  if (!isRelative(specifier)) {
    if (isOwnPackage(specifier) && where.kind !== 'plugin') {
      return `src/${where.kind} must not import '${specifier}': the package surface re-exports it, so that is an import loop.`;
    }
    return undefined;
  }
  const target = path.resolve(path.dirname(file), specifier);
  const shown = path.relative(ROOT, target);
  if (where.kind === 'plugin') {
    if (isInside(target, where.dir)) return undefined;
    return `Plugin '${where.name}' imports ${shown}: a plugin imports only 'dbsbm' (or 'dbsbm/…'), its own files and npm packages. Reach another plugin through ctx.use(…).`;
  }
  if (where.kind === 'core') {
    if (isInside(target, path.join(SRC, 'plugins'))) return `The core imports ${shown}: the core never imports a plugin.`;
    if (isInside(target, path.join(SRC, 'testkit'))) return `The core imports ${shown}: the core never imports the testkit (the emulator is in src/emulator/).`;
    if (target === path.join(SRC, 'index.ts')) return `The core imports ${shown}: the package surface re-exports the core, so that is an import loop.`;
    return undefined;
  }
  if (!isInside(target, where.dir)) return `The emulator imports ${shown}: src/emulator/ uses npm packages only.`;
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Plugins, the core and the emulator import only across the boundaries the design allows.' },
    schema: [],
  },
  create(context) {
    /** @param {import('estree').Node & { source?: unknown }} node */
    const check = (node) => {
      const source = /** @type {{ type: string, value?: unknown } | null | undefined} */ (node.source);
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const message = boundaryViolation(context.filename, source.value);
      if (message) context.report({ node, message });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
      // `typeof import('../x.ts')` in a type position
      TSImportType: check,
    };
  },
};

/** The local plugin that carries the rule, for `eslint.config.js`. */
export default { meta: { name: 'dbsbm-boundaries' }, rules: { boundaries: rule } };
