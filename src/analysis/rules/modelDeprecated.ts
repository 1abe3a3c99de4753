/** claude/model-deprecated: a model still served until its end-of-life date. */
import type { Finding, LiteralContext, ModelLiteral, Severity } from '../types';
import { ruleDocsUrl } from './docs';
import { modelLiteralRule } from './modelLiteralRule';
import { outgoingAdvice } from './lifecycleFixes';
import { literalFinding, platformName, replacementText, seeThroughPlatform } from './replacements';

/** From this many days before end of life on, a deprecated model is an error: the code is about to break. */
export const deprecationErrorDays = 14;

export const modelDeprecatedRule = modelLiteralRule({
  id: 'claude/model-deprecated',
  defaultSeverity: 'warning',
  description: `A deprecated model: still served until its end-of-life date, then every request fails (an error in the last ${deprecationErrorDays} days).`,
  fullDescription:
    `The model is deprecated: it still answers until its end-of-life date, then every request fails with 404 not_found_error. The message gives the date and the days left, and becomes an error in the last ${deprecationErrorDays} days. The fixes switch to the named replacement or to the newest model of the same line. For a Bedrock or Vertex AI ID the first-party date is given as such and the finding stays a warning: those platforms retire on their own schedules.`,
  docsUrl: ruleDocsUrl('model-deprecated'),
  checkLiteral(literal: ModelLiteral, context: LiteralContext): Finding | undefined {
    const { judgement, platform } = seeThroughPlatform(context.judgement);
    if (judgement.kind !== 'deprecated' || literal.role === 'comparison') return undefined; // a comparison with a served model is fine
    const { fixes, sentence } = outgoingAdvice(literal, judgement.model, judgement.replacement, platform, context);
    const due = judgement.overdue || judgement.daysLeft <= deprecationErrorDays;
    // Bedrock and Vertex AI keep their own dates: the first-party deadline is context there, never an error.
    const severity: Severity = due && !platform ? 'error' : 'warning';
    const onPlatform = platform
      ? ` on the first-party Claude API; ${platformName(platform)} retires models on its own schedule, so its date may differ`
      : '';
    return literalFinding(literal, {
      ruleId: 'claude/model-deprecated',
      severity,
      message: `${literal.model} ${deadline(judgement.retiresAt, judgement.daysLeft, judgement.overdue === true)}${onPlatform}.${sentence}`,
      replacement: (fixes[0] ? replacementText(fixes[0]) : undefined) ?? null,
      fixes,
      ...(platform && { severityCeiling: 'warning' as const }),
    });
  },
});

/** "is deprecated: end of life 2026-11-30 (8 days left), then …", or the overdue or undated variant. */
function deadline(retiresAt: string, daysLeft: number, overdue: boolean): string {
  const fails = 'requests fail with 404 not_found_error';
  if (retiresAt === '') return `is deprecated: no end-of-life date is known yet; after it, ${fails}`;
  if (overdue || daysLeft < 0) return `is deprecated and past its end of life (${retiresAt}): it can stop answering any day, then ${fails}`;
  const left = daysLeft === 0 ? 'today' : daysLeft === 1 ? '1 day left' : `${daysLeft} days left`;
  return `is deprecated: end of life ${retiresAt} (${left}), then ${fails}`;
}
