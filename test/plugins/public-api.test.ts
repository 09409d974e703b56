import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import { UnderscoreNamingStrategy } from '@mikro-orm/core';
import type { PluginDefinition } from '../../src/core/plugins/types.ts';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });

test('built-in plugins use only the public API (dbsbm), never the core directly: no back doors', (t) => {
  const offenders = files('src/plugins').filter((f) => /from ['"][./]*\/core\//.test(readFileSync(f, 'utf8')) || /from ['"]\.\.\/\.\.\/(\.\.\/)?index\.ts['"]/.test(readFileSync(f, 'utf8')));
  t.deepEqual(offenders, []);
});

/** Each built-in plugin's folder, by plugin name, with the tables its definition's entities own. */
async function builtInPlugins(): Promise<{ name: string; dir: string; tables: string[] }[]> {
  const naming = new UnderscoreNamingStrategy();
  return Promise.all(
    readdirSync('src/plugins')
      .filter((name) => statSync(join('src/plugins', name)).isDirectory())
      .map(async (folder) => {
        const dir = join('src/plugins', folder);
        const definition = ((await import(pathToFileURL(resolve(dir, 'index.ts')).href)) as { default: PluginDefinition }).default;
        // A schema without a tableName gets its table from the ORM's naming strategy, as MikroORM names it.
        const tables = (definition.entities ?? []).map((schema) => schema.meta.tableName ?? naming.classToTableName(schema.meta.className));
        return { name: definition.name, dir, tables };
      }),
  );
}

/** The source without its comments, so that a table named in a "why" comment is not mistaken for SQL. */
const withoutComments = (source: string): string => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

test('no file in a plugin’s folder names another plugin’s table: read it through what that plugin provides', async (t) => {
  const plugins = await builtInPlugins();
  // Tables come from the definitions, not a prefix: `betting_patterns` is analytics' own seed table.
  const owner = (table: string): string | undefined => plugins.find((p) => p.tables.includes(table))?.name;
  t.is(owner('betting_bets'), 'betting');
  t.is(owner('betting_patterns'), 'analytics');
  const offenders: string[] = [];
  for (const plugin of plugins) {
    const foreign = plugins.filter((other) => other !== plugin).flatMap((other) => other.tables.map((table) => ({ table, owner: other.name })));
    for (const file of files(plugin.dir)) {
      const source = withoutComments(readFileSync(file, 'utf8'));
      for (const { table, owner } of foreign) {
        if (new RegExp(`\\b${table}\\b`).test(source)) offenders.push(`${relative('.', file)} names ${owner}'s table ${table}`);
      }
    }
  }
  t.deepEqual(offenders, []);
});

test('no plugin imports Sapphire’s global container: the Discord client comes through ctx.discord', (t) => {
  const importsContainer = /import\s+(?:type\s+)?\{[^}]*\bcontainer\b[^}]*\}\s*from\s*['"]@sapphire\/framework['"]/;
  const offenders = files('src/plugins').filter((f) => importsContainer.test(readFileSync(f, 'utf8')));
  t.deepEqual(offenders, []);
});
