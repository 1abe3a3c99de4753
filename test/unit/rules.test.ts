// The four model rules on hand-made judgements: messages, severities, fixes, platform spellings.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { modelRules as rules } from '../../src/analysis/registry';
import { repositoryUrl, ruleDocsBaseUrl } from '../../src/analysis/rules/docs';
import { modelAliasRule } from '../../src/analysis/rules/modelAlias';
import { deprecationErrorDays, modelDeprecatedRule } from '../../src/analysis/rules/modelDeprecated';
import { modelRetiredRule } from '../../src/analysis/rules/modelRetired';
import { modelUnknownRule } from '../../src/analysis/rules/modelUnknown';
import { spellReplacement } from '../../src/analysis/rules/replacements';
import type { Finding, LiteralContext, ModelLiteral, ModelRule } from '../../src/analysis/types';
import type { Judgement, ModelInfo } from '../../src/models/types';

const root = path.resolve(__dirname, '..', '..', '..');

/** A literal as the analyser would report it: `model="<id>"` on line 3. */
function literalOf(model: string, overrides: Partial<ModelLiteral> = {}): ModelLiteral {
  return {
    model,
    range: { startLine: 2, startColumn: 11, endLine: 2, endColumn: 11 + model.length },
    startOffset: 40,
    endOffset: 40 + model.length,
    role: 'apiCall',
    inComment: false,
    inTemplate: false,
    suppressed: false,
    ...overrides,
  };
}

const newest: Record<string, ModelInfo> = {
  opus: { id: 'claude-opus-5-5', lifecycle: 'active', line: 'opus', generation: '5.5' },
  sonnet: { id: 'claude-sonnet-5-5', lifecycle: 'active', line: 'sonnet', generation: '5.5' },
  haiku: { id: 'claude-haiku-5-5', lifecycle: 'active', line: 'haiku', generation: '5.5' },
};

function contextFor(judgement: Judgement): LiteralContext {
  return { judgement, asOf: '2026-11-22', newestOfLine: (line) => newest[line], catalog: { source: 'bundled', asOf: '2026-11-22' } };
}

function check(rule: ModelRule, model: string, judgement: Judgement): Finding | undefined {
  return rule.checkLiteral(literalOf(model), contextFor(judgement));
}

const opus3: ModelInfo = { id: 'claude-3-opus-20240229', lifecycle: 'retired', line: 'opus', generation: '3', retiresAt: '2026-01-05', replacement: 'claude-opus-4-8' };
const retiredOpus3: Judgement = { kind: 'retired', model: opus3, retiredAt: '2026-01-05', replacement: 'claude-opus-4-8' };
const sonnet45: ModelInfo = { id: 'claude-sonnet-4-5-20250929', lifecycle: 'deprecated', line: 'sonnet', generation: '4.5', retiresAt: '2026-11-30', replacement: 'claude-sonnet-5-5' };
const haiku45Alias: ModelInfo = { id: 'claude-haiku-4-5', aliasOf: 'claude-haiku-4-5-20251001', lifecycle: 'active', line: 'haiku', generation: '4.5' };

function deprecatedSonnet(daysLeft: number): Judgement {
  return { kind: 'deprecated', model: sonnet45, retiresAt: '2026-11-30', daysLeft, replacement: 'claude-sonnet-5-5' };
}

describe('rules registry', () => {
  it('lists the four rules once each, with stable ids', () => {
    assert.deepStrictEqual(rules.map((rule) => rule.id).sort(), ['claude/model-alias', 'claude/model-deprecated', 'claude/model-retired', 'claude/model-unknown']);
  });

  it('links every rule to its page in docs/rules/, which exists', () => {
    for (const rule of rules) {
      const name = rule.id.replace('claude/', '');
      assert.strictEqual(rule.docsUrl, `${ruleDocsBaseUrl}${name}.md`);
      assert.ok(fs.existsSync(path.join(root, 'docs', 'rules', `${name}.md`)), rule.id);
      assert.ok(rule.description.length > 20 && rule.fullDescription.length > rule.description.length, rule.id);
    }
  });

  it('keeps the docs base in step with package.json repository.url', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.strictEqual(manifest.repository.url.replace(/\.git$/, ''), repositoryUrl);
  });

  it('gives no rule an opinion on a current model', () => {
    const current: Judgement = { kind: 'current', model: newest.opus };
    for (const rule of rules) assert.strictEqual(check(rule, 'claude-opus-5-5', current), undefined, rule.id);
  });

  it('makes each judgement kind the business of exactly one rule', () => {
    const judgements: Judgement[] = [
      retiredOpus3,
      deprecatedSonnet(30),
      { kind: 'unknown', suggestions: [] },
      { kind: 'alias', model: haiku45Alias, target: 'claude-haiku-4-5-20251001' },
    ];
    for (const judgement of judgements) {
      const firing = rules.filter((rule) => check(rule, 'claude-x-1', judgement) !== undefined).map((rule) => rule.id);
      assert.strictEqual(firing.length, 1, `${judgement.kind}: ${firing.join(', ')}`);
    }
  });
});

