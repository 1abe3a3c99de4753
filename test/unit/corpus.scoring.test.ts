// The accuracy corpus's own logic (test/support/corpusScoring.ts): annotations, matching, scores and the
// bar. These show the harness fails when the analyser and the annotations disagree, so corpus.test.ts
// cannot pass by construction.
import * as assert from 'assert';
import {
  formatScoreTable,
  idiomaticAnnotationErrors,
  idiomaticViolations,
  parseExpectations,
  scoreCorpus,
  thresholdFailures,
  type ActualFinding,
  type Expectation,
} from '../support/corpusScoring';

const modelRules = ['claude/model-alias', 'claude/model-unknown', 'claude/model-deprecated', 'claude/model-retired'];

function expectations(file: string, lines: number[], rule: string): Expectation[] {
  return lines.map((line) => ({ file, line, rule }));
}

function found(file: string, lines: number[], rule: string, severity: ActualFinding['severity'] = 'error'): ActualFinding[] {
  return lines.map((line) => ({ file, line, rule, severity }));
}

describe('corpus scoring: annotations', () => {
  it('reads Python and TS/JS trailing comments, several rules per line, after another comment', () => {
    const python = [
      'import anthropic',
      'client = anthropic.Anthropic(max_retries=0)  # expect: claude/retries-disabled',
      '    model="claude-haiku-4-5",  # a floating alias  # expect: claude/model-alias',
      '@retry  # expect: claude/unbounded-retry, claude/retry-without-backoff,claude/retries-non-retryable',
    ].join('\n');
    assert.deepStrictEqual(parseExpectations('a.py', python), [
      { file: 'a.py', line: 2, rule: 'claude/retries-disabled' },
      { file: 'a.py', line: 3, rule: 'claude/model-alias' },
      { file: 'a.py', line: 4, rule: 'claude/unbounded-retry' },
      { file: 'a.py', line: 4, rule: 'claude/retry-without-backoff' },
      { file: 'a.py', line: 4, rule: 'claude/retries-non-retryable' },
    ]);
    const ts = "const r = await fetch('https://api.anthropic.com/v1/messages', {\r\n  method: 'POST', // expect: claude/no-retry\r\n";
    assert.deepStrictEqual(parseExpectations('b.ts', ts), [{ file: 'b.ts', line: 2, rule: 'claude/no-retry' }]);
  });

  it('finds nothing in a file without annotations, nor in a URL', () => {
    assert.deepStrictEqual(parseExpectations('c.ts', "fetch('https://api.anthropic.com/v1/messages') // not an expectation\n"), []);
  });

  it('refuses a misspelt or unknown rule instead of leaving it pending forever', () => {
    assert.throws(() => parseExpectations('d.py', 'x = 1  # expect: claude/retry-without-jiter\n'), /d\.py:1: "expect:" names an unknown rule "claude\/retry-without-jiter"/);
    assert.throws(() => parseExpectations('d.py', 'x = 1  # expect: model-alias\n'), /unknown rule "model-alias"/);
    assert.throws(() => parseExpectations('d.py', 'x = 1  # expect:\n'), /unknown rule ""/);
  });
});

