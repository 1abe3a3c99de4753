// evaluate(): judging once per ID, reporting choices (comments, suppressions, roles), severity overrides,
// and the four rules on the real bundled catalog.
import * as assert from 'assert';
import { evaluate, type JudgingCatalog } from '../../src/analysis/evaluate';
import { rules } from '../../src/analysis/registry';
import type { Finding, LiteralRole, ModelLiteral, Rule } from '../../src/analysis/types';
import { ModelCatalog } from '../../src/models/catalog';
import type { Judgement } from '../../src/models/types';

function literalOf(model: string, overrides: Partial<ModelLiteral> = {}): ModelLiteral {
  return {
    model,
    range: { startLine: 0, startColumn: 7, endLine: 0, endColumn: 7 + model.length },
    startOffset: 7,
    endOffset: 7 + model.length,
    role: 'apiCall',
    inComment: false,
    inTemplate: false,
    suppressed: false,
    ...overrides,
  };
}

const bundled = ModelCatalog.bundled();

function only(findings: Finding[]): Finding {
  assert.strictEqual(findings.length, 1, JSON.stringify(findings.map((f) => f.message)));
  return findings[0];
}

describe('rules on the bundled catalog', () => {
  const on = (day: string, model: string): Finding => only(evaluate([literalOf(model)], { catalog: bundled, asOf: day }));

  it('claude/model-alias: pins claude-haiku-4-5 to its dated snapshot', () => {
    const finding = on('2026-11-22', 'claude-haiku-4-5');
    assert.strictEqual(finding.ruleId, 'claude/model-alias');
    assert.strictEqual(finding.severity, 'warning');
    assert.deepStrictEqual(finding.fixes, [{ title: 'Pin to claude-haiku-4-5-20251001', edits: [{ startOffset: 7, endOffset: 23, newText: 'claude-haiku-4-5-20251001' }], isPreferred: true, kind: 'safe' }]);
  });

  it('claude/model-unknown: claude-haiku-4-20250514 with "did you mean" and a fix per suggestion', () => {
    const finding = on('2026-11-22', 'claude-haiku-4-20250514');
    assert.strictEqual(finding.ruleId, 'claude/model-unknown');
    assert.strictEqual(finding.severity, 'error');
    assert.match(finding.message, /Did you mean claude-haiku-4-5-20251001\?/);
    assert.ok(finding.fixes.length >= 1);
    assert.strictEqual(finding.fixes[0].edits[0].newText, 'claude-haiku-4-5-20251001');
    assert.deepStrictEqual(finding.fixes.map((fix) => fix.isPreferred), finding.fixes.map((_, i) => i === 0));
  });

  it('claude/model-deprecated: 8 days before end of life (2026-11-22) is an error', () => {
    const finding = on('2026-11-22', 'claude-sonnet-4-5-20250929');
    assert.strictEqual(finding.ruleId, 'claude/model-deprecated');
    assert.strictEqual(finding.severity, 'error');
    assert.strictEqual(
      finding.message,
      'claude-sonnet-4-5-20250929 is deprecated: end of life 2026-11-30 (8 days left), then requests fail with 404 not_found_error. Use claude-sonnet-5-5.',
    );
    assert.strictEqual(finding.replacement, 'claude-sonnet-5-5');
  });

  it('claude/model-deprecated: 30 days before end of life (2026-10-31) is a warning', () => {
    const finding = on('2026-10-31', 'claude-sonnet-4-5');
    assert.strictEqual(finding.severity, 'warning');
    assert.match(finding.message, /\(30 days left\)/);
  });

  it('claude/model-retired: claude-3-opus-20240229, with replacement and newest-of-line fixes', () => {
    const finding = on('2026-11-22', 'claude-3-opus-20240229');
    assert.strictEqual(finding.ruleId, 'claude/model-retired');
    assert.strictEqual(finding.severity, 'error');
    assert.match(finding.message, /^claude-3-opus-20240229 was retired on 2026-01-05; requests fail with 404 not_found_error\. Use claude-[a-z0-9-]+\.$/);
    assert.ok(finding.replacement && finding.fixes[0].edits[0].newText === finding.replacement);
  });

  it('after its end of life, the deprecated Sonnet is retired', () => {
    assert.strictEqual(on('2026-12-01', 'claude-sonnet-4-5-20250929').ruleId, 'claude/model-retired');
  });

  it('platform IDs: a retired Bedrock base is retired, the Bedrock spelling kept or no text fix', () => {
    const finding = on('2026-11-22', 'anthropic.claude-3-opus-20240229-v1:0');
    assert.strictEqual(finding.ruleId, 'claude/model-retired');
    for (const fix of finding.fixes) assert.match(fix.edits[0].newText, /^anthropic\.claude-.*-v1:0$/);
    if (finding.fixes.length === 0) assert.match(finding.message, /look up its Bedrock ID/);
    assert.strictEqual(on('2026-11-22', 'claude-3-opus@20240229').ruleId, 'claude/model-retired');
  });

  it('says nothing about current IDs, first-party or platform', () => {
    for (const model of ['claude-opus-5', 'claude-sonnet-4-6', 'claude-haiku-4-5-20251001', 'anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5@20251001']) {
      assert.deepStrictEqual(evaluate([literalOf(model)], { catalog: bundled, asOf: '2026-11-22' }), [], model);
    }
  });
});