describe('claude/model-alias', () => {
  const judgement: Judgement = { kind: 'alias', model: haiku45Alias, target: 'claude-haiku-4-5-20251001' };

  it('warns that the model floats and offers the pin as the preferred fix', () => {
    const finding = check(modelAliasRule, 'claude-haiku-4-5', judgement);
    assert.ok(finding);
    assert.strictEqual(finding.ruleId, 'claude/model-alias');
    assert.strictEqual(finding.severity, 'warning');
    assert.match(finding.message, /^claude-haiku-4-5 is an alias .*claude-haiku-4-5-20251001.*change under you\. Pin claude-haiku-4-5-20251001\.$/);
    assert.deepStrictEqual(finding.fixes, [{ title: 'Pin to claude-haiku-4-5-20251001', edits: [{ startOffset: 40, endOffset: 56, newText: 'claude-haiku-4-5-20251001' }], isPreferred: true, kind: 'safe' }]);
    assert.strictEqual(finding.replacement, 'claude-haiku-4-5-20251001');
  });
});

describe('claude/model-unknown', () => {
  it('is an error that says what was probably meant, with a fix per suggestion (first preferred)', () => {
    const finding = check(modelUnknownRule, 'claude-haiku-4-20250514', {
      kind: 'unknown',
      closest: 'claude-haiku-4-5-20251001',
      suggestions: ['claude-haiku-4-5-20251001', 'claude-haiku-5-5'],
    });
    assert.ok(finding);
    assert.strictEqual(finding.severity, 'error');
    assert.strictEqual(
      finding.message,
      'claude-haiku-4-20250514 is not a Claude model ID; requests fail with 404 not_found_error. Did you mean claude-haiku-4-5-20251001?',
    );
    assert.deepStrictEqual(
      finding.fixes.map((fix) => [fix.title, fix.edits[0].newText, fix.isPreferred]),
      [
        ['Replace with claude-haiku-4-5-20251001', 'claude-haiku-4-5-20251001', true],
        ['Replace with claude-haiku-5-5', 'claude-haiku-5-5', false],
      ],
    );
    assert.strictEqual(finding.replacement, 'claude-haiku-4-5-20251001');
  });

  it('names a closest ID that is no longer usable, then the usable suggestions', () => {
    const finding = check(modelUnknownRule, 'claude-3-opus', { kind: 'unknown', closest: 'claude-3-opus-20240229', suggestions: ['claude-opus-4-8'] });
    assert.ok(finding);
    assert.match(finding.message, /Did you mean claude-3-opus-20240229\? For a model that is still served, use claude-opus-4-8\.$/);
    assert.deepStrictEqual(finding.fixes.map((fix) => fix.edits[0].newText), ['claude-opus-4-8']);
  });

  it('without any suggestion, still explains and offers no fix', () => {
    const finding = check(modelUnknownRule, 'claude-zzz-9', { kind: 'unknown', suggestions: [] });
    assert.ok(finding);
    assert.match(finding.message, /not a Claude model ID.*GET \/v1\/models/);
    assert.deepStrictEqual(finding.fixes, []);
    assert.strictEqual(finding.replacement, null);
  });
});

