/// <reference types="mocha" />
// The naming scheme: taking IDs apart, platform spellings, and which strings are meant as model IDs.
import * as assert from 'assert';
import { editDistance } from '../../src/models/editDistance';
import { canonicalLine, compareGenerations, isPinnedWithoutDate, looksLikeModelId, parseModelId, splitPlatform } from '../../src/models/modelIds';

describe('models: naming scheme', () => {
  describe('parseModelId', () => {
    it('reads new-style IDs (line first), dated or not', () => {
      assert.deepStrictEqual(parseModelId('claude-sonnet-4-5-20250929'), {
        baseId: 'claude-sonnet-4-5-20250929', order: 'line-first', line: 'sonnet', generation: '4.5', date: '20250929', latest: false, extras: [],
      });
      assert.deepStrictEqual(parseModelId('claude-opus-5'), { baseId: 'claude-opus-5', order: 'line-first', line: 'opus', generation: '5', latest: false, extras: [] });
    });

    it('reads old-style IDs (generation first), -latest, and the unlined 1.x/2.x names', () => {
      const old = parseModelId('claude-3-5-sonnet-latest');
      assert.strictEqual(old?.order, 'generation-first');
      assert.strictEqual(old?.line, 'sonnet');
      assert.strictEqual(old?.generation, '3.5');
      assert.strictEqual(old?.latest, true);
      assert.deepStrictEqual(parseModelId('claude-1.3-100k'), { baseId: 'claude-1.3-100k', order: 'no-line', generation: '1.3', latest: false, extras: ['100k'] });
      assert.deepStrictEqual(parseModelId('claude-mythos-preview')?.extras, ['preview']);
    });

    it('treats dots and dashes in a generation alike, case-insensitively', () => {
      assert.strictEqual(parseModelId('claude-3.5-sonnet-20241022')?.generation, '3.5');
      assert.strictEqual(parseModelId('Claude-Sonnet-4-6')?.line, 'sonnet');
      assert.strictEqual(parseModelId('Claude-Sonnet-4-6')?.baseId, 'Claude-Sonnet-4-6');
    });

    it('refuses what is not made of ID parts', () => {
      for (const text of ['claude-', 'claude', 'gpt-4o', 'claude-3-opus.png', 'claude--opus', 'claude-opus 4', 'https://claude.ai/x', 'claude-api-error-529-explained']) {
        assert.strictEqual(parseModelId(text), undefined, text);
      }
    });
  });

  describe('platform spellings', () => {
    const cases: [string, 'bedrock' | 'vertex', string][] = [
      ['anthropic.claude-haiku-4-5-20251001-v1:0', 'bedrock', 'claude-haiku-4-5-20251001'],
      ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'bedrock', 'claude-sonnet-4-5-20250929'],
      ['global.anthropic.claude-opus-4-6-v1', 'bedrock', 'claude-opus-4-6'],
      ['us-gov.anthropic.claude-3-haiku-20240307-v1:0', 'bedrock', 'claude-3-haiku-20240307'],
      ['anthropic.claude-3-sonnet-20240229-v1:0:200k', 'bedrock', 'claude-3-sonnet-20240229'],
      ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0', 'bedrock', 'claude-3-7-sonnet-20250219'],
      ['anthropic.claude-v2:1', 'bedrock', 'claude-2.1'],
      ['anthropic.claude-instant-v1', 'bedrock', 'claude-instant-1.2'],
      ['claude-haiku-4-5@20251001', 'vertex', 'claude-haiku-4-5-20251001'],
      ['claude-3-5-sonnet-v2@20241022', 'vertex', 'claude-3-5-sonnet-20241022'],
    ];
    for (const [text, platform, baseId] of cases) {
      it(`${text} -> ${platform} ${baseId}`, () => {
        assert.deepStrictEqual(splitPlatform(text), { platform, baseId });
        assert.strictEqual(parseModelId(text)?.platform, platform);
        assert.ok(looksLikeModelId(text));
      });
    }

    it('leaves first-party IDs alone', () => {
      assert.strictEqual(splitPlatform('claude-haiku-4-5-20251001'), undefined);
      assert.strictEqual(splitPlatform('anthropic.com'), undefined);
    });
  });

  describe('looksLikeModelId', () => {
    it('is false for other things named claude-…, file names and URLs', () => {
      for (const text of [
        'claude-code', 'claude-ai', 'claude-desktop', 'claude-api-health', 'claude-3-opus.png', 'claude-2.1.md',
        'claude-sonnet-agent', 'claude-mcp-server', 'claude-api-error-529-overloadederror-explained', 'claude',
        'https://docs.anthropic.com/claude-3-opus', 'src/claude-3-opus-20240229.ts', 'claude-opus-helper', ' claude-opus-5', '',
      ]) {
        assert.strictEqual(looksLikeModelId(text), false, text);
      }
    });

    it('is true for real, retired, invented and mistyped IDs', () => {
      for (const text of [
        'claude-opus-5', 'claude-sonnet-4-6', 'claude-3-opus-20240229', 'claude-2.1', 'claude-instant-1.2', 'claude-1.3-100k',
        'claude-mythos-preview', 'claude-haiku-4-20250514', 'claude-sonnet-latest', 'claude-3-opus', 'claude-opus-3', 'claude-4.5-sonnet',
        'claude-3.5-sonnet-20241022', 'claude-sonet-4-6', 'claude-3-opus-2024029', 'claude-mythos-preveiw', 'Claude-Opus-5', 'claude-sonnet',
        // an unfamiliar word beside a generation may be a line added later
        'claude-aria-6',
      ]) {
        assert.strictEqual(looksLikeModelId(text), true, text);
      }
    });
  });

  it('canonicalLine forgives one typo (two in long words), not unrelated words', () => {
    assert.strictEqual(canonicalLine('sonet'), 'sonnet');
    assert.strictEqual(canonicalLine('opsu'), 'opus');
    assert.strictEqual(canonicalLine('haiuk'), 'haiku');
    assert.strictEqual(canonicalLine('Sonnet'), 'sonnet');
    assert.strictEqual(canonicalLine('code'), undefined);
    assert.strictEqual(canonicalLine('ai'), undefined);
  });

  it('compares generations as numbers; 4.6 and later pin without a date', () => {
    assert.ok(compareGenerations('5.5', '5') > 0);
    assert.ok(compareGenerations('5', '4.8') > 0);
    assert.strictEqual(compareGenerations('4.0', '4'), 0);
    assert.ok(compareGenerations(undefined, '3') < 0);
    assert.strictEqual(isPinnedWithoutDate('4.5'), false);
    assert.strictEqual(isPinnedWithoutDate('4.6'), true);
    assert.strictEqual(isPinnedWithoutDate('5'), true);
  });

  it('editDistance counts a swap of neighbours as one edit and stops at its limit', () => {
    assert.strictEqual(editDistance('opus', 'opus'), 0);
    assert.strictEqual(editDistance('opsu', 'opus'), 1);
    assert.strictEqual(editDistance('sonet', 'sonnet'), 1);
    assert.strictEqual(editDistance('kitten', 'sitting'), 3);
    assert.strictEqual(editDistance('abcdef', 'uvwxyz', 2), 3);
  });
});
