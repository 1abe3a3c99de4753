/// <reference types="mocha" />
// The health state machine over scripted probe and status page sequences, on a fake clock.
import * as assert from 'assert';
import { HealthMonitor, MONITOR_RULES, type MonitorDecision } from '../../src/health/monitor';
import { pageVerdict } from '../../src/health/pageVerdict';
import { rateLimitResetAt } from '../../src/health/serverWait';
import type { HealthStateKind, ProbeOutcome, ProbeResult, StatusPageSnapshot } from '../../src/health/types';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const MINUTE = 60_000;
const statusOf: Partial<Record<ProbeOutcome, number>> = { ok: 200, auth: 401, notFound: 404, rateLimited: 429, overloaded: 529, serverError: 500 };

/** A monitor on a fake clock, with helpers that advance the clock and feed probes. */
function setup(): {
  monitor: HealthMonitor;
  advance: (ms: number) => void;
  now: () => number;
  probe: (outcome: ProbeOutcome, extra?: Partial<ProbeResult>, afterMs?: number) => MonitorDecision;
  kind: () => HealthStateKind;
} {
  let t = T0;
  const monitor = new HealthMonitor({ now: () => t });
  const probe = (outcome: ProbeOutcome, extra: Partial<ProbeResult> = {}, afterMs = MINUTE): MonitorDecision => {
    t += afterMs;
    const status = statusOf[outcome];
    return monitor.recordProbe({ outcome, startedAt: t, latencyMs: outcome === 'ok' ? 400 : 300, ...(status ? { status } : {}), ...extra });
  };
  return { monitor, advance: (ms) => (t += ms), now: () => t, probe, kind: () => monitor.state().kind };
}

function page(overrides: Partial<StatusPageSnapshot> = {}, at = T0): StatusPageSnapshot {
  return {
    fetchedAt: at,
    indicator: 'none',
    description: 'All Systems Operational',
    pageUrl: 'https://status.claude.com',
    apiComponent: { name: 'Claude API (api.anthropic.com)', status: 'operational' },
    components: [
      { name: 'claude.ai', status: 'operational' },
      { name: 'Claude API (api.anthropic.com)', status: 'operational' },
    ],
    incidents: [],
    maintenances: [],
    ...overrides,
  };
}

describe('health monitor: starting and the green path', () => {
  it('starts Unknown and turns Operational on the first OK probe, with its latency', () => {
    const { monitor, probe, kind } = setup();
    assert.strictEqual(kind(), 'unknown');
    const decision = probe('ok', { latencyMs: 420 });
    assert.deepStrictEqual(decision, { changed: true, confirmIn: undefined });
    assert.strictEqual(kind(), 'operational');
    assert.strictEqual(monitor.state().latencyMs, 420);
    assert.match(monitor.state().reason, /420 ms/);
  });

  it('keeps `since` while the kind holds and moves it on a change', () => {
    const { monitor, probe, now } = setup();
    probe('ok');
    const since = monitor.state().since;
    probe('ok');
    probe('ok');
    assert.strictEqual(monitor.state().since, since);
    probe('rateLimited', { retryAfterSeconds: 10 });
    assert.strictEqual(monitor.state().since, now());
  });

  it('ignores aborted probes entirely (no change, no history point)', () => {
    const { monitor, probe } = setup();
    probe('ok');
    const before = monitor.state();
    assert.deepStrictEqual(probe('aborted'), { changed: false });
    assert.strictEqual(monitor.state(), before);
    assert.strictEqual(monitor.history().length, 1);
  });
});