describe('evaluate', () => {
  const retired = 'claude-3-opus-20240229';
  const asOf = '2026-11-22';

  it('skips comments unless asked', () => {
    const inComment = literalOf(retired, { inComment: true });
    assert.deepStrictEqual(evaluate([inComment], { catalog: bundled, asOf }), []);
    assert.strictEqual(evaluate([inComment], { catalog: bundled, asOf, includeComments: true }).length, 1);
  });

  it('skips suppressed literals, even with comments included', () => {
    assert.deepStrictEqual(evaluate([literalOf(retired, { suppressed: true })], { catalog: bundled, asOf, includeComments: true }), []);
  });

  it('reports apiCall and constant roles by default, not other (tables, comparisons)', () => {
    const roles: LiteralRole[] = ['apiCall', 'constant', 'other'];
    const findings = evaluate(roles.map((role) => literalOf(retired, { role })), { catalog: bundled, asOf });
    assert.deepStrictEqual(findings.map((f) => f.literal?.role), ['apiCall', 'constant']);
    const everything = evaluate(roles.map((role) => literalOf(retired, { role })), { catalog: bundled, asOf, roles });
    assert.strictEqual(everything.length, 3);
  });

  it('applies severity overrides to every finding of the rule, and off removes the rule', () => {
    const literals = [literalOf(retired), literalOf('claude-haiku-4-5'), literalOf('claude-sonnet-4-5')];
    const findings = evaluate(literals, {
      catalog: bundled,
      asOf,
      severity: { 'claude/model-retired': 'info', 'claude/model-alias': 'off', 'claude/model-deprecated': 'warning' },
    });
    assert.deepStrictEqual(findings.map((f) => [f.ruleId, f.severity]), [
      ['claude/model-retired', 'info'],
      ['claude/model-deprecated', 'warning'],
    ]);
  });

  it('never raises a comparison above info, nor a Bedrock/Vertex finding above warning, whatever the setting says', () => {
    const literals = [
      literalOf(retired, { role: 'comparison' }),
      literalOf('anthropic.claude-3-opus-20240229-v1:0'),
      literalOf('claude-sonnet-4-5@20250929'),
      literalOf(retired),
    ];
    const raised = evaluate(literals, { catalog: bundled, asOf, severity: { 'claude/model-retired': 'error', 'claude/model-deprecated': 'error' } });
    assert.deepStrictEqual(raised.map((f) => f.severity), ['info', 'warning', 'warning', 'error']);
    const lowered = evaluate(literals, { catalog: bundled, asOf, severity: { 'claude/model-retired': 'info', 'claude/model-deprecated': 'info' } });
    assert.deepStrictEqual(lowered.map((f) => f.severity), ['info', 'info', 'info', 'info'], 'lowering still works');
  });

  it('judges each distinct ID once', () => {
    let calls = 0;
    const counting: JudgingCatalog = {
      source: bundled.source,
      judge: (id, day) => {
        calls++;
        return bundled.judge(id, day);
      },
      newestOfLine: (line, day) => bundled.newestOfLine(line, day),
    };
    const findings = evaluate([literalOf(retired), literalOf(retired), literalOf('claude-haiku-4-5'), literalOf(retired)], { catalog: counting, asOf });
    assert.strictEqual(findings.length, 4);
    assert.strictEqual(calls, 2);
  });

  it('never throws: a failing catalog or rule is skipped, the other rules still report', () => {
    const throwingCatalog: JudgingCatalog = {
      source: bundled.source,
      judge: () => {
        throw new Error('broken catalog');
      },
      newestOfLine: () => undefined,
    };
    assert.deepStrictEqual(evaluate([literalOf(retired)], { catalog: throwingCatalog, asOf }), []);
    const brokenRule: Rule = { ...rules[0], id: 'claude/model-alias', check: () => { throw new Error('broken rule'); } };
    const findings = evaluate([literalOf(retired)], { catalog: bundled, asOf, rules: [brokenRule, ...rules] });
    assert.deepStrictEqual(findings.map((f) => f.ruleId), ['claude/model-retired']);
  });

  it('keeps literal order', () => {
    const judgementsSeen: Judgement['kind'][] = [];
    const findings = evaluate([literalOf('claude-haiku-4-5'), literalOf(retired)], { catalog: bundled, asOf });
    for (const finding of findings) judgementsSeen.push(bundled.judge(finding.model ?? '', asOf).kind);
    assert.deepStrictEqual(judgementsSeen, ['alias', 'retired']);
  });
});
