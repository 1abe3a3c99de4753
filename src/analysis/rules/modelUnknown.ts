/** claude/model-unknown: a Claude-looking ID that never existed, so every request fails. */
import type { Finding, LiteralContext, ModelLiteral } from '../types';
import { ruleDocsUrl } from './docs';
import { modelLiteralRule } from './modelLiteralRule';
import { listOf, literalFinding, platformName, replacementFixes, replacementText, seeThroughPlatform, type Platform } from './replacements';

/** How many "did you mean" IDs a message names at most (the fixes offer all of them). */
const namedSuggestions = 3;

export const modelUnknownRule = modelLiteralRule({
  id: 'claude/model-unknown',
  defaultSeverity: 'error',
  description: 'A model ID that never existed (a typo or an invented name): every request with it fails with 404 not_found_error.',
  fullDescription:
    'The string looks like a Claude model ID but no such model ever existed (for example claude-haiku-4-20250514 or claude-sonnet-latest), so every request fails with 404 not_found_error. The message names the ID you most likely meant; the fixes replace it with usable IDs.',
  docsUrl: ruleDocsUrl('model-unknown'),
  checkLiteral(literal: ModelLiteral, context: LiteralContext): Finding | undefined {
    const { judgement, platform } = seeThroughPlatform(context.judgement);
    if (judgement.kind !== 'unknown' || literal.role === 'comparison') return undefined; // only a retired ID makes a comparison dead
    const fixes = replacementFixes(literal, judgement.suggestions.map((id) => ({ id })), platform);
    return literalFinding(literal, {
      ruleId: 'claude/model-unknown',
      severity: 'error',
      message: `${literal.model} is not a Claude model ID; requests fail with 404 not_found_error.${didYouMean(judgement.closest, judgement.suggestions, platform, fixes.length > 0)}`,
      replacement: (fixes[0] ? replacementText(fixes[0]) : undefined) ?? null,
      fixes,
    });
  },
});

/**
 * "Did you mean X?" names what the writer most likely meant; when that ID is not among the usable
 * suggestions (it may be retired), the suggestions follow.
 */
function didYouMean(closest: string | undefined, suggestions: string[], platform: Platform | undefined, hasFixes: boolean): string {
  const platformNote = platform && !hasFixes ? ` (look up its ${platformName(platform)} ID)` : '';
  if (closest && suggestions.includes(closest)) return ` Did you mean ${closest}?${platformNote}`;
  const named = suggestions.slice(0, namedSuggestions);
  if (closest && named.length > 0) return ` Did you mean ${closest}? For a model that is still served, use ${listOf(named)}${platformNote}.`;
  if (closest) return ` Did you mean ${closest}?`;
  if (named.length > 0) return ` Did you mean ${listOf(named)}?${platformNote}`;
  return ' Pick an ID from the Models API list (GET /v1/models).';
}
