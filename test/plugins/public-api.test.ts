import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });

test('built-in plugins use only the public API (dbsbm), never the core directly: no back doors', (t) => {
  const offenders = files('src/plugins').filter((f) => /from ['"][./]*\/core\//.test(readFileSync(f, 'utf8')) || /from ['"]\.\.\/\.\.\/(\.\.\/)?index\.ts['"]/.test(readFileSync(f, 'utf8')));
  t.deepEqual(offenders, []);
});
