/// <reference types="mocha" />
// The bundled catalog judged against /work/shared/docs/claude-api-facts.md §1 on 2026-11-22. The
// expectations are written out here from the facts, not read from the bundle, so a missing or wrong
// bundle entry fails.
import * as assert from 'assert';
import bundledData from '../../src/models/bundledCatalog.json';
import { ModelCatalog } from '../../src/models/catalog';
import { looksLikeModelId, parseModelId } from '../../src/models/modelIds';
import type { Judgement, LiveModel } from '../../src/models/types';

const TODAY = '2026-11-22';
const catalog = ModelCatalog.bundled();

/** Narrows a judgement to one kind, failing with the whole judgement otherwise. */
function expectKind<K extends Judgement['kind']>(judgement: Judgement, kind: K): Extract<Judgement, { kind: K }> {
  assert.strictEqual(judgement.kind, kind, JSON.stringify(judgement));
  return judgement as Extract<Judgement, { kind: K }>;
}

const CURRENT = [
  'claude-haiku-4-5-20251001', 'claude-opus-4-5-20251101', 'claude-sonnet-4-6', 'claude-opus-4-6', 'claude-opus-4-7', 'claude-opus-4-8',
  'claude-sonnet-5', 'claude-opus-5', 'claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-fable-5', 'claude-fable-5-1',
  'claude-fable-5-2', 'claude-mythos-5', 'claude-mythos-5-1', 'claude-mythos-5-2',
];
const ALIASES: [string, string][] = [
  ['claude-haiku-4-5', 'claude-haiku-4-5-20251001'],
  ['claude-opus-4-5', 'claude-opus-4-5-20251101'],
];
/** id, retirement date, replacement: the facts' own, else the newest current model of the line (our rule). */
const RETIRED: [string, string, string][] = [
  ['claude-opus-4-1-20250805', '2026-08-05', 'claude-opus-4-8'],
  ['claude-opus-4-1', '2026-08-05', 'claude-opus-4-8'],
  ['claude-sonnet-4-20250514', '2026-06-15', 'claude-sonnet-4-6'],
  ['claude-sonnet-4-0', '2026-06-15', 'claude-sonnet-4-6'],
  ['claude-opus-4-20250514', '2026-06-15', 'claude-opus-4-8'],
  ['claude-opus-4-0', '2026-06-15', 'claude-opus-4-8'],
  ['claude-4-opus-20250514', '2026-06-15', 'claude-opus-4-8'],
  ['claude-4-sonnet-20250514', '2026-06-15', 'claude-sonnet-4-6'],
  ['claude-3-haiku-20240307', '2026-04-20', 'claude-haiku-5-5'],
  ['claude-3-7-sonnet-20250219', '2026-02-19', 'claude-sonnet-5-5'],
  ['claude-3-7-sonnet-latest', '2026-02-19', 'claude-sonnet-5-5'],
  ['claude-3-5-haiku-20241022', '2026-02-19', 'claude-haiku-5-5'],
  ['claude-3-5-haiku-latest', '2026-02-19', 'claude-haiku-5-5'],
  ['claude-3-opus-20240229', '2026-01-05', 'claude-opus-5-5'],
  ['claude-3-opus-latest', '2026-01-05', 'claude-opus-5-5'],
  ['claude-3-5-sonnet-20240620', '2025-10-28', 'claude-sonnet-5-5'],
  ['claude-3-5-sonnet-20241022', '2025-10-28', 'claude-sonnet-5-5'],
  ['claude-3-5-sonnet-latest', '2025-10-28', 'claude-sonnet-5-5'],
  ['claude-3-sonnet-20240229', '2025-07-21', 'claude-sonnet-5-5'],
  ['claude-2.0', '2025-07-21', 'claude-sonnet-5-5'],
  ['claude-2.1', '2025-07-21', 'claude-sonnet-5-5'],
  // The undated 2.x name that legacy code still carries (issue 7 item 6): retired with 2.0 and 2.1.
  ['claude-2', '2025-07-21', 'claude-sonnet-5-5'],
  // claude-1.x and claude-instant-1.x, expanded into the IDs the API served (our reading of "1.x")
  ...['claude-1', 'claude-1-100k', 'claude-1.0', 'claude-1.2', 'claude-1.3', 'claude-1.3-100k'].map(
    (id): [string, string, string] => [id, '2024-11-06', 'claude-sonnet-5-5'],
  ),
  ...['claude-instant-1', 'claude-instant-1-100k', 'claude-instant-1.0', 'claude-instant-1.1', 'claude-instant-1.1-100k', 'claude-instant-1.2'].map(
    (id): [string, string, string] => [id, '2024-11-06', 'claude-haiku-5-5'],
  ),
  // The first API's spellings of the same 1.x models (claude-v1.3, claude-instant-v1): retired, not unknown.
  ...['claude-v1', 'claude-v1-100k', 'claude-v1.0', 'claude-v1.2', 'claude-v1.3', 'claude-v1.3-100k'].map(
    (id): [string, string, string] => [id, '2024-11-06', 'claude-sonnet-5-5'],
  ),
  ...['claude-instant-v1', 'claude-instant-v1-100k', 'claude-instant-v1.0', 'claude-instant-v1.1', 'claude-instant-v1.1-100k', 'claude-instant-v1.2'].map(
    (id): [string, string, string] => [id, '2024-11-06', 'claude-haiku-5-5'],
  ),
];
const NEVER_EXISTED = [
  'claude-haiku-4-20250514', 'claude-haiku-4-5-20250929', 'claude-opus-4-5-20250514', 'claude-sonnet-4-5-latest',
  'claude-sonnet-latest', 'claude-3-opus', 'claude-opus-3', 'claude-4.5-sonnet',
];

