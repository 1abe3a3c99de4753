/**
 * Runs the rules over the model literals of one document: judge each literal once, ask every rule, then
 * apply the reporting choices (comments, suppressions, roles, severities). Pure: no `vscode` import.
 */
import type { CatalogSource, Judgement, ModelInfo } from '../models/types';
import { rules as registeredRules } from './registry';
import type { Finding, LiteralRole, ModelLiteral, Rule, RuleContext, RuleId, Severity } from './types';

/** What evaluation needs from the model catalog (the bundled or live `ModelCatalog` fits). */
export interface JudgingCatalog {
  readonly source: CatalogSource;
  judge(id: string, asOf: string): Judgement;
  /** Newest current model of a line on `day`. */
  newestOfLine(line: string, day?: string): ModelInfo | undefined;
}

/** Per-rule severity: a severity replaces the rule's own choice for all its findings; 'off' drops them. */
export type SeverityOverrides = Partial<Record<RuleId, Severity | 'off'>>;

export interface EvaluateOptions {
  catalog: JudgingCatalog;
  /** The judgement day, YYYY-MM-DD. */
  asOf: string;
  severity?: SeverityOverrides;
  /** Report literals inside comments too (default false: commented-out code is not run). */
  includeComments?: boolean;
  /** Roles reported (default `apiCall`, `constant` and `comparison`: `other` covers catalog tables and lists). */
  roles?: readonly LiteralRole[];
  /** The rules to run; the registry's by default (tests pass their own). */
  rules?: readonly Rule[];
}

/** Roles reported when the caller does not say. */
export const defaultReportedRoles: readonly LiteralRole[] = ['apiCall', 'constant', 'comparison'];

/** Findings for the literals, in literal order. Never throws: a failing judgement or rule is skipped. */
export function evaluate(literals: readonly ModelLiteral[], options: EvaluateOptions): Finding[] {
  const roles = new Set(options.roles ?? defaultReportedRoles);
  const activeRules = (options.rules ?? registeredRules).filter((rule) => options.severity?.[rule.id] !== 'off');
  const judgements = new Map<string, Judgement | undefined>(); // the same ID is often written many times
  const findings: Finding[] = [];
  for (const literal of literals) {
    if (literal.suppressed || !roles.has(literal.role)) continue;
    if (literal.inComment && !options.includeComments) continue;
    if (!judgements.has(literal.model)) judgements.set(literal.model, judgeSafely(options, literal.model));
    const judgement = judgements.get(literal.model);
    if (!judgement) continue;
    const context: RuleContext = {
      judgement,
      asOf: options.asOf,
      newestOfLine: (line) => newestOfLineSafely(options.catalog, line, options.asOf),
      catalog: options.catalog.source,
    };
    for (const rule of activeRules) {
      const finding = checkSafely(rule, literal, context);
      if (!finding) continue;
      const override = options.severity?.[rule.id];
      findings.push(override && override !== 'off' ? { ...finding, severity: atMost(override, finding.severityCeiling) } : finding);
    }
  }
  return findings;
}

const severityRank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** `severity`, lowered to `ceiling` when there is one and it is lower. */
function atMost(severity: Severity, ceiling: Severity | undefined): Severity {
  return ceiling !== undefined && severityRank[severity] > severityRank[ceiling] ? ceiling : severity;
}

function judgeSafely(options: EvaluateOptions, id: string): Judgement | undefined {
  try {
    return options.catalog.judge(id, options.asOf);
  } catch {
    return undefined;
  }
}

function newestOfLineSafely(catalog: JudgingCatalog, line: string, day: string): ModelInfo | undefined {
  try {
    return catalog.newestOfLine(line, day);
  } catch {
    return undefined;
  }
}

function checkSafely(rule: Rule, literal: ModelLiteral, context: RuleContext): Finding | undefined {
  try {
    return rule.check(literal, context);
  } catch {
    return undefined; // a broken rule must not hide the other rules' findings
  }
}
