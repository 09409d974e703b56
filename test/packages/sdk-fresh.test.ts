import test from 'ava';
import { readFile } from 'node:fs/promises';
import { deploymentDocument, SDK_FILES, sdkSources } from '../../scripts/sdk/sources.ts';

/** The operations (`GET /api/v1/…`) of a document, each with its JSON, to say which ones differ. */
function operationsOf(json: string): Map<string, string> {
  const out = new Map<string, string>();
  let doc: { paths?: Record<string, Record<string, unknown>> };
  try {
    doc = JSON.parse(json) as typeof doc;
  } catch {
    return out;
  }
  for (const [path, item] of Object.entries(doc.paths ?? {})) for (const [method, op] of Object.entries(item)) out.set(`${method.toUpperCase()} ${path}`, JSON.stringify(op));
  return out;
}

/** A short account of how the committed document differs from the routes: operations added, gone, changed. */
function documentDifference(committed: string, fresh: string): string {
  const before = operationsOf(committed);
  const after = operationsOf(fresh);
  const added = [...after.keys()].filter((k) => !before.has(k));
  const gone = [...before.keys()].filter((k) => !after.has(k));
  const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k));
  const parts = [added.length ? `new: ${added.join(', ')}` : '', gone.length ? `gone: ${gone.join(', ')}` : '', changed.length ? `changed: ${changed.join(', ')}` : ''].filter(Boolean);
  return parts.length ? parts.join('; ') : 'the shared parts (info, components) differ';
}

/** The first line two texts differ on. */
function firstDifference(committed: string, fresh: string): string {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '(end of file)')}, generated ${JSON.stringify(b[at] ?? '(end of file)')}`;
}

const read = (file: string): Promise<string> => readFile(file, 'utf8').catch(() => '');

test('the committed SDK (packages/sdk/openapi.json and src/schema.d.ts) matches the routes: run npm run sdk when this fails', async (t) => {
  const fresh = await sdkSources(await deploymentDocument());
  const committed = { document: await read(SDK_FILES.document), schema: await read(SDK_FILES.schema) };
  t.true(committed.document === fresh.document, `packages/sdk/openapi.json is not what the routes describe (${documentDifference(committed.document, fresh.document)}): run npm run sdk and commit the result`);
  t.true(committed.schema === fresh.schema, `packages/sdk/src/schema.d.ts is not what the document gives (${firstDifference(committed.schema, fresh.schema)}): run npm run sdk and commit the result`);
});
