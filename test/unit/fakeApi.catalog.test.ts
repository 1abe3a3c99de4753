/// <reference types="mocha" />
// The fake's model catalogue against the facts file (§1), so a fixture error
// cannot pass for an extension bug.
import * as assert from 'assert';
import { findModel, MODEL_ALIASES, MODEL_CATALOG, modelsIn } from '../fake-api/catalog';

const ids = (lifecycle: string) => MODEL_CATALOG.filter((m) => m.lifecycle === lifecycle).map((m) => m.id).sort();

describe('fake Claude API: model catalogue', () => {
  it('is newest first by created_at, ids unique, every entry a full "model"', () => {
    const created = MODEL_CATALOG.map((m) => m.created_at);
    assert.deepStrictEqual(created, [...created].sort().reverse());
    assert.strictEqual(new Set(MODEL_CATALOG.map((m) => m.id)).size, MODEL_CATALOG.length);
    for (const m of MODEL_CATALOG) {
      assert.strictEqual(m.type, 'model');
      assert.ok(m.display_name && m.max_input_tokens && m.max_tokens && m.capabilities, m.id);
      assert.strictEqual(m.deprecated_at === null, m.lifecycle === 'active', `${m.id}: deprecated_at only once deprecated`);
      assert.strictEqual(m.retires_at === null, m.lifecycle === 'active', `${m.id}: retires_at only once deprecated`);
    }
  });

  it('has the active and deprecated models of the facts file', () => {
    assert.deepStrictEqual(ids('active'), [
      'claude-fable-5', 'claude-fable-5-1', 'claude-fable-5-2', 'claude-haiku-4-5-20251001', 'claude-haiku-5-5',
      'claude-mythos-5', 'claude-mythos-5-1', 'claude-mythos-5-2', 'claude-opus-4-5-20251101', 'claude-opus-4-6',
      'claude-opus-4-7', 'claude-opus-4-8', 'claude-opus-5', 'claude-opus-5-5', 'claude-sonnet-4-6', 'claude-sonnet-5',
      'claude-sonnet-5-5',
    ]);
    assert.deepStrictEqual(ids('deprecated'), ['claude-mythos-preview', 'claude-sonnet-4-5-20250929']);
    assert.strictEqual(findModel('claude-sonnet-4-5')?.retires_at, '2026-11-30T00:00:00Z');
    assert.strictEqual(findModel('claude-mythos-preview')?.retires_at, '2026-06-30T00:00:00Z');
  });

  it('has the retired models with their retirement dates', () => {
    const retired: [string, string][] = [
      ['claude-opus-4-1', '2026-08-05'],
      ['claude-sonnet-4-0', '2026-06-15'],
      ['claude-opus-4-0', '2026-06-15'],
      ['claude-4-opus-20250514', '2026-06-15'],
      ['claude-3-haiku-20240307', '2026-04-20'],
      ['claude-3-7-sonnet-latest', '2026-02-19'],
      ['claude-3-5-haiku-latest', '2026-02-19'],
      ['claude-3-opus-latest', '2026-01-05'],
      ['claude-3-5-sonnet-20240620', '2025-10-28'],
      ['claude-3-5-sonnet-latest', '2025-10-28'],
      ['claude-3-sonnet-20240229', '2025-07-21'],
      ['claude-2.0', '2025-07-21'],
      ['claude-2.1', '2025-07-21'],
    ];
    for (const [id, date] of retired) {
      const m = findModel(id);
      assert.strictEqual(m?.lifecycle, 'retired', id);
      assert.strictEqual(m.retires_at, `${date}T00:00:00Z`, id);
    }
    assert.deepStrictEqual(modelsIn(['retired']).map((m) => m.id).sort(), ids('retired'));
  });

  it('resolves every alias to an entry and knows none of the never-existed ids', () => {
    for (const [alias, target] of Object.entries(MODEL_ALIASES)) assert.strictEqual(findModel(alias)?.id, target, alias);
    assert.strictEqual(findModel('claude-haiku-4-5')?.id, 'claude-haiku-4-5-20251001');
    for (const id of [
      'claude-haiku-4-20250514', 'claude-haiku-4-5-20250929', 'claude-opus-4-5-20250514', 'claude-sonnet-4-5-latest',
      'claude-sonnet-latest', 'claude-3-opus', 'claude-opus-3', 'claude-4.5-sonnet', 'constructor', '__proto__',
    ]) {
      assert.strictEqual(findModel(id), undefined, id);
    }
  });
});