describe('health monitor: hysteresis on failures', () => {
  it('one failed probe is not an outage: the state holds and a quick re-probe is asked for', () => {
    const { monitor, probe, kind } = setup();
    probe('ok');
    const decision = probe('overloaded');
    assert.strictEqual(decision.confirmIn, MONITOR_RULES.confirmDelayMs);
    assert.strictEqual(kind(), 'operational');
    assert.strictEqual(monitor.state().confirming, true);
    const after = probe('ok', {}, decision.confirmIn);
    assert.strictEqual(after.confirmIn, undefined);
    assert.strictEqual(kind(), 'operational');
    assert.strictEqual(monitor.state().confirming, undefined);
  });

  it('two failures still hold; the third in a row is an Outage, with the reason', () => {
    const { monitor, probe, kind } = setup();
    probe('ok');
    assert.strictEqual(probe('overloaded', { errorType: 'overloaded_error', detail: 'Overloaded' }).confirmIn, 2000);
    assert.strictEqual(probe('overloaded', { errorType: 'overloaded_error' }, 2000).confirmIn, 2000);
    assert.strictEqual(kind(), 'operational');
    const third = probe('serverError', { errorType: 'api_error' }, 2000);
    assert.deepStrictEqual(third, { changed: true, confirmIn: undefined });
    assert.strictEqual(kind(), 'outage');
    assert.match(monitor.state().reason, /3 checks in a row failed; the last: HTTP 500 api_error/);
  });

  it('from Unknown too: three failures at start-up make an Outage, fewer keep Unknown', () => {
    const { probe, kind } = setup();
    probe('serverError');
    probe('serverError', {}, 2000);
    assert.strictEqual(kind(), 'unknown');
    probe('serverError', {}, 2000);
    assert.strictEqual(kind(), 'outage');
  });

  it('further failures in an Outage need no confirmation', () => {
    const { probe, kind } = setup();
    for (let i = 0; i < 3; i++) probe('overloaded');
    assert.strictEqual(probe('overloaded').confirmIn, undefined);
    assert.strictEqual(kind(), 'outage');
  });

  it('recovery is confirmed: one OK keeps the Outage and asks for a re-probe, the second goes green', () => {
    const { monitor, probe, kind } = setup();
    for (let i = 0; i < 3; i++) probe('overloaded');
    const first = probe('ok');
    assert.strictEqual(first.confirmIn, MONITOR_RULES.confirmDelayMs);
    assert.strictEqual(kind(), 'outage');
    assert.strictEqual(monitor.state().confirming, true);
    probe('ok', {}, 2000);
    assert.strictEqual(kind(), 'operational');
  });

  it('an OK between failures in an Outage does not end it', () => {
    const { probe, kind } = setup();
    for (let i = 0; i < 3; i++) probe('overloaded');
    probe('ok');
    probe('overloaded', {}, 2000);
    assert.strictEqual(kind(), 'outage');
  });

  it('DNS, refused, reset, TLS and network failures confirmed make Offline', () => {
    for (const outcome of ['dns', 'refused', 'reset', 'tls', 'network'] as const) {
      const { monitor, probe, kind } = setup();
      probe('ok');
      probe(outcome, { detail: 'getaddrinfo ENOTFOUND api.anthropic.com' });
      probe(outcome, {}, 2000);
      assert.strictEqual(kind(), 'operational', outcome);
      probe(outcome, {}, 2000);
      assert.strictEqual(kind(), 'offline', outcome);
      assert.match(monitor.state().reason, /could not reach the API/);
    }
  });

  it('mixed failure kinds: the majority of the last three decides Offline or Outage', () => {
    const a = setup();
    a.probe('dns');
    a.probe('overloaded', {}, 2000);
    a.probe('refused', {}, 2000);
    assert.strictEqual(a.kind(), 'offline');
    const b = setup();
    b.probe('dns');
    b.probe('overloaded', {}, 2000);
    b.probe('serverError', {}, 2000);
    assert.strictEqual(b.kind(), 'outage');
    b.probe('dns');
    b.probe('dns');
    assert.strictEqual(b.kind(), 'offline', 'the kind follows the last three failures');
  });

  it('timeouts: an Outage (saying a timeout cannot tell whose), Offline when the status page is unreachable too', () => {
    const a = setup();
    for (let i = 0; i < 3; i++) a.probe('timeout', { latencyMs: 10_000 });
    assert.strictEqual(a.kind(), 'outage');
    assert.match(a.monitor.state().reason, /timed out after 10 s.*cannot tell/);

    const b = setup();
    b.monitor.recordStatusPage({ fetchedAt: T0 + 30_000, error: 'timeout', detail: 'no answer in 10 s' });
    for (let i = 0; i < 3; i++) b.probe('timeout', { latencyMs: 10_000 }, 2000);
    assert.strictEqual(b.kind(), 'offline');
    assert.match(b.monitor.state().reason, /status page is unreachable too/);
  });

  it('counts probes that were not OK for the polling policy', () => {
    const { monitor, probe } = setup();
    probe('ok');
    assert.deepStrictEqual(monitor.pollingHints(), { consecutiveFailures: 0 });
    probe('overloaded', { retryAfterSeconds: 7 });
    probe('overloaded');
    assert.deepStrictEqual(monitor.pollingHints(), { consecutiveFailures: 2 });
    probe('serverError', { retryAfterSeconds: 7 });
    // 7 s from the answer, which came 300 ms after the probe started (the fake clock still reads the start).
    assert.deepStrictEqual(monitor.pollingHints(), { consecutiveFailures: 3, retryAfterSeconds: 8 });
  });
});

