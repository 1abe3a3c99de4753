/** Replacement fixes shared by claude/model-deprecated and claude/model-retired. Pure: no `vscode` import. */
import type { ModelInfo } from '../../models/types';
import type { Fix, LiteralContext, ModelLiteral } from '../types';
import { distinctCandidates, lineName, replacementFixes, useSentence, type Candidate, type Platform } from './replacements';

/** The fixes for an outgoing model and the sentence naming them. */
export interface OutgoingAdvice {
  fixes: Fix[];
  /** " Use X." (or empty when nothing can be suggested). */
  sentence: string;
}

/**
 * The named replacement first (preferred), then the newest model of the same line when it differs:
 * a retiring Sonnet is offered its successor and the newest Sonnet.
 */
export function outgoingAdvice(
  literal: ModelLiteral,
  model: ModelInfo,
  replacement: string | undefined,
  platform: Platform | undefined,
  context: LiteralContext,
): OutgoingAdvice {
  const newest = model.line ? context.newestOfLine(model.line) : undefined;
  const candidates: Candidate[] = distinctCandidates(
    [replacement ? { id: replacement } : undefined, newest && model.line ? { id: newest.id, note: `newest ${lineName(model.line)}` } : undefined],
    model.id,
  );
  const fixes = replacementFixes(literal, candidates, platform);
  // The sentence names the preferred choice only; the quick-fix menu lists the rest.
  return { fixes, sentence: useSentence(candidates.slice(0, 1).map((c) => c.id), platform, fixes.slice(0, 1)) };
}
