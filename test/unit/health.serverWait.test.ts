/// <reference types="mocha" />
// Issue 7 items 2 and 3 in the pure code: every wait the server chooses is capped (a timer over
// 2^31-1 ms fires at once in Node), a wait beyond the cap is its own state, and Outage/Degraded
// keep the normal interval so a recovery is seen within one.
import * as assert from 'assert';
import { HealthMonitor, MONITOR_RULES } from '../../src/health/monitor';
import { nextDelayMs, POLLING } from '../../src/health/pollingPolicy';
import { renderStatusBar } from '../../src/health/presentation';
import { MAX_SERVER_WAIT_MS } from '../../src/health/serverWait';
import type { HealthState, ProbeResult, StatusPageSnapshot } from '../../src/health/types';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const MINUTE = 60_000;
/** The longest delay Node's setTimeout honours; anything above fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const YEAR_3000 = '3000-01-01T00:00:00Z';

function limited(extra: Partial<ProbeResult>): ProbeResult {
  return { outcome: 'rateLimited', status: 429, startedAt: T0, latencyMs: 100, detail: 'HTTP 429 rate_limit_error: over the limit', ...extra };
}

/** Feeds one probe to a fresh monitor and asks the policy for the next delay, as the adapter does. */
function afterOne(result: ProbeResult): { state: HealthState; delay: number | undefined; hintSeconds: number | undefined } {
  const t = T0 + 200;
  const monitor = new HealthMonitor({ now: () => t });
  const decision = monitor.recordProbe(result);
  const hints = monitor.pollingHints();
  const delay = nextDelayMs({ state: monitor.state(), confirmIn: decision.confirmIn, focused: true, ...hints, intervalMs: MINUTE, random: () => 0.5 });
  return { state: monitor.state(), delay, hintSeconds: hints.retryAfterSeconds };
}

describe('health: waits the server chooses are capped at one hour', () => {
  const cases: Array<[string, Partial<ProbeResult>]> = [
    ['retry-after: 9999999999 (seconds)', { retryAfterSeconds: 9_999_999_999 }],
    ['retry-after-ms: 99999999999999999 (ms)', { retryAfterSeconds: 99_999_999_999_999 }],
    ['no retry-after, the exhausted limit resets in the year 3000', { rateLimit: { requestsLimit: 50, requestsRemaining: 0, requestsReset: YEAR_3000 } }],
  ];
  for (const [name, extra] of cases) {
    it(`${name}: the next probe in one hour, a timer Node can hold, and "rate-limited until", not a countdown`, () => {
      const { state, delay, hintSeconds } = afterOne(limited(extra));
      assert.ok(delay !== undefined && delay <= MAX_SERVER_WAIT_MS && delay <= MAX_TIMER_MS, `delay ${delay}`);
      assert.ok(delay >= POLLING.defaultIntervalMs, `not sooner than the interval: ${delay}`);
      assert.ok(hintSeconds !== undefined && hintSeconds <= MAX_SERVER_WAIT_MS / 1000, `hint ${hintSeconds}`);
      assert.strictEqual(state.kind, 'rateLimited');
      assert.strictEqual(state.resetAt, undefined, 'no countdown to a reset this far off');
      assert.ok(state.limitedUntil !== undefined && state.limitedUntil - T0 > MAX_SERVER_WAIT_MS);
      const view = renderStatusBar(state, new HealthMonitor({ now: () => T0 }).stats(), T0 + 1000, { statusPageUrl: 'https://status.claude.com' });
      assert.strictEqual(view.text, '$(clock) Claude rate-limited');
      assert.match(view.tooltip, /Rate.limited until/);
    });
  }

  it('a retry-after within the hour is still honoured exactly, with a countdown', () => {
    const { state, delay } = afterOne(limited({ retryAfterSeconds: 1800 }));
    assert.ok(delay !== undefined && Math.abs(delay - 1800_000) <= 1000, `delay ${delay}`);
    assert.ok(state.resetAt !== undefined);
    assert.strictEqual(state.limitedUntil, undefined);
  });

  it('the policy caps whatever it is given: huge, infinite or NaN retry-after, with or without a confirmation', () => {
    const operational: HealthState = { kind: 'operational', reason: '', since: T0 };
    for (const retryAfterSeconds of [9_999_999_999, Number.POSITIVE_INFINITY, Number.NaN, 1e300]) {
      for (const confirmIn of [undefined, MONITOR_RULES.confirmDelayMs]) {
        const delay = nextDelayMs({ state: operational, confirmIn, retryAfterSeconds, focused: true, consecutiveFailures: 0, intervalMs: MINUTE, random: () => 0.5 });
        assert.ok(delay !== undefined && Number.isFinite(delay) && delay > 0 && delay <= MAX_SERVER_WAIT_MS, `${retryAfterSeconds}/${confirmIn}: ${delay}`);
      }
    }
  });

  it('an OK answer after the 429 (a manual refresh) ends the wait: the recovery is confirmed in 2 s, not in an hour', () => {
    let t = T0;
    const monitor = new HealthMonitor({ now: () => t });
    monitor.recordProbe(limited({ retryAfterSeconds: 9_999_999_999 }));
    t += 5_000;
    const decision = monitor.recordProbe({ outcome: 'ok', status: 200, startedAt: t, latencyMs: 300 });
    const delay = nextDelayMs({ state: monitor.state(), confirmIn: decision.confirmIn, focused: true, ...monitor.pollingHints(), intervalMs: MINUTE, random: () => 0.5 });
    assert.strictEqual(delay, MONITOR_RULES.confirmDelayMs);
  });

  it('a 529 with a huge retry-after (not a rate limit) is capped too', () => {
    const { delay } = afterOne({ outcome: 'overloaded', status: 529, startedAt: T0, latencyMs: 100, retryAfterSeconds: 9_999_999_999 });
    assert.ok(delay !== undefined && delay <= MAX_SERVER_WAIT_MS, `delay ${delay}`);
  });
});

