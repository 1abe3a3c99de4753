/**
 * The model fallback chain on overload: the model a call names, then the newest current model of each lower
 * tier (opus -> sonnet -> haiku), from the catalog on a given day. Pure.
 */
import type { CatalogSource, ModelInfo } from '../../models/types';

/** What the chain needs of a catalog: `ModelCatalog` fits, and so does a rule's context (retryFixes.ts). */
export interface ChainCatalog {
  readonly source: CatalogSource;
  info(id: string): ModelInfo | undefined;
  newestOfLine(line: string, day?: string): ModelInfo | undefined;
}

/** Tiers from the most to the least capable; a fallback goes down, never up. */
const TIERS = ['opus', 'sonnet', 'haiku'] as const;

export interface FallbackChain {
  /** The models to try in order, the call's own first; just the call's own when there is nothing lower. */
  models: string[];
  /** Why the chain has no fallback, when it has none. */
  reason?: 'lowest-tier' | 'unknown-line';
}

/**
 * The chain for `model` on `day` (default: the catalog's date). A model of a line outside the tiers
 * (fable, mythos, unknown) gets no fallback: we cannot rank it. Platform spellings are not handled here.
 */
export function fallbackChain(catalog: ChainCatalog, model: string, day: string = catalog.source.asOf): FallbackChain {
  const line = catalog.info(model)?.line;
  const tier = TIERS.findIndex((t) => t === line);
  if (tier < 0) return { models: [model], reason: 'unknown-line' };
  const lower = TIERS.slice(tier + 1)
    .map((t) => catalog.newestOfLine(t, day))
    .filter((info) => info !== undefined)
    .map((info) => info.aliasOf ?? info.id);
  const models = [model, ...lower.filter((id) => id !== model)];
  return models.length > 1 ? { models } : { models, reason: 'lowest-tier' };
}