describe('models: catalog judged against the facts file', () => {
  it('the bundle is dated and holds exactly the facts IDs (and no never-existed name)', () => {
    assert.strictEqual(bundledData.asOf, TODAY);
    assert.deepStrictEqual(catalog.source, { source: 'bundled', asOf: TODAY });
    const expected = [
      ...CURRENT, ...ALIASES.map(([id]) => id), 'claude-sonnet-4-5', 'claude-sonnet-4-5-20250929', 'claude-mythos-preview', ...RETIRED.map(([id]) => id),
    ].sort();
    assert.deepStrictEqual(catalog.models().map((m) => m.id).sort(), expected);
    for (const id of NEVER_EXISTED) assert.strictEqual(catalog.info(id), undefined, id);
  });

  it('names its source by the published facts and their date, not by a file of the machine it was written on', () => {
    assert.doesNotMatch(bundledData.source, /(^|\s)\/|[A-Za-z]:\\|\.md\b/, 'no file path');
    assert.match(bundledData.source, /Anthropic/);
    assert.ok(bundledData.source.includes(bundledData.asOf), 'the date the facts were checked');
  });

  it('every bundled entry has a line, a consistent generation, and points only at known IDs', () => {
    for (const model of catalog.models()) {
      assert.ok(model.line, model.id);
      assert.ok(looksLikeModelId(model.id), model.id);
      const parts = parseModelId(model.id);
      if (model.generation !== undefined) assert.strictEqual(Number(parts?.generation), Number(model.generation), model.id);
      if (parts?.line !== undefined) assert.strictEqual(parts.line, model.line, model.id);
      for (const ref of [model.aliasOf, model.replacement]) if (ref !== undefined) assert.ok(catalog.info(ref), `${model.id} -> ${ref}`);
      assert.strictEqual(model.releasedAt, undefined, 'the facts give no release dates');
    }
  });

  it('active models are current', () => {
    for (const id of CURRENT) assert.strictEqual(expectKind(catalog.judge(id, TODAY), 'current').model.id, id);
  });

  it('4.6+ undated IDs are pinned snapshots, not aliases (no false positive)', () => {
    for (const id of ['claude-opus-5', 'claude-sonnet-4-6', 'claude-opus-4-6', 'claude-fable-5-2']) expectKind(catalog.judge(id, TODAY), 'current');
  });

  it('pre-4.6 undated names of current models are aliases of their dated snapshot', () => {
    for (const [id, target] of ALIASES) assert.strictEqual(expectKind(catalog.judge(id, TODAY), 'alias').target, target);
  });

  it('claude-sonnet-4-5(-20250929): deprecated, 8 days left on 2026-11-22, replacement claude-sonnet-5-5', () => {
    for (const id of ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5']) {
      const judgement = expectKind(catalog.judge(id, TODAY), 'deprecated');
      assert.strictEqual(judgement.retiresAt, '2026-11-30');
      assert.strictEqual(judgement.daysLeft, 8);
      assert.strictEqual(judgement.replacement, 'claude-sonnet-5-5');
      assert.strictEqual(judgement.overdue, undefined);
      assert.strictEqual(expectKind(catalog.judge(id, '2026-11-29'), 'deprecated').daysLeft, 1);
    }
  });

  it('claude-sonnet-4-5(-20250929): retired from 2026-11-30 on', () => {
    for (const id of ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5']) {
      for (const day of ['2026-11-30', '2027-03-01']) {
        const judgement = expectKind(catalog.judge(id, day), 'retired');
        assert.strictEqual(judgement.retiredAt, '2026-11-30');
        assert.strictEqual(judgement.replacement, 'claude-sonnet-5-5');
      }
    }
  });

  it('claude-mythos-preview: deprecated and overdue (end of life 2026-06-30 was before the snapshot), replaced by the newest mythos', () => {
    const judgement = expectKind(catalog.judge('claude-mythos-preview', TODAY), 'deprecated');
    assert.strictEqual(judgement.retiresAt, '2026-06-30');
    assert.strictEqual(judgement.overdue, true);
    assert.strictEqual(judgement.daysLeft, 0);
    assert.strictEqual(judgement.replacement, 'claude-mythos-5-2');
  });

  it('retired models with their retirement dates and replacements', () => {
    for (const [id, retiredAt, replacement] of RETIRED) {
      const judgement = expectKind(catalog.judge(id, TODAY), 'retired');
      assert.deepStrictEqual([judgement.retiredAt, judgement.replacement], [retiredAt, replacement], id);
    }
  });

  it('the never-existed names are unknown, with a closest real ID and usable suggestions', () => {
    for (const id of NEVER_EXISTED) {
      assert.ok(looksLikeModelId(id), id);
      const judgement = expectKind(catalog.judge(id, TODAY), 'unknown');
      assert.ok(judgement.closest && catalog.info(judgement.closest), id);
      assert.ok(judgement.suggestions.length > 0, id);
      for (const suggestion of judgement.suggestions) assert.strictEqual(catalog.stateOn(suggestion, TODAY), 'active', `${id} -> ${suggestion}`);
    }
  });

  it('judges a past day from the dates: before retirement a retired model was deprecated', () => {
    const judgement = expectKind(catalog.judge('claude-3-opus-20240229', '2025-12-31'), 'deprecated');
    assert.strictEqual(judgement.daysLeft, 5);
    assert.strictEqual(judgement.retiresAt, '2026-01-05');
    expectKind(catalog.judge('claude-3-opus-20240229', '2026-01-05'), 'retired');
  });

  describe('Bedrock and Vertex spellings', () => {
    it('a valid platform spelling of a current model is fine', () => {
      for (const id of ['anthropic.claude-haiku-4-5-20251001-v1:0', 'global.anthropic.claude-opus-4-6-v1', 'claude-haiku-4-5@20251001']) {
        const judgement = expectKind(catalog.judge(id, TODAY), 'platform');
        expectKind(judgement.base, 'current');
      }
      const vertex = expectKind(catalog.judge('claude-haiku-4-5@20251001', TODAY), 'platform');
      assert.deepStrictEqual([vertex.platform, vertex.baseId], ['vertex', 'claude-haiku-4-5-20251001']);
    });

    it('a retired model is retired everywhere', () => {
      const bedrock = expectKind(catalog.judge('us.anthropic.claude-3-opus-20240229-v1:0', TODAY), 'platform');
      assert.strictEqual(bedrock.platform, 'bedrock');
      assert.strictEqual(expectKind(bedrock.base, 'retired').replacement, 'claude-opus-5-5');
      const vertex = expectKind(catalog.judge('claude-3-5-sonnet-v2@20241022', TODAY), 'platform');
      expectKind(vertex.base, 'retired');
    });

    it('a platform spelling of a model that never existed is unknown underneath', () => {
      const judgement = expectKind(catalog.judge('claude-haiku-4-5@20250929', TODAY), 'platform');
      assert.strictEqual(expectKind(judgement.base, 'unknown').closest, 'claude-haiku-4-5-20251001');
    });
  });

  it('newestOfLine: highest generation among current models; none for lines without current models', () => {
    assert.strictEqual(catalog.newestOfLine('opus')?.id, 'claude-opus-5-5');
    assert.strictEqual(catalog.newestOfLine('sonnet')?.id, 'claude-sonnet-5-5');
    assert.strictEqual(catalog.newestOfLine('haiku')?.id, 'claude-haiku-5-5');
    assert.strictEqual(catalog.newestOfLine('fable')?.id, 'claude-fable-5-2');
    assert.strictEqual(catalog.newestOfLine('mythos')?.id, 'claude-mythos-5-2');
    assert.strictEqual(catalog.newestOfLine('instant'), undefined);
    assert.strictEqual(catalog.newestOfLine('claude'), undefined);
  });

  it('newestOfLine prefers the dated snapshot to its alias', () => {
    const small = ModelCatalog.fromModels(
      [
        { id: 'claude-haiku-4-5', aliasOf: 'claude-haiku-4-5-20251001', lifecycle: 'active', line: 'haiku', generation: '4.5' },
        { id: 'claude-haiku-4-5-20251001', lifecycle: 'active', line: 'haiku', generation: '4.5' },
        { id: 'claude-3-5-haiku-20241022', lifecycle: 'active', line: 'haiku', generation: '3.5' },
      ],
      { source: 'bundled', asOf: TODAY },
    );
    assert.strictEqual(small.newestOfLine('haiku')?.id, 'claude-haiku-4-5-20251001');
  });

  it('info returns copies: callers cannot change the catalog', () => {
    const info = catalog.info('claude-opus-5');
    assert.ok(info);
    info.lifecycle = 'retired';
    assert.strictEqual(catalog.info('claude-opus-5')?.lifecycle, 'active');
  });

  describe('withLive (lists built here; the fetch itself is tested against the fake API)', () => {
    const FETCHED = '2026-11-22';

    it('marks the catalog live with the fetch day and keeps bundle-only IDs', () => {
      const live = catalog.withLive([{ id: 'claude-opus-5', lifecycle: 'active', displayName: 'Claude Opus 5' }], FETCHED);
      assert.deepStrictEqual(live.source, { source: 'live', asOf: FETCHED });
      assert.strictEqual(live.info('claude-opus-5')?.displayName, 'Claude Opus 5');
      assert.ok(live.info('claude-1.0'));
      assert.strictEqual(expectKind(live.judge('claude-haiku-4-5', TODAY), 'alias').target, 'claude-haiku-4-5-20251001');
      assert.strictEqual(catalog.source.source, 'bundled', 'the bundled catalog itself is unchanged');
    });

    it('live wins for lifecycle and dates: a newly deprecated model counts down to its new date', () => {
      const live = catalog.withLive([{ id: 'claude-opus-4-8', lifecycle: 'deprecated', deprecatedAt: '2026-11-01', retiresAt: '2026-12-01' }], FETCHED);
      const judgement = expectKind(live.judge('claude-opus-4-8', TODAY), 'deprecated');
      assert.strictEqual(judgement.daysLeft, 9);
      assert.strictEqual(judgement.replacement, 'claude-opus-5-5');
      // claude-opus-4-1's recorded replacement is no longer current: follow on to the newest opus.
      assert.strictEqual(expectKind(live.judge('claude-opus-4-1', '2026-12-02'), 'retired').replacement, 'claude-opus-5-5');
    });

    it('an alias follows its dated target when live moves the retirement date', () => {
      const live = catalog.withLive([{ id: 'claude-sonnet-4-5-20250929', lifecycle: 'deprecated', retiresAt: '2027-01-31' }], FETCHED);
      for (const id of ['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929']) {
        assert.strictEqual(expectKind(live.judge(id, '2026-12-15'), 'deprecated').retiresAt, '2027-01-31', id);
      }
    });

    it('live says retired: retired, whatever the bundle said', () => {
      const live = catalog.withLive([{ id: 'claude-mythos-preview', lifecycle: 'retired', retiresAt: '2026-06-30' }], FETCHED);
      assert.strictEqual(expectKind(live.judge('claude-mythos-preview', TODAY), 'retired').retiredAt, '2026-06-30');
    });

    it('a live null date clears the bundled one; an absent one keeps it', () => {
      const cleared = catalog.withLive([{ id: 'claude-sonnet-4-5-20250929', lifecycle: 'deprecated', retiresAt: null }], FETCHED);
      const unscheduled = expectKind(cleared.judge('claude-sonnet-4-5-20250929', '2026-12-15'), 'deprecated');
      assert.strictEqual(unscheduled.retiresAt, '');
      assert.strictEqual(unscheduled.daysLeft, Number.POSITIVE_INFINITY);
      const kept = catalog.withLive([{ id: 'claude-sonnet-4-5-20250929', lifecycle: 'deprecated' }], FETCHED);
      assert.strictEqual(kept.info('claude-sonnet-4-5-20250929')?.retiresAt, '2026-11-30');
    });

    it('adds live IDs the bundle does not know, and they become the newest of their line and the computed replacement', () => {
      const newModel: LiveModel = { id: 'claude-opus-6', lifecycle: 'active', createdAt: '2026-11-20', line: 'opus', maxInputTokens: 1_000_000, maxTokens: 128_000 };
      const live = catalog.withLive([newModel], FETCHED);
      const info = live.info('claude-opus-6');
      assert.deepStrictEqual(info, {
        id: 'claude-opus-6', lifecycle: 'active', releasedAt: '2026-11-20', line: 'opus', generation: '6', contextWindow: 1_000_000, maxOutput: 128_000,
      });
      expectKind(live.judge('claude-opus-6', TODAY), 'current');
      assert.strictEqual(live.newestOfLine('opus')?.id, 'claude-opus-6');
      assert.strictEqual(expectKind(live.judge('claude-3-opus-20240229', TODAY), 'retired').replacement, 'claude-opus-6');
      assert.strictEqual(expectKind(live.judge('claude-opus-4-1', TODAY), 'retired').replacement, 'claude-opus-4-8', 'a recorded replacement still wins');
    });

    it('a model deprecated in live data retires on its date after the fetch, but not when the fetch already saw it overdue', () => {
      const live = catalog.withLive([{ id: 'claude-fable-5', lifecycle: 'deprecated', retiresAt: '2026-12-01' }], FETCHED);
      expectKind(live.judge('claude-fable-5', '2026-12-01'), 'retired');
      const overdue = catalog.withLive([{ id: 'claude-fable-5', lifecycle: 'deprecated', retiresAt: '2026-11-01' }], FETCHED);
      assert.strictEqual(expectKind(overdue.judge('claude-fable-5', '2026-12-01'), 'deprecated').overdue, true);
    });

    it('skips malformed entries instead of throwing', () => {
      const garbage = [null, { id: 42, lifecycle: 'active' }, { id: 'claude-x-9', lifecycle: 'gone' }] as unknown as LiveModel[];
      const live = catalog.withLive(garbage, FETCHED);
      assert.strictEqual(live.models().length, catalog.models().length);
    });
  });
});