describe('health monitor: key problems and rate limits', () => {
  it('401 is confirmed once, then Key problem', () => {
    const { monitor, probe, kind } = setup();
    probe('ok');
    assert.strictEqual(probe('auth', { errorType: 'authentication_error', detail: 'invalid x-api-key' }).confirmIn, 2000);
    assert.strictEqual(kind(), 'operational');
    probe('auth', { errorType: 'authentication_error', detail: 'invalid x-api-key' }, 2000);
    assert.strictEqual(kind(), 'keyProblem');
    assert.match(monitor.state().reason, /rejected the key: HTTP 401 authentication_error \(invalid x-api-key\)/);
  });

  it('403 lacks permission; 404 points at the base URL setting; 402 at billing', () => {
    const cases: Array<[Partial<ProbeResult>, RegExp]> = [
      [{ outcome: 'auth', status: 403 }, /lacks permission/],
      [{ outcome: 'notFound', status: 404 }, /claudeHealth\.apiBaseUrl/],
      [{ outcome: 'otherStatus', status: 402 }, /billing/],
    ];
    for (const [extra, reason] of cases) {
      const { monitor, probe, kind } = setup();
      probe(extra.outcome as ProbeOutcome, extra);
      probe(extra.outcome as ProbeOutcome, extra, 2000);
      assert.strictEqual(kind(), 'keyProblem');
      assert.match(monitor.state().reason, reason);
    }
  });

  it('an unusual 5xx (otherStatus 599) counts as a server failure', () => {
    const { probe, kind } = setup();
    for (let i = 0; i < 3; i++) probe('otherStatus', { status: 599 }, 2000);
    assert.strictEqual(kind(), 'outage');
  });

  it('429 is Rate limited at once, resetting after retry-after; the polling hints carry the wait', () => {
    const { monitor, probe, now, advance } = setup();
    probe('ok');
    const decision = probe('rateLimited', { retryAfterSeconds: 42, latencyMs: 200 });
    assert.strictEqual(decision.confirmIn, undefined);
    assert.strictEqual(monitor.state().kind, 'rateLimited');
    assert.strictEqual(monitor.state().resetAt, now() + 200 + 42_000);
    assert.strictEqual(monitor.pollingHints().retryAfterSeconds, 43);
    advance(20_000);
    assert.strictEqual(monitor.pollingHints().retryAfterSeconds, 23);
  });

  it('429 without retry-after: the reset of the exhausted limit, and a spend-limit hint', () => {
    const reset = '2026-11-22T10:05:00Z';
    const result: ProbeResult = {
      outcome: 'rateLimited',
      status: 429,
      startedAt: T0,
      latencyMs: 100,
      rateLimit: { requestsLimit: 50, requestsRemaining: 0, requestsReset: reset, tokensRemaining: 1000, tokensReset: '2026-11-22T10:09:00Z' },
    };
    assert.strictEqual(rateLimitResetAt(result), Date.parse(reset));
    assert.strictEqual(rateLimitResetAt({ ...result, rateLimit: undefined }), undefined);
    const { monitor } = setup();
    monitor.recordProbe(result);
    assert.strictEqual(monitor.state().resetAt, Date.parse(reset));
    assert.match(monitor.state().reason, /spend limit/);
  });

  it('leaving Rate limited needs two OK probes', () => {
    const { probe, kind } = setup();
    probe('rateLimited', { retryAfterSeconds: 30 });
    assert.strictEqual(probe('ok', {}, 30_000).confirmIn, 2000);
    assert.strictEqual(kind(), 'rateLimited');
    probe('ok', {}, 2000);
    assert.strictEqual(kind(), 'operational');
  });

  it('a confirmed outage after a rate limit, and a key problem after an outage', () => {
    const { probe, kind } = setup();
    probe('rateLimited', { retryAfterSeconds: 1 });
    for (let i = 0; i < 3; i++) probe('overloaded', {}, 2000);
    assert.strictEqual(kind(), 'outage');
    probe('auth');
    probe('auth', {}, 2000);
    assert.strictEqual(kind(), 'keyProblem');
  });
});

