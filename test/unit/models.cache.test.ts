/// <reference types="mocha" />
// Keeping a fetched live list: round trip, validation of what comes back, freshness, per-endpoint keying.
import * as assert from 'assert';
import {
  cachedModelsFor,
  DEFAULT_CATALOG_CACHE_TTL_MS,
  deserializeCatalogCache,
  isFresh,
  isLiveModel,
  normalizeBaseURL,
  serializeCatalogCache,
  type CatalogCacheEntry,
} from '../../src/models/catalogCache';

const HOUR = 60 * 60 * 1000;
const FETCHED = Date.parse('2026-11-22T10:00:00Z');
const entry: CatalogCacheEntry = {
  fetchedAt: new Date(FETCHED).toISOString(),
  baseURL: 'https://api.anthropic.com',
  models: [
    { id: 'claude-opus-5', lifecycle: 'active', displayName: 'Claude Opus 5', createdAt: '2026-05-13', retiresAt: null, maxTokens: 128_000, line: 'opus' },
    { id: 'claude-2.1', lifecycle: 'retired', retiresAt: '2025-07-21', line: null },
  ],
};

describe('models: live list cache', () => {
  it('round-trips through a string and through the parsed object globalState returns', () => {
    const text = serializeCatalogCache(entry);
    assert.deepStrictEqual(deserializeCatalogCache(text), entry);
    assert.deepStrictEqual(deserializeCatalogCache(JSON.parse(text)), entry);
  });

  it('reads anything malformed as undefined', () => {
    const good = JSON.parse(serializeCatalogCache(entry)) as Record<string, unknown>;
    const broken: unknown[] = [
      undefined, null, 42, '', '{not json', '[]', {},
      { ...good, version: 2 },
      { ...good, fetchedAt: 'yesterday' },
      { ...good, fetchedAt: '2026-11-22' },
      { ...good, baseURL: 7 },
      { ...good, models: 'many' },
      { ...good, models: [{ id: 'claude-opus-5' }] },
      { ...good, models: [{ id: 'claude-opus-5', lifecycle: 'active', maxTokens: '128000' }] },
      { ...good, models: [{ id: 'claude-opus-5', lifecycle: 'active', retiresAt: '2026-13-01' }] },
    ];
    for (const stored of broken) assert.strictEqual(deserializeCatalogCache(stored), undefined, JSON.stringify(stored));
  });

  it('is fresh for 24 hours by default', () => {
    assert.strictEqual(DEFAULT_CATALOG_CACHE_TTL_MS, 24 * HOUR);
    assert.strictEqual(isFresh(entry, FETCHED + 23 * HOUR), true);
    assert.strictEqual(isFresh(entry, new Date(FETCHED + 24 * HOUR)), false);
    assert.strictEqual(isFresh(entry, FETCHED + 2 * HOUR, HOUR), false);
    assert.strictEqual(isFresh(entry, FETCHED - 60_000), true, 'a little clock skew is tolerated');
    assert.strictEqual(isFresh(entry, FETCHED - 2 * HOUR), false, 'an entry from the future is not trusted');
  });

  it('belongs to its endpoint: another base URL never reuses it', () => {
    assert.deepStrictEqual(cachedModelsFor(entry, 'https://api.anthropic.com/', FETCHED + HOUR), entry.models);
    assert.deepStrictEqual(cachedModelsFor(entry, 'https://API.anthropic.com', FETCHED + HOUR), entry.models);
    assert.strictEqual(cachedModelsFor(entry, 'http://127.0.0.1:8080', FETCHED + HOUR), undefined);
    assert.strictEqual(cachedModelsFor(entry, 'https://api.anthropic.com', FETCHED + 25 * HOUR), undefined);
    assert.strictEqual(cachedModelsFor(undefined, 'https://api.anthropic.com', FETCHED), undefined);
    assert.strictEqual(normalizeBaseURL('https://gateway.example.com/anthropic/'), 'https://gateway.example.com/anthropic');
  });

  it('isLiveModel accepts exactly the LiveModel shape', () => {
    for (const model of entry.models) assert.ok(isLiveModel(model), model.id);
    assert.ok(!isLiveModel({ id: 'claude-opus-5', lifecycle: 'paused' }));
    assert.ok(!isLiveModel({ id: '', lifecycle: 'active' }));
  });
});
