/// <reference types="mocha" />
// What the status bar item shows: text, background, aria label, and the Markdown tooltip (escaped).
import * as assert from 'assert';
import type { HealthStats } from '../../src/health/stats';
import {
  escapeMarkdown,
  formatAgo,
  formatCountdown,
  nextRenderDelayMs,
  renderStatusBar,
  safeLinkTarget,
  sparkline,
  tooltipCommandIds,
} from '../../src/health/presentation';
import type { HealthState, HealthStateKind, StatusPageSnapshot } from '../../src/health/types';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const options = { statusPageUrl: 'https://status.claude.com' };
const emptyStats: HealthStats = { okLastHour: 0, counted24h: 0, failed24h: 0, checks24h: 0, sparkline: [] };
const state = (kind: HealthStateKind, extra: Partial<HealthState> = {}): HealthState => ({ kind, reason: 'Because.', since: NOW - 60_000, ...extra });
const render = (s: HealthState, stats: HealthStats = emptyStats, now = NOW, opts: { statusPageUrl: string; diagnoseCommand?: string } = options) => renderStatusBar(s, stats, now, opts);

/** Reverses escapeMarkdown, to read tooltips in assertions. */
const unescape = (markdown: string): string => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('health presentation: status bar text and background', () => {
  const cases: Array<[HealthState, string, 'warning' | 'error' | undefined]> = [
    [state('unknown'), '$(sync~spin) Claude', undefined],
    [state('operational', { latencyMs: 420 }), '$(pass) Claude 420 ms', undefined],
    [state('operational', { latencyMs: 1234 }), '$(pass) Claude 1.2 s', undefined],
    [state('slow', { latencyMs: 2400 }), '$(watch) Claude slow 2.4 s', undefined],
    [state('degraded'), '$(warning) Claude degraded', 'warning'],
    [state('outage'), '$(error) Claude outage', 'error'],
    [state('rateLimited', { resetAt: NOW + 42_000 }), '$(clock) Claude rate-limited 0:42', 'warning'],
    [state('keyProblem'), '$(key) Claude key?', 'error'],
    [state('offline'), '$(debug-disconnect) Claude offline', 'warning'],
    [state('noKey', { pageOnly: 'noKey' }), '$(circle-slash) Claude no key', undefined],
    [state('noKey', { pageOnly: 'probeOff' }), '$(circle-slash) Claude probe off', undefined],
    [state('disabled'), '$(circle-slash) Claude off', undefined],
  ];
  for (const [s, text, background] of cases) {
    it(`${s.kind}${s.pageOnly ? ` (${s.pageOnly})` : ''}: "${text}"`, () => {
      const view = render(s);
      assert.strictEqual(view.text, text);
      assert.strictEqual(view.background, background);
    });
  }

  it('the rate-limit countdown counts down from resetAt and stops at the reset', () => {
    const s = state('rateLimited', { resetAt: NOW + 42_000 });
    assert.strictEqual(render(s, emptyStats, NOW + 1_000).text, '$(clock) Claude rate-limited 0:41');
    assert.strictEqual(render(s, emptyStats, NOW + 41_500).text, '$(clock) Claude rate-limited 0:01');
    assert.strictEqual(render(s, emptyStats, NOW + 42_000).text, '$(clock) Claude rate-limited');
    assert.strictEqual(render(state('rateLimited', { resetAt: NOW + 3_723_000 })).text, '$(clock) Claude rate-limited 1:02:03');
    assert.strictEqual(render(state('rateLimited')).text, '$(clock) Claude rate-limited');
  });

  it('aria labels are plain words', () => {
    assert.strictEqual(render(state('operational', { latencyMs: 420 })).ariaLabel, 'Claude API: operational, 420 milliseconds');
    assert.strictEqual(render(state('rateLimited', { resetAt: NOW + 42_000 })).ariaLabel, 'Claude API: rate limited, resets in 42 seconds');
    assert.strictEqual(render(state('unknown')).ariaLabel, 'Claude API: checking');
    assert.strictEqual(render(state('noKey', { pageOnly: 'probeOff' })).ariaLabel, 'Claude API: status page only');
  });

  it('asks to be re-rendered every second during a countdown, every 10 s otherwise, never when off', () => {
    assert.strictEqual(nextRenderDelayMs(state('rateLimited', { resetAt: NOW + 42_300 }), NOW), 300);
    assert.strictEqual(nextRenderDelayMs(state('rateLimited', { resetAt: NOW + 42_000 }), NOW), 1000);
    assert.strictEqual(nextRenderDelayMs(state('operational'), NOW), 10_000);
    assert.strictEqual(nextRenderDelayMs(state('disabled'), NOW), undefined);
  });
});