describe('health monitor: Slow', () => {
  /** Twelve OK probes at 400 ms: a baseline. */
  function withBaseline(): ReturnType<typeof setup> {
    const s = setup();
    for (let i = 0; i < 12; i++) s.probe('ok', { latencyMs: 400 });
    return s;
  }

  it('two probes over max(3 × p50, p50 + 1.5 s) in a row are Slow; the first asks for a re-probe', () => {
    const { monitor, probe, kind } = withBaseline();
    const first = probe('ok', { latencyMs: 2400 });
    assert.strictEqual(first.confirmIn, MONITOR_RULES.slowConfirmDelayMs);
    assert.strictEqual(kind(), 'operational');
    probe('ok', { latencyMs: 2600 }, 5000);
    assert.strictEqual(kind(), 'slow');
    assert.strictEqual(monitor.state().latencyMs, 2600);
    assert.match(monitor.state().reason, /2\.6 s, far above your usual 400 ms/);
  });

  it('just under the threshold is not slow (400 ms baseline: 1.9 s)', () => {
    const { probe, kind } = withBaseline();
    assert.strictEqual(probe('ok', { latencyMs: 1900 }).confirmIn, undefined);
    probe('ok', { latencyMs: 1900 });
    assert.strictEqual(kind(), 'operational');
  });

  it('leaving Slow needs two fast probes', () => {
    const { probe, kind } = withBaseline();
    probe('ok', { latencyMs: 3000 });
    probe('ok', { latencyMs: 3000 }, 5000);
    assert.strictEqual(kind(), 'slow');
    assert.strictEqual(probe('ok', { latencyMs: 400 }).confirmIn, MONITOR_RULES.slowConfirmDelayMs);
    assert.strictEqual(kind(), 'slow');
    probe('ok', { latencyMs: 400 }, 5000);
    assert.strictEqual(kind(), 'operational');
  });

  it('needs a baseline: without ten OK probes in the last hour nothing is slow', () => {
    const { probe, kind } = setup();
    for (let i = 0; i < 5; i++) probe('ok', { latencyMs: 400 });
    probe('ok', { latencyMs: 8000 });
    probe('ok', { latencyMs: 8000 });
    assert.strictEqual(kind(), 'operational');
  });
});

describe('health monitor: intermittent errors', () => {
  it('three separate failures within 15 minutes are Degraded; it clears once they age out', () => {
    const { monitor, probe, kind } = setup();
    for (let i = 0; i < 15; i++) probe('ok');
    for (let run = 0; run < 3; run++) {
      probe('overloaded', {}, 2 * MINUTE);
      probe('ok', {}, 2000);
      probe('ok', {}, 2000);
    }
    assert.strictEqual(kind(), 'degraded');
    assert.match(monitor.state().reason, /3 separate failures in the last 15 minutes/);
    for (let i = 0; i < 15 && kind() === 'degraded'; i++) probe('ok');
    assert.strictEqual(kind(), 'operational');
  });

  it('hysteresis: Degraded holds while any failure is in the window, and ends after 15 clean minutes', () => {
    const { probe, kind } = setup();
    for (let i = 0; i < 15; i++) probe('ok');
    for (let run = 0; run < 3; run++) {
      probe('overloaded', {}, MINUTE);
      probe('ok', {}, 2000);
    }
    assert.strictEqual(kind(), 'degraded');
    for (let i = 0; i < 12; i++) probe('ok'); // the first runs age out of the window
    probe('overloaded'); // one run only: would not start Degraded, but keeps it
    probe('ok', {}, 2000);
    probe('ok', {}, 2000);
    assert.strictEqual(kind(), 'degraded');
    for (let i = 0; i < 14; i++) probe('ok');
    assert.strictEqual(kind(), 'degraded');
    probe('ok');
    probe('ok');
    assert.strictEqual(kind(), 'operational');
  });

  it('a single outage run is one failure: recovery goes straight to Operational', () => {
    const { probe, kind } = setup();
    probe('ok');
    for (let i = 0; i < 6; i++) probe('overloaded', {}, 2000);
    probe('ok');
    probe('ok', {}, 2000);
    assert.strictEqual(kind(), 'operational');
  });
});

