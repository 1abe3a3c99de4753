/** claude/model-alias: a pre-4.6 floating alias, whose model changes when a new snapshot ships. */
import type { Finding, LiteralContext, ModelLiteral } from '../types';
import { ruleDocsUrl } from './docs';
import { modelLiteralRule } from './modelLiteralRule';
import { literalFinding, replacementFixes, replacementText, seeThroughPlatform } from './replacements';

export const modelAliasRule = modelLiteralRule({
  id: 'claude/model-alias',
  defaultSeverity: 'warning',
  description: 'A pre-4.6 model alias (such as claude-haiku-4-5) floats to the newest snapshot: pin the dated snapshot.',
  fullDescription:
    'Before the 4.6 generation, a model name without a date (claude-haiku-4-5, claude-opus-4-5) is an alias that Anthropic moves to each new snapshot, so behaviour, cost and limits can change without a code change. Pin the dated snapshot it points to today. From 4.6 on, undated IDs such as claude-opus-5 are pinned snapshots and are not flagged.',
  docsUrl: ruleDocsUrl('model-alias'),
  checkLiteral(literal: ModelLiteral, context: LiteralContext): Finding | undefined {
    const { judgement, platform } = seeThroughPlatform(context.judgement);
    if (judgement.kind !== 'alias' || literal.role === 'comparison') return undefined; // only a retired ID makes a comparison dead
    const fixes = replacementFixes(literal, [{ id: judgement.target }], platform, 'Pin to');
    const pin = (fixes[0] ? replacementText(fixes[0]) : undefined) ?? judgement.target;
    return literalFinding(literal, {
      ruleId: 'claude/model-alias',
      severity: 'warning',
      message: `${literal.model} is an alias that moves to each new snapshot (today ${judgement.target}), so the model can change under you. Pin ${pin}.`,
      replacement: (fixes[0] ? replacementText(fixes[0]) : undefined) ?? null,
      fixes,
    });
  },
});
