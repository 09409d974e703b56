/**
 * `npm run sdk`: regenerates the SDK's OpenAPI document (packages/sdk/openapi.json) and its types
 * (packages/sdk/src/schema.d.ts) from the routes the plugins of plugins.config.ts declare. Run it after changing a
 * route; test/packages/sdk-fresh.test.ts fails while the committed files are behind.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { deploymentDocument, SDK_FILES, sdkSources } from './sdk/sources.ts';

const sources = await sdkSources(await deploymentDocument());
for (const [file, text] of [[SDK_FILES.document, sources.document], [SDK_FILES.schema, sources.schema]] as const) {
  const before = await readFile(file, 'utf8').catch(() => null);
  await writeFile(file, text);
  process.stdout.write(`${relative(process.cwd(), file)}: ${before === text ? 'unchanged' : 'written'}\n`);
}