describe('health monitor: the status page', () => {
  it('raises a warning when the probe is green: API component degraded → Degraded with the page words', () => {
    const { monitor, probe, now } = setup();
    probe('ok');
    const incident = { name: 'Elevated errors on Claude API', status: 'investigating', impact: 'minor' };
    const decision = monitor.recordStatusPage(page({ fetchedAt: now(), indicator: 'minor', apiComponent: { name: 'Claude API (api.anthropic.com)', status: 'degraded_performance' }, incidents: [incident] }));
    assert.strictEqual(decision.changed, true);
    assert.strictEqual(monitor.state().kind, 'degraded');
    assert.match(monitor.state().reason, /The status page reports degraded performance of Claude API \(api\.anthropic\.com\) \("Elevated errors on Claude API"\)\. Your own checks pass \(400 ms\)/);
    monitor.recordStatusPage(page({ fetchedAt: now() }));
    assert.strictEqual(monitor.state().kind, 'operational');
  });

  it('cannot hide what the probe sees: an Outage stays an Outage under a green page, and says the page lags', () => {
    const { monitor, probe, now } = setup();
    for (let i = 0; i < 3; i++) probe('overloaded');
    monitor.recordStatusPage(page({ fetchedAt: now() }));
    assert.strictEqual(monitor.state().kind, 'outage');
    assert.match(monitor.state().reason, /does not show a problem yet/);
    monitor.recordStatusPage(page({ fetchedAt: now(), indicator: 'major', apiComponent: { name: 'Claude API', status: 'major_outage' } }));
    assert.strictEqual(monitor.state().kind, 'outage');
    assert.match(monitor.state().reason, /The status page reports a major outage of Claude API/);
  });

  it('cannot hide a key problem, a rate limit or Offline either', () => {
    for (const outcome of ['auth', 'rateLimited', 'dns'] as const) {
      const { monitor, probe, now, kind } = setup();
      for (let i = 0; i < 3; i++) probe(outcome, outcome === 'rateLimited' ? { retryAfterSeconds: 60 } : {}, 2000);
      const before = kind();
      monitor.recordStatusPage(page({ fetchedAt: now(), indicator: 'major', apiComponent: { name: 'Claude API', status: 'degraded_performance' } }));
      assert.strictEqual(kind(), before);
      assert.notStrictEqual(before, 'operational');
    }
  });

  it('reads the page: the API component decides; the indicator alone only when major/critical or no component', () => {
    assert.strictEqual(pageVerdict(page({ indicator: 'minor' })).level, 'none', 'a claude.ai incident says nothing about the API');
    assert.strictEqual(pageVerdict(page({ indicator: 'major' })).level, 'degraded');
    assert.strictEqual(pageVerdict(page({ apiComponent: { name: 'API', status: 'partial_outage' } })).level, 'degraded');
    assert.strictEqual(pageVerdict(page({ apiComponent: { name: 'API', status: 'major_outage' } })).level, 'outage');
    assert.strictEqual(pageVerdict(page({ apiComponent: undefined, indicator: 'minor' })).level, 'degraded');
    assert.strictEqual(pageVerdict(page({ apiComponent: undefined, indicator: 'critical' })).level, 'outage');
    assert.strictEqual(pageVerdict(page({ apiComponent: undefined, indicator: 'maintenance' })).level, 'none');
  });

  it('maintenance on the API component is Degraded with the maintenance name', () => {
    const { monitor, probe, now } = setup();
    probe('ok');
    monitor.recordStatusPage(
      page({
        fetchedAt: now(),
        indicator: 'maintenance',
        apiComponent: { name: 'Claude API (api.anthropic.com)', status: 'under_maintenance' },
        maintenances: [{ name: 'Scheduled maintenance of the Claude API', status: 'in_progress' }],
      }),
    );
    assert.strictEqual(monitor.state().kind, 'degraded');
    assert.match(monitor.state().reason, /maintenance on Claude API \(api\.anthropic\.com\) \("Scheduled maintenance of the Claude API"\)/);
  });

  it('a snapshot older than 30 minutes no longer raises anything', () => {
    const { monitor, probe, now } = setup();
    probe('ok');
    monitor.recordStatusPage(page({ fetchedAt: now(), apiComponent: { name: 'API', status: 'partial_outage' } }));
    assert.strictEqual(monitor.state().kind, 'degraded');
    probe('ok', {}, 31 * MINUTE);
    assert.strictEqual(monitor.state().kind, 'operational');
  });

  it('a failed fetch keeps the last good snapshot and shows the failure', () => {
    const { monitor, probe, now } = setup();
    probe('ok');
    const good = page({ fetchedAt: now() });
    monitor.recordStatusPage(good);
    const failure = { fetchedAt: now() + 1000, error: 'http' as const, detail: 'HTTP 503' };
    assert.strictEqual(monitor.recordStatusPage(failure).changed, true);
    assert.strictEqual(monitor.state().statusPage, good);
    assert.strictEqual(monitor.state().statusPageFailure, failure);
    monitor.recordStatusPage(page({ fetchedAt: now() + 2000 }));
    assert.strictEqual(monitor.state().statusPageFailure, undefined);
  });

  it('an older snapshot arriving late does not replace a newer one', () => {
    const { monitor, now } = setup();
    const newer = page({ fetchedAt: now() + 5000 });
    monitor.recordStatusPage(newer);
    monitor.recordStatusPage(page({ fetchedAt: now() }));
    assert.strictEqual(monitor.state().statusPage, newer);
  });
});

