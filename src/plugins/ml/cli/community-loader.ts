import { z } from 'zod';
import type { CommunityModelName } from './args.ts';
import { COMMUNITY_MODELS } from './args.ts';

/** The community module's training entry point (the shape its `index.ts` exports; checked at load). */
export interface CommunityModelSpec {
  name: CommunityModelName;
  train(opts: {
    seed: number;
    onProgress?: (done: number, total: number) => void;
  }): Promise<{ artefact: unknown; metrics: Record<string, number> }>;
}

/** The community models could not be loaded; names which, so the football models can still run. */
export class CommunityModelsUnavailable extends Error {
  override readonly name = 'CommunityModelsUnavailable';
}

const moduleSchema = z.object({
  communityModels: z.array(
    z.object({
      name: z.enum(COMMUNITY_MODELS),
      train: z.custom<CommunityModelSpec['train']>((v) => typeof v === 'function', 'train must be a function'),
    }),
  ),
});

const MODULE_URL = new URL('../models/community/index.ts', import.meta.url);

/**
 * Imports `src/plugins/ml/models/community/index.ts` at run time (it is written separately and may be
 * absent in a partial checkout) and checks its `communityModels` export.
 *
 * @param url - the module (default: the community index; tests point it elsewhere)
 * @throws CommunityModelsUnavailable when the module is missing or does not export the expected shape
 */
export async function loadCommunityModels(url: URL = MODULE_URL): Promise<CommunityModelSpec[]> {
  let mod: unknown;
  try {
    // A computed specifier: the import is resolved only when a community model is asked for.
    mod = await import(url.href);
  } catch (cause) {
    const missing = cause instanceof Error && 'code' in cause && cause.code === 'ERR_MODULE_NOT_FOUND';
    throw new CommunityModelsUnavailable(
      missing
        ? `community models are not available: ${url.pathname} (or a module it imports) is missing`
        : `community models failed to load: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  const parsed = moduleSchema.safeParse(mod);
  if (!parsed.success) {
    throw new CommunityModelsUnavailable(
      `community models are not available: ${url.pathname} does not export communityModels as expected`,
    );
  }
  return parsed.data.communityModels;
}
