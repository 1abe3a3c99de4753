/** claude/model-retired: a model past its end of life; every request fails. */
import type { Finding, ModelLiteral, Rule, RuleContext } from '../types';
import { ruleDocsUrl } from './docs';
import { outgoingAdvice } from './lifecycleFixes';
import { seeThroughPlatform } from './replacements';

export const modelRetiredRule: Rule = {
  id: 'claude/model-retired',
  defaultSeverity: 'error',
  description: 'A retired model: every request with it fails with 404 not_found_error. Names the replacement.',
  fullDescription:
    'The model has reached its end of life: every request with it fails with 404 not_found_error. The message names the replacement; the fixes switch to it or to the newest model of the same line. Bedrock and Vertex AI IDs of a retired model are retired too.',
  docsUrl: ruleDocsUrl('model-retired'),
  check(literal: ModelLiteral, context: RuleContext): Finding | undefined {
    const { judgement, platform } = seeThroughPlatform(context.judgement);
    if (judgement.kind !== 'retired') return undefined;
    const { fixes, sentence } = outgoingAdvice(literal, judgement.model, judgement.replacement, platform, context);
    return {
      ruleId: 'claude/model-retired',
      severity: 'error',
      message: `${literal.model} ${judgement.retiredAt ? `was retired on ${judgement.retiredAt}` : 'is retired'}; requests fail with 404 not_found_error.${sentence}`,
      literal,
      replacement: fixes[0]?.newText ?? null,
      fixes,
    };
  },
};