describe('health: recovery is seen within an interval', () => {
  const interval = MINUTE;
  const delayIn = (kind: HealthState['kind'], consecutiveFailures: number): number | undefined =>
    nextDelayMs({ state: { kind, reason: '', since: T0 }, focused: true, consecutiveFailures, intervalMs: interval, random: () => 0.5 });

  it('Outage and Degraded keep the normal interval however long the failures last', () => {
    for (const failures of [3, 4, 6, 10, 50]) {
      assert.strictEqual(delayIn('outage', failures), interval, `outage after ${failures} failures`);
      assert.strictEqual(delayIn('degraded', failures), interval, `degraded after ${failures} failures`);
    }
  });

  it('other failing states still back off (offline: your own network; a key problem)', () => {
    assert.ok((delayIn('offline', 6) ?? 0) > interval);
    assert.ok((delayIn('keyProblem', 6) ?? 0) > interval);
  });

  it('the status page turning green during an Outage asks for a confirming probe at once', () => {
    let t = T0;
    const monitor = new HealthMonitor({ now: () => t });
    const page = (status: 'major_outage' | 'operational', at: number): StatusPageSnapshot => ({
      fetchedAt: at,
      indicator: status === 'operational' ? 'none' : 'major',
      description: status === 'operational' ? 'All Systems Operational' : 'Major outage',
      pageUrl: 'https://status.claude.com',
      apiComponent: { name: 'Claude API (api.anthropic.com)', status },
      components: [{ name: 'Claude API (api.anthropic.com)', status }],
      incidents: [],
      maintenances: [],
    });
    for (let i = 0; i < 3; i++) {
      t += 2_000;
      monitor.recordProbe({ outcome: 'overloaded', status: 529, startedAt: t, latencyMs: 200 });
    }
    assert.strictEqual(monitor.state().kind, 'outage');
    t += 1_000;
    assert.strictEqual(monitor.recordStatusPage(page('major_outage', t)).confirmIn, undefined, 'still red: nothing new');
    t += 60_000;
    assert.strictEqual(monitor.recordStatusPage(page('operational', t)).confirmIn, MONITOR_RULES.confirmDelayMs);
    t += 60_000;
    assert.strictEqual(monitor.recordStatusPage(page('operational', t)).confirmIn, undefined, 'green again: no news');
  });
});
