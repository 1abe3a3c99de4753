/// <reference types="mocha" />
// parseStatusSummary on constructed Statuspage JSON: renamed components, groups and hidden components,
// incidents and maintenance windows, missing fields and garbage (skipped, never thrown).
import * as assert from 'assert';
import { apiComponentScore, parseStatusSummary } from '../../src/health/statusPageParse';
import type { StatusPageSnapshot } from '../../src/health/types';

const PAGE = 'https://status.claude.com';
const T = Date.UTC(2026, 10, 22, 12, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

function parse(json: unknown): StatusPageSnapshot {
  const snapshot = parseStatusSummary(json, PAGE, T);
  assert.ok(snapshot, 'expected a snapshot');
  return snapshot;
}

const component = (name: string, status = 'operational', extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: name.slice(0, 8),
  name,
  status,
  group_id: null,
  group: false,
  only_show_if_degraded: false,
  ...extra,
});

const summaryWith = (components: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  page: { id: 'p', name: 'Claude', url: PAGE },
  status: { indicator: 'none', description: 'All Systems Operational' },
  components,
  incidents: [],
  scheduled_maintenances: [],
  ...extra,
});

describe('health: parseStatusSummary', () => {
  describe('finding the Claude API component', () => {
    const renames: Array<[string[], string | undefined]> = [
      [['claude.ai', 'platform.claude.com (formerly console.anthropic.com)', 'Claude API (api.anthropic.com)', 'Claude Code'], 'Claude API (api.anthropic.com)'],
      [['claude.ai', 'Claude API', 'Claude Code'], 'Claude API'],
      [['claude.ai', 'Anthropic API'], 'Anthropic API'],
      [['Website', 'API'], 'API'],
      [['Admin API', 'Claude API'], 'Claude API'],
      [['API', 'api.anthropic.com'], 'api.anthropic.com'],
      [['Claude Developer Platform (API)', 'claude.ai'], 'Claude Developer Platform (API)'],
      [['platform.claude.com (formerly console.anthropic.com)', 'claude.ai', 'Claude Code'], undefined],
      [['Console API settings', 'claude.ai'], undefined],
      [['Rapid deploy', 'Capital'], undefined], // "api" inside words does not count
    ];
    for (const [names, expected] of renames) {
      it(`${names.join(' | ')} -> ${expected ?? 'none'}`, () => {
        assert.strictEqual(parse(summaryWith(names.map((n) => component(n)))).apiComponent?.name, expected);
      });
    }

    it('scores: the host name best, never the console', () => {
      assert.ok(apiComponentScore('Claude API (api.anthropic.com)') > apiComponentScore('Claude API'));
      assert.ok(apiComponentScore('Claude API') > apiComponentScore('Claude Code API'));
      assert.ok(apiComponentScore('Anthropic API') > apiComponentScore('API'));
      assert.ok(apiComponentScore('API') > apiComponentScore('Public API'));
      assert.strictEqual(apiComponentScore('platform.claude.com (formerly console.anthropic.com)'), 0);
      assert.strictEqual(apiComponentScore('claude.ai'), 0);
    });

    it("takes the leaf's status over a group of the same name", () => {
      const snapshot = parse(summaryWith([
        component('Claude API', 'partial_outage', { group: true, components: ['leaf'] }),
        component('Claude API', 'major_outage', { group_id: 'Claude A' }),
      ]));
      assert.deepStrictEqual(snapshot.apiComponent, { name: 'Claude API', status: 'major_outage' });
    });
  });

  describe('components', () => {
    it('skips group containers and operational only_show_if_degraded ones', () => {
      const snapshot = parse(summaryWith([
        component('Claude', 'operational', { group: true, components: ['a', 'b'] }),
        component('claude.ai'),
        component('Claude API (api.anthropic.com)', 'operational', { only_show_if_degraded: true }),
        component('Batch API', 'degraded_performance', { only_show_if_degraded: true }),
      ]));
      assert.deepStrictEqual(snapshot.components, [
        { name: 'claude.ai', status: 'operational' },
        { name: 'Batch API', status: 'degraded_performance' },
      ]);
      assert.deepStrictEqual(snapshot.apiComponent, { name: 'Claude API (api.anthropic.com)', status: 'operational' }, 'hidden, still matched');
    });

    it('unknown statuses are "unknown"; nameless or non-object entries are skipped', () => {
      const snapshot = parse(summaryWith([component('claude.ai', 'on_fire'), { status: 'operational' }, { name: 42 }, null, 'x', [], component('Claude API', 7 as unknown as string)]));
      assert.deepStrictEqual(snapshot.components, [
        { name: 'claude.ai', status: 'unknown' },
        { name: 'Claude API', status: 'unknown' },
      ]);
    });

    it('caps lists and long names', () => {
      const many = Array.from({ length: 500 }, (_, i) => component(`Component ${i} ${'x'.repeat(500)}`));
      const snapshot = parse(summaryWith(many));
      assert.strictEqual(snapshot.components.length, 100);
      assert.ok(snapshot.components.every((c) => c.name.length <= 200));
    });
  });

  describe('indicator and description', () => {
    for (const indicator of ['none', 'minor', 'major', 'critical', 'maintenance'] as const) {
      it(`${indicator} is kept`, () => {
        assert.strictEqual(parse({ status: { indicator, description: 'Said by the page' } }).indicator, indicator);
      });
    }

    it('a missing description gets a default; a wrong indicator with components is "unknown"', () => {
      assert.strictEqual(parse({ status: { indicator: 'critical' } }).description, 'Major Service Outage');
      const snapshot = parse({ status: { indicator: 'purple' }, components: [component('Claude API')] });
      assert.strictEqual(snapshot.indicator, 'unknown');
      assert.strictEqual(snapshot.description, 'Status unknown');
    });

    it('status.json (page and status only): empty lists', () => {
      const snapshot = parse({ page: { id: 'p' }, status: { indicator: 'minor', description: 'Minor Service Outage' } });
      assert.deepStrictEqual([snapshot.components, snapshot.incidents, snapshot.maintenances, snapshot.apiComponent], [[], [], [], undefined]);
      assert.strictEqual(snapshot.pageUrl, PAGE);
      assert.strictEqual(snapshot.fetchedAt, T);
    });
  });

  describe('incidents', () => {
    it('keeps unresolved ones, with what the tooltip needs', () => {
      const snapshot = parse(summaryWith([], {
        incidents: [
          { id: 'i1', name: 'Elevated errors on Claude API', status: 'investigating', impact: 'major', shortlink: 'https://stspg.io/abc', started_at: iso(T - 60_000) },
          { id: 'i2', name: 'Fixed already', status: 'resolved', impact: 'minor' },
          { id: 'i3', name: 'Postmortem', status: 'postmortem', impact: 'minor' },
          { id: 'i4', name: 'Sparse', created_at: iso(T - 1_000), shortlink: 'javascript:alert(1)' },
          { name: 42, status: 'investigating' },
        ],
      }));
      assert.deepStrictEqual(snapshot.incidents, [
        { id: 'i1', name: 'Elevated errors on Claude API', status: 'investigating', impact: 'major', url: 'https://stspg.io/abc', startedAt: iso(T - 60_000) },
        { id: 'i4', name: 'Sparse', status: 'unknown', impact: 'unknown', startedAt: iso(T - 1_000) },
      ]);
    });
  });

  describe('maintenances', () => {
    const window = (name: string, status: string, fromMs: number, untilMs: number): Record<string, unknown> => ({
      id: name,
      name,
      status,
      impact: 'maintenance',
      shortlink: `https://stspg.io/${name}`,
      scheduled_for: iso(T + fromMs),
      scheduled_until: iso(T + untilMs),
    });

    it('in progress, verifying, or scheduled with a window covering now', () => {
      const snapshot = parse(summaryWith([], {
        scheduled_maintenances: [
          window('running', 'in_progress', -60_000, 60_000),
          window('checking', 'verifying', -120_000, -60_000),
          window('due', 'scheduled', -1_000, 60_000),
          window('later', 'scheduled', 60_000, 120_000),
          window('done', 'completed', -120_000, -60_000),
          { name: 'no window', status: 'scheduled' },
          { name: 'bad window', status: 'scheduled', scheduled_for: 'soon', scheduled_until: 7 },
        ],
      }));
      assert.deepStrictEqual(snapshot.maintenances.map((m) => m.name), ['running', 'checking', 'due']);
      assert.deepStrictEqual(snapshot.maintenances[0], {
        id: 'running',
        name: 'running',
        status: 'in_progress',
        url: 'https://stspg.io/running',
        scheduledFor: iso(T - 60_000),
        scheduledUntil: iso(T + 60_000),
      });
    });
  });

  describe('garbage', () => {
    it('not a status page at all -> undefined', () => {
      for (const json of [null, undefined, 42, 'summary', [], {}, { status: {} }, { page: null, status: {} }, { status: { indicator: 'sort-of' }, components: 'unavailable', incidents: null }]) {
        assert.strictEqual(parseStatusSummary(json, PAGE, T), undefined, JSON.stringify(json));
      }
    });

    it('wrong types inside a good summary are skipped', () => {
      const snapshot = parse({
        status: { indicator: 'major', description: ['x'] },
        components: { not: 'an array' },
        incidents: 'none',
        scheduled_maintenances: [null, 1, { status: 'in_progress' }],
      });
      assert.strictEqual(snapshot.indicator, 'major');
      assert.strictEqual(snapshot.description, 'Partial System Outage');
      assert.deepStrictEqual([snapshot.components, snapshot.incidents, snapshot.maintenances], [[], [], []]);
    });
  });
});
