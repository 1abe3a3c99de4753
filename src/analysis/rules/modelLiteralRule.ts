/**
 * The four model rules judge one model literal at a time: this turns such a check into a `Rule` over a
 * file's usage (each reported literal judged once per ID by the run's context). Pure: no `vscode` import.
 */
import type { Finding, LiteralContext, ModelLiteral, ModelRule, Rule } from '../types';
import type { FileUsage } from '../usage/types';

/** A rule over the usage's model literals, from its per-literal check. */
export function modelLiteralRule(spec: Omit<ModelRule, 'check'>): ModelRule {
  return {
    ...spec,
    check(usage: FileUsage, context): Finding[] {
      const findings: Finding[] = [];
      for (const literal of usage.modelLiterals) {
        const judgement = context.judge(literal.model);
        if (!judgement) continue;
        const literalContext: LiteralContext = { judgement, asOf: context.asOf, newestOfLine: context.newestOfLine, catalog: context.catalog };
        const finding = checkSafely(spec, literal, literalContext);
        if (finding) findings.push(finding);
      }
      return findings;
    },
  };
}

function checkSafely(rule: Pick<ModelRule, 'checkLiteral'>, literal: ModelLiteral, context: LiteralContext): Finding | undefined {
  try {
    return rule.checkLiteral(literal, context);
  } catch {
    return undefined; // one literal a rule cannot judge must not hide its other findings
  }
}

export type { Rule };
