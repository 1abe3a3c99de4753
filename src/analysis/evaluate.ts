/**
 * Runs the rules over one document's Claude usage: apply the reporting choices (comments, suppressions,
 * roles), judge each model ID once, ask every rule, then apply the severity settings. Pure: no `vscode` import.
 */
import type { CatalogSource, Judgement, ModelInfo } from '../models/types';
import { rules as registeredRules } from './registry';
import { silencedMechanismHeads } from './rules/retryMechanisms';
import type { Finding, LiteralRole, ModelLiteral, Rule, RuleContext, RuleId, Severity } from './types';
import { emptyUsage, type FileUsage } from './usage/types';

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
  /** Report model literals inside comments too (default false: commented-out code is not run). Keys are always reported. */
  includeComments?: boolean;
  /** Roles reported (default `apiCall`, `constant` and `comparison`: `other` covers catalog tables and lists). */
  roles?: readonly LiteralRole[];
  /** The rules to run; the registry's by default (tests pass their own). */
  rules?: readonly Rule[];
  /** The retry libraries the project depends on (the retry fixes build on them); none by default. */
  projectDependencies?: RuleContext['projectDependencies'];
}

/** Roles reported when the caller does not say. */
export const defaultReportedRoles: readonly LiteralRole[] = ['apiCall', 'constant', 'comparison'];

/**
 * Findings for one file's usage (or, for callers that only have them, its model literals), in text order.
 * Never throws: a failing judgement or rule is skipped.
 */
export function evaluate(input: FileUsage | readonly ModelLiteral[], options: EvaluateOptions): Finding[] {
  const usage = isUsage(input) ? input : emptyUsage('python', [...input]);
  const roles = new Set(options.roles ?? defaultReportedRoles);
  const activeRules = (options.rules ?? registeredRules).filter((rule) => options.severity?.[rule.id] !== 'off');
  // The reporting choices for model literals: comments, suppressions and roles.
  const reported: FileUsage = {
    ...usage,
    modelLiterals: usage.modelLiterals.filter((literal) => !literal.suppressed && roles.has(literal.role) && (!literal.inComment || options.includeComments)),
    // Keys are reported in comments too: a committed key is leaked either way.
    keyLiterals: usage.keyLiterals,
  };
  const judgements = new Map<string, Judgement | undefined>(); // the same ID is often written many times
  const context: RuleContext = {
    judge(model) {
      if (!judgements.has(model)) judgements.set(model, judgeSafely(options, model));
      return judgements.get(model);
    },
    asOf: options.asOf,
    newestOfLine: (line) => newestOfLineSafely(options.catalog, line, options.asOf),
    catalog: options.catalog.source,
    ...(options.projectDependencies && { projectDependencies: options.projectDependencies }),
  };
  const findings: Finding[] = [];
  // A retry that never fires (a catch-all inside it) is claude/retry-swallowed's alone: its settings never take effect.
  const silenced = usage.calls.length > 0 ? silencedMechanismHeads(usage) : new Set<number>();
  for (const rule of activeRules) {
    const override = options.severity?.[rule.id];
    for (const finding of checkSafely(rule, reported, context)) {
      if (usage.suppressedLines.has(finding.range.startLine) && !finding.literal) continue; // literals carry their own flag
      if (silenced.has(finding.startOffset) && finding.ruleId !== 'claude/retry-swallowed' && !finding.literal) continue;
      findings.push(override && override !== 'off' ? { ...finding, severity: atMost(override, finding.severityCeiling) } : finding);
    }
  }
  // Text order, then literal order (literals given without a document may share offsets); findings at
  // one place keep the registry's order (the sort is stable).
  const literalOrder = new Map(reported.modelLiterals.map((literal, index) => [literal, index]));
  const orderOf = (finding: Finding): number => (finding.literal ? (literalOrder.get(finding.literal) ?? -1) : -1);
  return findings.sort((a, b) => a.startOffset - b.startOffset || orderOf(a) - orderOf(b));
}

function isUsage(input: FileUsage | readonly ModelLiteral[]): input is FileUsage {
  return !Array.isArray(input);
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

function checkSafely(rule: Rule, usage: FileUsage, context: RuleContext): Finding[] {
  try {
    return rule.check(usage, context);
  } catch {
    return []; // a broken rule must not hide the other rules' findings
  }
}