describe('health presentation: the tooltip', () => {
  const stats: HealthStats = {
    lastCheckedAt: NOW - 12_000,
    latencyNowMs: 420,
    p50Ms: 410,
    p95Ms: 1620,
    okLastHour: 58,
    availability24h: 1427 / 1432,
    counted24h: 1432,
    failed24h: 5,
    checks24h: 1440,
    sparkline: [{ latencyMs: 400, failed: false }, { latencyMs: 1600, failed: false }, { failed: true }, { failed: false }],
    rateLimit: { requestsLimit: 50, requestsRemaining: 49, requestsReset: '2026-11-22T10:00:42Z' },
  };
  const snapshot: StatusPageSnapshot = {
    fetchedAt: NOW - 180_000,
    indicator: 'minor',
    description: 'Minor Service Outage',
    pageUrl: 'https://status.claude.com',
    apiComponent: { name: 'Claude API (api.anthropic.com)', status: 'degraded_performance' },
    components: [
      { name: 'claude.ai', status: 'operational' },
      { name: 'Claude API (api.anthropic.com)', status: 'degraded_performance' },
    ],
    incidents: [{ name: 'Elevated errors on Claude API', status: 'investigating', impact: 'minor', url: 'https://stspg.io/abc(1)' }],
    maintenances: [],
  };

  it('has the state and why, latency now/p50/p95 with a sparkline, availability, rate limit, the page, last checked, commands', () => {
    const s = state('degraded', { reason: 'The status page reports degraded performance of Claude API.', statusPage: snapshot, latencyMs: 420 });
    const tip = render(s, stats).tooltip;
    const text = unescape(tip);
    assert.match(tip, /^\$\(warning\) \*\*Claude API: Degraded\*\*/);
    assert.match(text, /The status page reports degraded performance of Claude API\./);
    assert.match(text, /Latency: now 420 ms · p50 410 ms · p95 1\.6 s \(last hour, 58 checks\)/);
    assert.match(tip, /`▁█×·` last hour/);
    assert.match(text, /Availability \(24 h\): 99\.65% of 1,432 checks/);
    assert.match(text, /Rate limit: 49 of 50 requests left, resets in 0:42/);
    assert.match(tip, /\*\*\[Status page\]\(https:\/\/status\.claude\.com\/\)\*\*: Minor Service Outage \(3 min ago\)/);
    assert.match(text, /- \*\*Claude API \(api.anthropic.com\)\*\*: degraded performance\n- claude.ai: operational/, 'the API component first');
    assert.match(text, /- Incident: \[Elevated errors on Claude API\]\(https:\/\/stspg\.io\/abc%281%29\) \(investigating, minor impact\)/);
    assert.match(tip, /Last checked 12 s ago/);
    assert.match(tip, /\[\$\(refresh\) Refresh\]\(command:claudeHealth\.refreshHealth\) · \[Show Details\]\(command:claudeHealth\.showHealthDetails\) · \[Open Status Page\]\(command:claudeHealth\.openStatusPage\)$/);
    assert.doesNotMatch(tip, /Diagnose/);
  });

  it('links Diagnose Connection only when the command is given', () => {
    const tip = render(state('outage'), emptyStats, NOW, { ...options, diagnoseCommand: 'claudeHealth.diagnoseConnection' }).tooltip;
    assert.match(tip, /\[\$\(pulse\) Diagnose Connection\]\(command:claudeHealth\.diagnoseConnection\) · \[\$\(refresh\) Refresh\]/);
    assert.deepStrictEqual(tooltipCommandIds({ diagnoseCommand: 'claudeHealth.diagnoseConnection' }), [
      'claudeHealth.diagnoseConnection',
      'claudeHealth.refreshHealth',
      'claudeHealth.showHealthDetails',
      'claudeHealth.openStatusPage',
      'claudeHealth.setApiKey',
    ]);
    assert.doesNotMatch(render(state('outage'), emptyStats, NOW, { ...options, diagnoseCommand: 'x) [y](command:evil' }).tooltip, /evil/);
  });

  it('rate limited: says when it resets; confirming: says so', () => {
    assert.match(render(state('rateLimited', { resetAt: NOW + 42_000 })).tooltip, /Resets in 0:42\./);
    assert.match(render(state('rateLimited')).tooltip, /Reset time unknown/);
    assert.match(render(state('operational', { confirming: true })).tooltip, /_Confirming with a quick re-check…_/);
  });

  it('no key: page only, no probe figures, a Set API Key link, last checked from the page', () => {
    const tip = render(state('noKey', { pageOnly: 'noKey', statusPage: { ...snapshot, fetchedAt: NOW - 30_000 } }), stats).tooltip;
    assert.doesNotMatch(tip, /Latency|Availability/);
    assert.match(tip, /\[\$\(key\) Set API Key\]\(command:claudeHealth\.setApiKey\)/);
    assert.match(tip, /Last checked 30 s ago/);
  });

  it('no data yet, and a status page that could not be fetched', () => {
    const tip = render(state('unknown', { statusPageFailure: { fetchedAt: NOW, error: 'timeout', detail: 'no answer in 10 s' } })).tooltip;
    assert.match(unescape(tip), /Latency: no successful check in the last hour/);
    assert.match(unescape(tip), /\*\*\[Status page\]\(https:\/\/status.claude.com\/\)\*\*: could not be fetched \(timeout: no answer in 10 s\)/);
    assert.match(render(state('unknown')).tooltip, /: not read yet/);
  });

  it('escapes everything that came from the network: no injected links, commands, icons or HTML', () => {
    const evil: StatusPageSnapshot = {
      ...snapshot,
      description: '**bold** <img src=x onerror=alert(1)>',
      components: [{ name: '$(zap) [click](command:workbench.action.terminal.new)', status: 'major_outage' }],
      incidents: [
        { name: 'Run [this](command:evil.command)\n# heading', status: 'investigating', impact: 'major', url: 'command:evil.command' },
        { name: 'JS', status: 'x', impact: 'y', url: 'javascript:alert(1)' },
      ],
      maintenances: [{ name: '`code` & stuff', status: 'in_progress', url: 'https://ok.example/m' }],
    };
    const tip = render(state('outage', { reason: 'HTTP 500 api_error ([x](command:evil.reason))', statusPage: evil })).tooltip;
    const links = [...tip.matchAll(/(?<!\\)\[[^\]]*(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]);
    assert.deepStrictEqual(links.filter((target) => !target.startsWith('command:claudeHealth.')), ['https://status.claude.com/', 'https://ok.example/m']);
    assert.doesNotMatch(tip, /(?<!\\)\$\(zap\)/);
    assert.doesNotMatch(tip, /(?<!\\)<img/);
    assert.doesNotMatch(tip, /\n# heading/);
    assert.match(unescape(tip), /Run \[this\]\(command:evil.command\) # heading/);
  });

  it('escapeMarkdown escapes every ASCII punctuation mark and caps the length', () => {
    assert.strictEqual(escapeMarkdown('a*b_c [d](e) $(f) <g> & `h`'), 'a\\*b\\_c \\[d\\]\\(e\\) \\$\\(f\\) \\<g\\> \\& \\`h\\`');
    assert.strictEqual(escapeMarkdown('x'.repeat(20), 10), `${'x'.repeat(9)}…`);
    assert.strictEqual(escapeMarkdown(' two\n\nlines '), 'two lines');
  });

  it('safeLinkTarget allows http(s) only and encodes what would end the link', () => {
    assert.strictEqual(safeLinkTarget('https://stspg.io/x y(1)'), 'https://stspg.io/x%20y%281%29');
    assert.strictEqual(safeLinkTarget('command:evil'), undefined);
    assert.strictEqual(safeLinkTarget('javascript:alert(1)'), undefined);
    assert.strictEqual(safeLinkTarget('not a url'), undefined);
    assert.strictEqual(safeLinkTarget(undefined), undefined);
  });
});

describe('health presentation: small formats', () => {
  it('sparkline scales min..max (at least 200 ms), × for failures only, · for no data', () => {
    assert.strictEqual(sparkline([{ latencyMs: 100, failed: false }, { latencyMs: 450, failed: false }, { latencyMs: 800, failed: false }]), '▁▅█');
    assert.strictEqual(sparkline([{ latencyMs: 400, failed: false }, { latencyMs: 410, failed: false }]), '▁▁');
    assert.strictEqual(sparkline([{ failed: true }, { failed: false }]), '×·');
    assert.strictEqual(sparkline([{ failed: false }]), '');
  });

  it('countdown and "ago"', () => {
    assert.strictEqual(formatCountdown(42_000), '0:42');
    assert.strictEqual(formatCountdown(41_001), '0:42');
    assert.strictEqual(formatCountdown(725_000), '12:05');
    assert.strictEqual(formatAgo(2_000), 'just now');
    assert.strictEqual(formatAgo(12_000), '12 s ago');
    assert.strictEqual(formatAgo(185_000), '3 min ago');
    assert.strictEqual(formatAgo(2 * 3_600_000), '2 h ago');
  });
});