describe('claude/model-deprecated', () => {
  it(`is a warning with the date and days left while more than ${deprecationErrorDays} days remain`, () => {
    const finding = check(modelDeprecatedRule, 'claude-sonnet-4-5-20250929', deprecatedSonnet(30));
    assert.ok(finding);
    assert.strictEqual(finding.severity, 'warning');
    assert.strictEqual(
      finding.message,
      'claude-sonnet-4-5-20250929 is deprecated: end of life 2026-11-30 (30 days left), then requests fail with 404 not_found_error. Use claude-sonnet-5-5.',
    );
  });

  it(`is an error in the last ${deprecationErrorDays} days`, () => {
    assert.strictEqual(check(modelDeprecatedRule, 'claude-sonnet-4-5', deprecatedSonnet(14))?.severity, 'error');
    assert.strictEqual(check(modelDeprecatedRule, 'claude-sonnet-4-5', deprecatedSonnet(15))?.severity, 'warning');
    assert.match(check(modelDeprecatedRule, 'claude-sonnet-4-5', deprecatedSonnet(1))?.message ?? '', /\(1 day left\)/);
  });

  it('says so when the end of life has passed but the model is still listed', () => {
    const finding = check(modelDeprecatedRule, 'claude-sonnet-4-5', deprecatedSonnet(-3));
    assert.strictEqual(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /past its end of life \(2026-11-30\)/);
  });

  it('is an overdue error when the data still lists it after its end of life', () => {
    const finding = check(modelDeprecatedRule, 'claude-mythos-preview', {
      kind: 'deprecated',
      model: { id: 'claude-mythos-preview', lifecycle: 'deprecated', line: 'mythos' },
      retiresAt: '2026-06-30',
      daysLeft: 0,
      overdue: true,
    });
    assert.strictEqual(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /^claude-mythos-preview is deprecated and past its end of life \(2026-06-30\): it can stop answering any day/);
  });

  it('says when no end-of-life date is known, as a warning', () => {
    const finding = check(modelDeprecatedRule, 'claude-sonnet-4-5', { ...deprecatedSonnet(Number.POSITIVE_INFINITY), retiresAt: '' } as Judgement);
    assert.strictEqual(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /no end-of-life date is known yet/);
  });

  it('offers the named replacement (preferred), then the newest of the line when it differs', () => {
    const finding = check(modelDeprecatedRule, 'claude-sonnet-4-5-20250929', { ...deprecatedSonnet(30), replacement: 'claude-sonnet-4-6' } as Judgement);
    assert.deepStrictEqual(
      finding?.fixes.map((fix) => [fix.title, fix.isPreferred]),
      [
        ['Replace with claude-sonnet-4-6', true],
        ['Replace with claude-sonnet-5-5 (newest Sonnet)', false],
      ],
    );
  });

  it('offers one fix when the replacement is the newest of the line', () => {
    assert.deepStrictEqual(check(modelDeprecatedRule, 'claude-sonnet-4-5', deprecatedSonnet(30))?.fixes.map((fix) => fix.edits[0].newText), ['claude-sonnet-5-5']);
  });
});

describe('claude/model-retired', () => {
  it('is an error that names the day and the replacement', () => {
    const finding = check(modelRetiredRule, 'claude-3-opus-20240229', retiredOpus3);
    assert.ok(finding);
    assert.strictEqual(finding.severity, 'error');
    assert.strictEqual(finding.message, 'claude-3-opus-20240229 was retired on 2026-01-05; requests fail with 404 not_found_error. Use claude-opus-4-8.');
    assert.deepStrictEqual(
      finding.fixes.map((fix) => [fix.title, fix.edits[0].newText, fix.isPreferred]),
      [
        ['Replace with claude-opus-4-8', 'claude-opus-4-8', true],
        ['Replace with claude-opus-5-5 (newest Opus)', 'claude-opus-5-5', false],
      ],
    );
    assert.strictEqual(finding.replacement, 'claude-opus-4-8');
  });

  it('falls back to the newest of the line when no replacement is named', () => {
    const finding = check(modelRetiredRule, 'claude-3-haiku-20240307', {
      kind: 'retired',
      model: { id: 'claude-3-haiku-20240307', lifecycle: 'retired', line: 'haiku' },
      retiredAt: '2026-04-20',
    });
    assert.match(finding?.message ?? '', /Use claude-haiku-5-5\.$/);
    assert.deepStrictEqual(finding?.fixes.map((fix) => fix.edits[0].newText), ['claude-haiku-5-5']);
  });

  it('without replacement or line, explains and offers no fix', () => {
    const finding = check(modelRetiredRule, 'claude-2.1', { kind: 'retired', model: { id: 'claude-2.1', lifecycle: 'retired' }, retiredAt: '2025-07-21' });
    assert.strictEqual(finding?.message, 'claude-2.1 was retired on 2025-07-21; requests fail with 404 not_found_error.');
    assert.deepStrictEqual(finding?.fixes, []);
    assert.strictEqual(finding?.replacement, null);
  });
});

