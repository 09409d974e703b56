import test from 'ava';
import { CommunityModelsUnavailable, loadCommunityModels } from '../../../../src/plugins/ml/cli/community-loader.ts';

test('a missing community module is a clear, named error', async (t) => {
  const err = await t.throwsAsync(loadCommunityModels(new URL('./no-such-module.ts', import.meta.url)));
  t.true(err instanceof CommunityModelsUnavailable);
  t.regex(err?.message ?? '', /community models are not available: .*no-such-module\.ts/);
});

test('a module without the expected export is refused', async (t) => {
  // This test file exports nothing called communityModels.
  const err = await t.throwsAsync(loadCommunityModels(new URL(import.meta.url)));
  t.true(err instanceof CommunityModelsUnavailable);
  t.regex(err?.message ?? '', /does not export communityModels/);
});
