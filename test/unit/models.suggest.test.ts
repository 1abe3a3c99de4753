/// <reference types="mocha" />
// "Did you mean" for unknown IDs, one naming-scheme mistake per test.
import * as assert from 'assert';
import { ModelCatalog } from '../../src/models/catalog';
import { closestModelId, suggestModels } from '../../src/models/suggest';

const TODAY = '2026-11-22';
const catalog = ModelCatalog.bundled();

function check(id: string, closest: string | undefined, suggestions: string[]): void {
  assert.deepStrictEqual(suggestModels(id, catalog, TODAY), closest === undefined ? { suggestions } : { closest, suggestions }, id);
  const judgement = catalog.judge(id, TODAY);
  assert.strictEqual(judgement.kind, 'unknown', id);
}

describe('models: suggestions for unknown IDs', () => {
  it('dots for dashes: claude-3.5-sonnet-20241022 (retired) -> its replacement', () => {
    check('claude-3.5-sonnet-20241022', 'claude-3-5-sonnet-20241022', ['claude-sonnet-5-5']);
  });

  it('word order: claude-4.5-sonnet -> the claude-sonnet-4-5 alias (deprecated) -> claude-sonnet-5-5', () => {
    check('claude-4.5-sonnet', 'claude-sonnet-4-5', ['claude-sonnet-5-5']);
  });

  it('word order the other way: claude-sonnet-3-7-20250219 -> claude-3-7-sonnet-20250219', () => {
    check('claude-sonnet-3-7-20250219', 'claude-3-7-sonnet-20250219', ['claude-sonnet-5-5']);
  });

  it('wrong date: claude-haiku-4-5-20250929 -> claude-haiku-4-5-20251001 (current, first), then the newest haiku', () => {
    check('claude-haiku-4-5-20250929', 'claude-haiku-4-5-20251001', ['claude-haiku-4-5-20251001', 'claude-haiku-5-5']);
  });

  it('wrong date: claude-opus-4-5-20250514 -> claude-opus-4-5-20251101', () => {
    check('claude-opus-4-5-20250514', 'claude-opus-4-5-20251101', ['claude-opus-4-5-20251101', 'claude-opus-5-5']);
  });

  it('a generation the line never had: claude-haiku-4-20250514 -> the nearest haiku, 4.5 rather than 3.5', () => {
    check('claude-haiku-4-20250514', 'claude-haiku-4-5-20251001', ['claude-haiku-4-5-20251001', 'claude-haiku-5-5']);
  });

  it('-latest that never existed, with a generation: claude-sonnet-4-5-latest -> claude-sonnet-4-5', () => {
    check('claude-sonnet-4-5-latest', 'claude-sonnet-4-5', ['claude-sonnet-5-5']);
  });

  it('-latest that never existed, without a generation: claude-sonnet-latest -> the newest sonnet', () => {
    check('claude-sonnet-latest', 'claude-sonnet-5-5', ['claude-sonnet-5-5']);
  });

  it('missing date: claude-3-opus -> claude-3-opus-20240229 (retired) -> the newest opus', () => {
    check('claude-3-opus', 'claude-3-opus-20240229', ['claude-opus-5-5']);
  });

  it('new-style order for an old model: claude-opus-3 -> claude-3-opus-20240229', () => {
    check('claude-opus-3', 'claude-3-opus-20240229', ['claude-opus-5-5']);
  });

  it('a date added to a 4.6+ ID: claude-sonnet-4-6-20260101 -> claude-sonnet-4-6', () => {
    check('claude-sonnet-4-6-20260101', 'claude-sonnet-4-6', ['claude-sonnet-4-6', 'claude-sonnet-5-5']);
  });

  it('typo in the line: claude-sonet-4-6 -> claude-sonnet-4-6', () => {
    check('claude-sonet-4-6', 'claude-sonnet-4-6', ['claude-sonnet-4-6', 'claude-sonnet-5-5']);
  });

  it('typo in the date: claude-3-opus-2024029 and claude-haiku-4-5-2025100', () => {
    check('claude-3-opus-2024029', 'claude-3-opus-20240229', ['claude-opus-5-5']);
    check('claude-haiku-4-5-2025100', 'claude-haiku-4-5-20251001', ['claude-haiku-4-5-20251001', 'claude-haiku-5-5']);
  });

  it('plain typo the scheme cannot read: edit distance', () => {
    check('claude-3-opus-20240229x', 'claude-3-opus-20240229', ['claude-opus-5-5']);
    check('claude-mythos-preveiw', 'claude-mythos-preview', ['claude-mythos-5-2']);
  });

  it('wrong case: the exact ID in lower case', () => {
    check('Claude-Opus-5', 'claude-opus-5', ['claude-opus-5', 'claude-opus-5-5']);
  });

  it('unlined old names: claude-2.2 -> claude-2.1 (retired) -> a current sonnet', () => {
    check('claude-2.2', 'claude-2.1', ['claude-sonnet-5-5']);
  });

  it('too vague to guess: no closest, no suggestions', () => {
    check('claude-3', undefined, []);
    check('claude-aria-6', undefined, []);
  });

  it('suggestions follow the judgement day: after claude-sonnet-4-5 retires its replacement still leads', () => {
    assert.deepStrictEqual(suggestModels('claude-sonnet-4-5-latest', catalog, '2026-12-15'), { closest: 'claude-sonnet-4-5', suggestions: ['claude-sonnet-5-5'] });
  });

  it('never more than 3 suggestions, never duplicates, only usable IDs', () => {
    for (const id of ['claude-sonet-4-6', 'claude-opus-4-7-20260101', 'claude-fable-3', 'claude-mythos', 'claude-haiku']) {
      const { suggestions } = suggestModels(id, catalog, TODAY);
      assert.ok(suggestions.length <= 3, id);
      assert.strictEqual(new Set(suggestions).size, suggestions.length, id);
      for (const s of suggestions) assert.strictEqual(catalog.stateOn(s, TODAY), 'active', `${id} -> ${s}`);
    }
  });

  it('closestModelId is usable alone', () => {
    assert.strictEqual(closestModelId('claude-3-5-sonnet', catalog), 'claude-3-5-sonnet-20241022');
  });
});
