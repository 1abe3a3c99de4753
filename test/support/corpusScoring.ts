/**
 * The accuracy corpus's scoring (test/fixtures/retry-corpus/): read the `expect:` annotations of its
 * files, match them with the analyser's findings by file, line and rule, and score precision and recall
 * per rule. Pure (no I/O, no `vscode`), so its own unit tests can show that a mismatch fails.
 */

/** Every rule issue 8 names, with the severity the issue gives it (the highest where it has two). */
export const corpusRuleSeverities: Readonly<Record<string, 'error' | 'warning' | 'info'>> = {
  'claude/model-alias': 'warning',
  'claude/model-unknown': 'error',
  'claude/model-deprecated': 'error',
  'claude/model-retired': 'error',
  'claude/retries-disabled': 'warning',
  'claude/no-retry': 'warning',
  'claude/retry-without-backoff': 'error',
  'claude/retry-without-jitter': 'info',
  'claude/retries-non-retryable': 'warning',
  'claude/unbounded-retry': 'warning',
  'claude/ignores-retry-after': 'info',
  'claude/retry-swallowed': 'warning',
  'claude/retry-stacked': 'info',
  'claude/stream-overload-unhandled': 'info',
  'claude/hardcoded-api-key': 'error',
  'claude/raw-http-missing-headers': 'error',
};

/** One expected finding: a rule that must report a finding starting on this line (1-based). */
export interface Expectation {
  file: string;
  line: number;
  rule: string;
}

/** One finding the analyser reported (as the CLI's JSON gives it: 1-based line). */
export interface ActualFinding {
  file: string;
  line: number;
  rule: string;
  severity: 'error' | 'warning' | 'info';
}