describe('corpus scoring: matching and scores', () => {
  const expected = [...expectations('a.py', [3, 7, 9], 'claude/model-retired'), ...expectations('a.py', [12], 'claude/retry-stacked')];

  it('a perfect match scores 1 and passes; a rule the analyser lacks is pending, not scored', () => {
    const score = scoreCorpus(expected, found('a.py', [3, 7, 9], 'claude/model-retired'), modelRules);
    const retired = score.scored.find((rule) => rule.rule === 'claude/model-retired');
    assert.deepStrictEqual(retired, { rule: 'claude/model-retired', expected: 3, found: 3, truePositives: 3, falsePositives: 0, falseNegatives: 0, precision: 1, recall: 1 });
    assert.deepStrictEqual(score.pending, [{ rule: 'claude/retry-stacked', expected: 1 }]);
    assert.strictEqual(score.overall.expected, 3);
    assert.deepStrictEqual(score.mismatches, []);
    assert.deepStrictEqual(thresholdFailures(score), []);
  });

  it('a finding on the wrong line is a false positive and a false negative, and fails the bar', () => {
    const score = scoreCorpus(expected, found('a.py', [3, 7, 10], 'claude/model-retired'), modelRules);
    assert.deepStrictEqual(score.mismatches, [
      { kind: 'falseNegative', file: 'a.py', line: 9, rule: 'claude/model-retired' },
      { kind: 'falsePositive', file: 'a.py', line: 10, rule: 'claude/model-retired' },
    ]);
    const failures = thresholdFailures(score);
    assert.ok(failures.some((failure) => /^claude\/model-retired: precision 0\.67 < 0\.9/.test(failure)), failures.join('\n'));
    assert.ok(failures.some((failure) => /^claude\/model-retired: recall 0\.67 < 0\.8/.test(failure)), failures.join('\n'));
  });

  it('the same line in another file, or another rule on the line, does not match', () => {
    const score = scoreCorpus(expected, [...found('b.py', [3], 'claude/model-retired'), ...found('a.py', [7], 'claude/model-alias'), ...found('a.py', [7, 9], 'claude/model-retired')], modelRules);
    assert.strictEqual(score.scored.find((rule) => rule.rule === 'claude/model-retired')?.truePositives, 2);
    assert.strictEqual(score.scored.find((rule) => rule.rule === 'claude/model-alias')?.falsePositives, 1);
    assert.strictEqual(score.mismatches.length, 3);
  });

  it('counts twice-expected findings on one line as two', () => {
    const twice = [...expectations('a.ts', [4], 'claude/model-retired'), ...expectations('a.ts', [4], 'claude/model-retired')];
    assert.strictEqual(scoreCorpus(twice, found('a.ts', [4], 'claude/model-retired'), modelRules).scored.find((rule) => rule.rule === 'claude/model-retired')?.falseNegatives, 1);
  });

  it('misses alone fail recall: 3 of 5 found is 0.6', () => {
    const five = expectations('a.py', [1, 2, 3, 4, 5], 'claude/model-unknown');
    const failures = thresholdFailures(scoreCorpus(five, found('a.py', [1, 2, 3], 'claude/model-unknown'), modelRules));
    assert.ok(failures.some((failure) => failure.startsWith('claude/model-unknown: recall 0.60')), failures.join('\n'));
  });

  it('a rule with fewer than 3 expected findings is not judged on recall, but 3 false findings fail its precision', () => {
    const two = expectations('a.py', [1, 2], 'claude/model-alias');
    assert.deepStrictEqual(thresholdFailures(scoreCorpus(two, [], modelRules)).filter((failure) => failure.startsWith('claude/model-alias')), []);
    const noisy = thresholdFailures(scoreCorpus([], found('a.py', [1, 2, 3], 'claude/model-alias', 'warning'), modelRules));
    assert.ok(noisy.some((failure) => failure.startsWith('claude/model-alias: precision 0.00')), noisy.join('\n'));
  });

  it('scores a finding of a rule the run did not list', () => {
    const score = scoreCorpus([], found('a.py', [1], 'claude/brand-new'), modelRules);
    assert.strictEqual(score.scored.find((rule) => rule.rule === 'claude/brand-new')?.falsePositives, 1);
  });

  it('prints the table with the pending rules and every mismatch', () => {
    const table = formatScoreTable(scoreCorpus(expected, found('a.py', [3, 7], 'claude/model-retired'), modelRules));
    assert.match(table, /^rule\s+expected\s+found\s+TP\s+FP\s+FN\s+P\s+R$/m);
    assert.match(table, /^claude\/model-retired\s+3\s+2\s+2\s+0\s+1\s+1\.00\s+0\.67$/m);
    assert.match(table, /^overall\s+3\s+2\s+2\s+0\s+1\s+1\.00\s+0\.67$/m);
    assert.match(table, /^pending \(annotated, not in the analyser yet\): claude\/retry-stacked 1$/m);
    assert.match(table, /^FN a\.py:9 claude\/model-retired$/m);
  });
});

describe('corpus scoring: idiomatic code', () => {
  it('any warning or error on an idiomatic file is a violation, annotated or not; info is allowed', () => {
    const findings = [
      ...found('python/idiomatic/plain.py', [4], 'claude/model-alias', 'warning'),
      ...found('python/idiomatic/plain.py', [8], 'claude/retry-stacked', 'info'),
      ...found('python/broken/loops.py', [4], 'claude/model-alias', 'warning'),
    ];
    assert.deepStrictEqual(idiomaticViolations(findings), [{ file: 'python/idiomatic/plain.py', line: 4, rule: 'claude/model-alias', severity: 'warning' }]);
  });

  it('an idiomatic file may only expect info-level rules', () => {
    const errors = idiomaticAnnotationErrors([
      { file: 'typescript/idiomatic/a.ts', line: 3, rule: 'claude/retry-stacked' },
      { file: 'typescript/idiomatic/a.ts', line: 5, rule: 'claude/no-retry' },
      { file: 'typescript/broken/a.ts', line: 5, rule: 'claude/no-retry' },
    ]);
    assert.deepStrictEqual(errors, ['typescript/idiomatic/a.ts:5: an idiomatic file expects claude/no-retry (warning)']);
  });
});