describe('platform IDs (Bedrock, Vertex AI)', () => {
  const onBedrock = (base: Judgement, baseId: string): Judgement => ({ kind: 'platform', platform: 'bedrock', baseId, base });
  const onVertex = (base: Judgement, baseId: string): Judgement => ({ kind: 'platform', platform: 'vertex', baseId, base });

  it('gives a retired base the first-party date as such, as a warning (the platform retires on its own schedule), with no text fix when the replacement has no platform spelling', () => {
    const finding = check(modelRetiredRule, 'anthropic.claude-3-opus-20240229-v1:0', onBedrock(retiredOpus3, 'claude-3-opus-20240229'));
    assert.ok(finding);
    assert.strictEqual(finding.severity, 'warning');
    assert.strictEqual(
      finding.message,
      'anthropic.claude-3-opus-20240229-v1:0: the first-party Claude API retired this model on 2026-01-05 (requests there fail with 404 not_found_error); Bedrock retires models on its own schedule, so its date may differ. Use claude-opus-4-8 (look up its Bedrock ID).',
    );
    assert.deepStrictEqual(finding.fixes, []);
    assert.strictEqual(finding.replacement, null);
  });

  it('keeps the Bedrock spelling (region prefix, version suffix) when the replacement is a dated snapshot', () => {
    const retiredHaiku: Judgement = {
      kind: 'retired',
      model: { id: 'claude-3-5-haiku-20241022', lifecycle: 'retired', line: 'haiku' },
      retiredAt: '2026-02-19',
      replacement: 'claude-haiku-4-5-20251001',
    };
    const finding = check(modelRetiredRule, 'us.anthropic.claude-3-5-haiku-20241022-v1:0', onBedrock(retiredHaiku, 'claude-3-5-haiku-20241022'));
    assert.deepStrictEqual(
      finding?.fixes.map((fix) => [fix.edits[0].newText, fix.isPreferred]),
      [['us.anthropic.claude-haiku-4-5-20251001-v1:0', true]],
    );
    assert.match(finding?.message ?? '', /Use us\.anthropic\.claude-haiku-4-5-20251001-v1:0\.$/);
  });

  it('pins a Vertex spelling as name@date', () => {
    assert.strictEqual(spellReplacement('claude-3-5-sonnet-v2@20241022', 'claude-sonnet-4-5-20250929', 'vertex'), 'claude-sonnet-4-5@20250929');
    assert.strictEqual(spellReplacement('claude-3-opus@20240229', 'claude-opus-4-8', 'vertex'), undefined);
    assert.strictEqual(
      spellReplacement('arn:aws:bedrock:us-east-1:123:inference-profile/eu.anthropic.claude-3-opus-20240229-v1:0', 'claude-opus-4-5-20251101', 'bedrock'),
      'arn:aws:bedrock:us-east-1:123:inference-profile/eu.anthropic.claude-opus-4-5-20251101-v1:0',
    );
  });

  it('judges a deprecated Vertex ID through its base: the first-party date as such, a warning even in the last days, platform-spelled fixes only', () => {
    const finding = check(modelDeprecatedRule, 'claude-sonnet-4-5@20250929', onVertex(deprecatedSonnet(8), 'claude-sonnet-4-5-20250929'));
    assert.strictEqual(finding?.severity, 'warning');
    assert.deepStrictEqual(finding?.fixes, []);
    assert.match(
      finding?.message ?? '',
      /8 days left.* on the first-party Claude API; Vertex AI retires models on its own schedule, so its date may differ\. Use claude-sonnet-5-5 \(look up its Vertex AI ID\)\.$/,
    );
  });

  it('never makes a platform ID an error, even past the first-party end of life', () => {
    const overdue: Judgement = { kind: 'deprecated', model: sonnet45, retiresAt: '2026-11-30', daysLeft: 0, replacement: 'claude-sonnet-5-5', overdue: true };
    assert.strictEqual(check(modelDeprecatedRule, 'anthropic.claude-sonnet-4-5-20250929-v1:0', onBedrock(overdue, 'claude-sonnet-4-5-20250929'))?.severity, 'warning');
  });

  it('reports an unknown base as unknown, fixing only what can be spelled on the platform', () => {
    const finding = check(
      modelUnknownRule,
      'anthropic.claude-haiku-4-20250514-v1:0',
      onBedrock({ kind: 'unknown', closest: 'claude-haiku-4-5-20251001', suggestions: ['claude-haiku-4-5-20251001', 'claude-haiku-5-5'] }, 'claude-haiku-4-20250514'),
    );
    assert.deepStrictEqual(finding?.fixes.map((fix) => fix.edits[0].newText), ['anthropic.claude-haiku-4-5-20251001-v1:0']);
  });

  it('says nothing about a current base', () => {
    const current: Judgement = onBedrock({ kind: 'current', model: { id: 'claude-haiku-4-5-20251001', lifecycle: 'active' } }, 'claude-haiku-4-5-20251001');
    for (const rule of rules) assert.strictEqual(check(rule, 'anthropic.claude-haiku-4-5-20251001-v1:0', current), undefined, rule.id);
  });
});