/** A trailing `# expect: claude/a, claude/b` (Python) or `// expect: …` (TS/JS) comment. */
const annotationPattern = /(?:#|\/\/)\s*expect:\s*([^#]*?)\s*$/;
const ruleIdPattern = /^claude\/[a-z]+(?:-[a-z]+)*$/;

/**
 * The expectations written in one corpus file. Throws on an annotation naming a rule issue 8 does not
 * have (a typo would otherwise sit forever among the pending rules).
 */
export function parseExpectations(file: string, text: string): Expectation[] {
  const expectations: Expectation[] = [];
  text.split(/\r?\n/).forEach((lineText, index) => {
    const match = annotationPattern.exec(lineText);
    if (!match) return;
    const rules = match[1].split(',').map((rule) => rule.trim());
    for (const rule of rules) {
      if (!ruleIdPattern.test(rule) || !Object.hasOwn(corpusRuleSeverities, rule)) {
        throw new Error(`${file}:${index + 1}: "expect:" names an unknown rule "${rule}"`);
      }
      expectations.push({ file, line: index + 1, rule });
    }
  });
  return expectations;
}

/** The counts of one rule (or of all scored rules together). */
export interface RuleScore {
  rule: string;
  expected: number;
  found: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** TP / found; 1 when nothing was found (no false positive was made). */
  precision: number;
  /** TP / expected; 1 when nothing was expected. */
  recall: number;
}

/** Where expectation and analysis disagree, as `file:line rule`. */
export interface Mismatch {
  kind: 'falsePositive' | 'falseNegative';
  file: string;
  line: number;
  rule: string;
}

export interface CorpusScore {
  /** Rules the analyser has: every one of them is scored, annotated or not. */
  scored: RuleScore[];
  /** All scored rules together (micro-averaged). */
  overall: RuleScore;
  /** Annotated rules the analyser does not have yet: counted, not scored. */
  pending: Array<{ rule: string; expected: number }>;
  mismatches: Mismatch[];
}

/**
 * Matches expectations with findings as multisets of (file, line, rule), for the rules in `analyserRules`
 * only; the others' expectations are pending.
 */
export function scoreCorpus(expectations: readonly Expectation[], findings: readonly ActualFinding[], analyserRules: readonly string[]): CorpusScore {
  const scoredRules = new Set(analyserRules);
  const key = (item: { file: string; line: number; rule: string }): string => `${item.file}\0${item.line}\0${item.rule}`;
  const remaining = new Map<string, number>();
  for (const expectation of expectations) {
    if (scoredRules.has(expectation.rule)) remaining.set(key(expectation), (remaining.get(key(expectation)) ?? 0) + 1);
  }
  const counts = new Map<string, { expected: number; found: number; tp: number }>(analyserRules.map((rule) => [rule, { expected: 0, found: 0, tp: 0 }]));
  const mismatches: Mismatch[] = [];
  for (const expectation of expectations) {
    const count = counts.get(expectation.rule);
    if (count) count.expected++;
  }
  for (const finding of findings) {
    let count = counts.get(finding.rule);
    if (!count) {
      // A rule the run did not list: still a finding, so still scored.
      count = { expected: 0, found: 0, tp: 0 };
      counts.set(finding.rule, count);
    }
    count.found++;
    const left = remaining.get(key(finding)) ?? 0;
    if (left > 0) {
      remaining.set(key(finding), left - 1);
      count.tp++;
    } else {
      mismatches.push({ kind: 'falsePositive', file: finding.file, line: finding.line, rule: finding.rule });
    }
  }
  for (const expectation of expectations) {
    const left = remaining.get(key(expectation)) ?? 0;
    if (left > 0) {
      remaining.set(key(expectation), left - 1);
      mismatches.push({ kind: 'falseNegative', file: expectation.file, line: expectation.line, rule: expectation.rule });
    }
  }
  const scored = [...counts].map(([rule, count]) => ruleScore(rule, count.expected, count.found, count.tp));
  const total = scored.reduce((sum, score) => ({ expected: sum.expected + score.expected, found: sum.found + score.found, tp: sum.tp + score.truePositives }), { expected: 0, found: 0, tp: 0 });
  const pendingCounts = new Map<string, number>();
  for (const expectation of expectations) {
    if (!counts.has(expectation.rule)) pendingCounts.set(expectation.rule, (pendingCounts.get(expectation.rule) ?? 0) + 1);
  }
  mismatches.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
  return {
    scored,
    overall: ruleScore('overall', total.expected, total.found, total.tp),
    pending: [...pendingCounts].map(([rule, expected]) => ({ rule, expected })).sort((a, b) => a.rule.localeCompare(b.rule)),
    mismatches,
  };
}

function ruleScore(rule: string, expected: number, found: number, tp: number): RuleScore {
  return {
    rule,
    expected,
    found,
    truePositives: tp,
    falsePositives: found - tp,
    falseNegatives: expected - tp,
    precision: found === 0 ? 1 : tp / found,
    recall: expected === 0 ? 1 : tp / expected,
  };
}

/** The bar: precision and recall below these fail a rule that has enough findings to judge. */
export interface Thresholds {
  precision: number;
  recall: number;
  /** Recall is judged from this many expected findings; precision from this many expected or found. */
  minimumCount: number;
}

export const corpusThresholds: Thresholds = { precision: 0.9, recall: 0.8, minimumCount: 3 };

/** Why the corpus fails, one line each; empty when it passes. */
export function thresholdFailures(score: CorpusScore, thresholds: Thresholds = corpusThresholds): string[] {
  const failures: string[] = [];
  for (const rule of [...score.scored, score.overall]) {
    const judgedForPrecision = rule.expected >= thresholds.minimumCount || rule.found >= thresholds.minimumCount;
    if (judgedForPrecision && rule.precision < thresholds.precision) {
      failures.push(`${rule.rule}: precision ${rule.precision.toFixed(2)} < ${thresholds.precision} (${rule.falsePositives} false positive(s))`);
    }
    if (rule.expected >= thresholds.minimumCount && rule.recall < thresholds.recall) {
      failures.push(`${rule.rule}: recall ${rule.recall.toFixed(2)} < ${thresholds.recall} (${rule.falseNegatives} missed)`);
    }
  }
  return failures;
}

/** Whether a corpus file is idiomatic code (no warning or error may be reported on it). */
export function isIdiomaticFile(file: string): boolean {
  return file.split(/[\\/]/).includes('idiomatic');
}

/** Warning- and error-level findings on idiomatic files: each one fails the corpus, annotated or not. */
export function idiomaticViolations(findings: readonly ActualFinding[]): ActualFinding[] {
  return findings.filter((finding) => isIdiomaticFile(finding.file) && finding.severity !== 'info');
}

/**
 * Annotations that contradict the corpus's own promise: an idiomatic file may only expect info-level
 * findings (by the severities).
 */
export function idiomaticAnnotationErrors(expectations: readonly Expectation[]): string[] {
  return expectations
    .filter((expectation) => isIdiomaticFile(expectation.file) && corpusRuleSeverities[expectation.rule] !== 'info')
    .map((expectation) => `${expectation.file}:${expectation.line}: an idiomatic file expects ${expectation.rule} (${corpusRuleSeverities[expectation.rule]})`);
}

/** The score as a small fixed-width table, then the pending rules and the mismatches. */
export function formatScoreTable(score: CorpusScore): string {
  const header = ['rule', 'expected', 'found', 'TP', 'FP', 'FN', 'P', 'R'];
  const rows = [...score.scored, score.overall].map((rule) => [
    rule.rule,
    String(rule.expected),
    String(rule.found),
    String(rule.truePositives),
    String(rule.falsePositives),
    String(rule.falseNegatives),
    rule.precision.toFixed(2),
    rule.recall.toFixed(2),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const render = (row: string[]): string => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  const lines = [render(header), ...rows.map(render)];
  if (score.pending.length > 0) {
    lines.push(`pending (annotated, not in the analyser yet): ${score.pending.map(({ rule, expected }) => `${rule} ${expected}`).join(', ')}`);
  }
  for (const mismatch of score.mismatches) {
    lines.push(`${mismatch.kind === 'falsePositive' ? 'FP' : 'FN'} ${mismatch.file}:${mismatch.line} ${mismatch.rule}`);
  }
  return lines.join('\n');
}