describe('health monitor: no key, disabled, reset', () => {
  it('without a key the state comes from the page alone, and probes are ignored', () => {
    const { monitor, probe, now } = setup();
    monitor.setNoKey();
    assert.strictEqual(monitor.state().kind, 'noKey');
    assert.strictEqual(monitor.state().pageOnly, 'noKey');
    assert.match(monitor.state().reason, /No API key/);
    assert.strictEqual(probe('overloaded').changed, false);
    monitor.recordStatusPage(page({ fetchedAt: now(), apiComponent: { name: 'API', status: 'major_outage' } }));
    assert.strictEqual(monitor.state().kind, 'outage');
    monitor.recordStatusPage(page({ fetchedAt: now(), apiComponent: { name: 'API', status: 'degraded_performance' } }));
    assert.strictEqual(monitor.state().kind, 'degraded');
    monitor.recordStatusPage(page({ fetchedAt: now() }));
    assert.strictEqual(monitor.state().kind, 'noKey');
    assert.match(monitor.state().reason, /it reports "All Systems Operational"/);
  });

  it('with probing off it says so', () => {
    const { monitor } = setup();
    monitor.setNoKey('probeOff');
    assert.strictEqual(monitor.state().pageOnly, 'probeOff');
    assert.match(monitor.state().reason, /Probing is turned off/);
  });

  it('disabled ignores probes; reset starts over at Unknown and keeps the page', () => {
    const { monitor, probe, now } = setup();
    probe('ok');
    const snapshot = page({ fetchedAt: now() });
    monitor.recordStatusPage(snapshot);
    monitor.setDisabled();
    assert.strictEqual(monitor.state().kind, 'disabled');
    assert.strictEqual(probe('ok').changed, false);
    monitor.reset();
    assert.strictEqual(monitor.state().kind, 'unknown');
    assert.strictEqual(monitor.state().statusPage, snapshot);
    assert.strictEqual(monitor.state().lastProbe, undefined);
    probe('ok');
    assert.strictEqual(monitor.state().kind, 'operational');
  });

  it('reset clears the streaks: two failures before and one after are not an outage', () => {
    const { monitor, probe, kind } = setup();
    probe('ok');
    probe('overloaded');
    probe('overloaded', {}, 2000);
    monitor.reset();
    probe('overloaded', {}, 2000);
    assert.strictEqual(kind(), 'unknown');
    assert.deepStrictEqual(monitor.pollingHints(), { consecutiveFailures: 1 });
  });

  it('reset may clear the history (a different API base URL)', () => {
    const { monitor, probe } = setup();
    probe('ok');
    monitor.reset();
    assert.strictEqual(monitor.history().length, 1);
    monitor.reset({ clearHistory: true });
    assert.strictEqual(monitor.history().length, 0);
  });
});
