/** claude/model-retired: a model past its end of life; every request fails. */
import type { ModelInfo } from '../../models/types';
import type { Finding, LiteralContext, ModelLiteral } from '../types';
import { ruleDocsUrl } from './docs';
import { modelLiteralRule } from './modelLiteralRule';
import { outgoingAdvice } from './lifecycleFixes';
import { literalFinding, platformName, replacementText, seeThroughPlatform } from './replacements';

export const modelRetiredRule = modelLiteralRule({
  id: 'claude/model-retired',
  defaultSeverity: 'error',
  description: 'A retired model: every request with it fails with 404 not_found_error. Names the replacement.',
  fullDescription:
    'The model has reached its end of life: every request with it fails with 404 not_found_error. The message names the replacement; the fixes switch to it or to the newest model of the same line. A Bedrock or Vertex AI ID is a warning that says when the first-party API retired the model: those platforms retire on their own schedules. An equality comparison with a retired ID is an info without a fix: the branch it picks can never be served.',
  docsUrl: ruleDocsUrl('model-retired'),
  checkLiteral(literal: ModelLiteral, context: LiteralContext): Finding | undefined {
    const { judgement, platform } = seeThroughPlatform(context.judgement);
    if (judgement.kind !== 'retired') return undefined;
    const when = judgement.retiredAt ? `was retired on ${judgement.retiredAt}` : 'is retired';
    if (literal.role === 'comparison') {
      // Code that checks for the model is not broken by itself; the branch it selects is dead.
      const where = platform ? ` (on the first-party API; ${platformName(platform)} retires on its own schedule)` : '';
      return literalFinding(literal, {
        ruleId: 'claude/model-retired',
        severity: 'info',
        message: `${literal.model} ${when}${where}, so the branch this comparison picks can never be served: requests with it fail with 404 not_found_error.`,
        replacement: null,
        fixes: [],
        severityCeiling: 'info',
      });
    }
    const { fixes, sentence } = outgoingAdvice(literal, judgement.model, judgement.replacement, platform, context);
    if (platform) {
      const name = platformName(platform);
      const firstParty = judgement.retiredAt ? `on ${judgement.retiredAt}` : 'already';
      return literalFinding(literal, {
        ruleId: 'claude/model-retired',
        severity: 'warning', // the platform's own date is not known here: no error on a guess
        message: `${literal.model}: the first-party Claude API retired this model ${firstParty} (requests there fail with 404 not_found_error); ${name} retires models on its own schedule, so its date may differ.${sentence}`,
        replacement: (fixes[0] ? replacementText(fixes[0]) : undefined) ?? null,
        fixes,
        severityCeiling: 'warning',
      });
    }
    return literalFinding(literal, {
      ruleId: 'claude/model-retired',
      severity: 'error',
      message: `${literal.model} ${when}; requests fail with 404 not_found_error.${sentence}${textCompletionsNote(judgement.model)}`,
      replacement: (fixes[0] ? replacementText(fixes[0]) : undefined) ?? null,
      fixes,
    });
  },
});

/** The Claude 1.x, 2.x and Instant lines: models of the Text Completions era. */
const textCompletionsLines = new Set(['claude', 'instant']);

/** For pre-Claude 3 models, the API they were called through is gone as well: a new ID alone does not fix the call. */
function textCompletionsNote(model: ModelInfo): string {
  if (model.line === undefined || !textCompletionsLines.has(model.line)) return '';
  return ' The Text Completions API (completions.create, /v1/complete) these models were used with is gone too: move the call to the Messages API (messages.create).';
}
