/// <reference types="mocha" />
import * as assert from 'assert';
import { fallbackChain } from '../../src/analysis/fixes/fallbackChain';
import { ModelCatalog } from '../../src/models/catalog';

describe('model fallback chain on overload', () => {
  const catalog = ModelCatalog.bundled();

  it('goes down the tiers to the newest current model of each: opus -> sonnet -> haiku', () => {
    assert.deepStrictEqual(fallbackChain(catalog, 'claude-opus-5').models, ['claude-opus-5', 'claude-sonnet-5-5', 'claude-haiku-5-5']);
    assert.deepStrictEqual(fallbackChain(catalog, 'claude-opus-4-6').models, ['claude-opus-4-6', 'claude-sonnet-5-5', 'claude-haiku-5-5']);
    assert.deepStrictEqual(fallbackChain(catalog, 'claude-sonnet-4-6').models, ['claude-sonnet-4-6', 'claude-haiku-5-5']);
  });

  it('has no fallback for the lowest tier, nor for a line it cannot rank', () => {
    assert.deepStrictEqual(fallbackChain(catalog, 'claude-haiku-5-5'), { models: ['claude-haiku-5-5'], reason: 'lowest-tier' });
    assert.deepStrictEqual(fallbackChain(catalog, 'claude-fable-5'), { models: ['claude-fable-5'], reason: 'unknown-line' });
    assert.deepStrictEqual(fallbackChain(catalog, 'claude-nonsense'), { models: ['claude-nonsense'], reason: 'unknown-line' });
  });

  it('follows the catalog: a lower tier with no current model is skipped, and aliases become their snapshot', () => {
    const small = ModelCatalog.fromModels(
      [
        { id: 'claude-opus-9', line: 'opus', generation: '9', lifecycle: 'active' },
        { id: 'claude-sonnet-1', line: 'sonnet', generation: '1', lifecycle: 'retired', retiresAt: '2020-01-01' },
        { id: 'claude-haiku-8-20300101', line: 'haiku', generation: '8', lifecycle: 'active', releasedAt: '2030-01-01' },
        { id: 'claude-haiku-8', line: 'haiku', generation: '8', lifecycle: 'active', aliasOf: 'claude-haiku-8-20300101' },
      ],
      { source: 'bundled', asOf: '2031-01-01' },
    );
    assert.deepStrictEqual(fallbackChain(small, 'claude-opus-9').models, ['claude-opus-9', 'claude-haiku-8-20300101']);
  });
});