describe('legacy names (claude-2, claude-instant-1, claude-v1)', () => {
  const legacy = (id: string, line: string, retiredAt: string): Judgement => ({
    kind: 'retired',
    model: { id, lifecycle: 'retired', line },
    retiredAt,
    replacement: line === 'instant' ? 'claude-haiku-5-5' : 'claude-sonnet-5-5',
  });

  it('says retired, with the replacement, and that the Text Completions API is gone too', () => {
    for (const [id, line, day] of [['claude-2', 'claude', '2025-07-21'], ['claude-instant-1', 'instant', '2024-11-06'], ['claude-v1', 'claude', '2024-11-06']]) {
      const finding = check(modelRetiredRule, id, legacy(id, line, day));
      assert.strictEqual(finding?.severity, 'error', id);
      assert.match(finding?.message ?? '', new RegExp(`^${id} was retired on ${day}; requests fail with 404 not_found_error\\. Use claude-(sonnet|haiku)-5-5\\. `), id);
      assert.match(finding?.message ?? '', /Text Completions API \(completions\.create, \/v1\/complete\) .* is gone too: move the call to the Messages API/, id);
    }
  });

  it('does not mention Text Completions for a Claude 3 model', () => {
    assert.doesNotMatch(check(modelRetiredRule, 'claude-3-opus-20240229', retiredOpus3)?.message ?? '', /Text Completions/);
  });
});

describe('a retired ID in an equality comparison', () => {
  const compared = (model: string): ModelLiteral => literalOf(model, { role: 'comparison' });

  it('is an info without a fix: the branch it picks can never be served', () => {
    const finding = modelRetiredRule.checkLiteral(compared('claude-3-opus-20240229'), contextFor(retiredOpus3));
    assert.strictEqual(finding?.severity, 'info');
    assert.deepStrictEqual(finding?.fixes, []);
    assert.strictEqual(finding?.replacement, null);
    assert.strictEqual(
      finding?.message,
      'claude-3-opus-20240229 was retired on 2026-01-05, so the branch this comparison picks can never be served: requests with it fail with 404 not_found_error.',
    );
  });

  it('says nothing when the compared ID is served (alias, deprecated, current) or unknown', () => {
    const judgements: Judgement[] = [
      { kind: 'alias', model: haiku45Alias, target: 'claude-haiku-4-5-20251001' },
      deprecatedSonnet(3),
      { kind: 'unknown', closest: 'claude-haiku-4-5-20251001', suggestions: ['claude-haiku-4-5-20251001'] },
    ];
    for (const judgement of judgements) {
      for (const rule of rules) assert.strictEqual(rule.checkLiteral(compared('claude-x'), contextFor(judgement)), undefined, `${rule.id} on ${judgement.kind}`);
    }
  });
});
