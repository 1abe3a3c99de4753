/// <reference types="mocha" />
// The monitor's bounded history, its statistics, and keeping it in globalState (historyStore).
import * as assert from 'assert';
import { deserializeHistory, serializeHistory } from '../../src/health/historyStore';
import { HISTORY_LIMITS } from '../../src/health/history';
import { HealthMonitor } from '../../src/health/monitor';
import { percentile, STATS_WINDOW } from '../../src/health/stats';
import type { HistoryPoint, ProbeOutcome } from '../../src/health/types';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function monitorAt(start: number, history?: HistoryPoint[]): { monitor: HealthMonitor; at: (t: number) => void; probe: (outcome: ProbeOutcome, latencyMs?: number) => void } {
  let t = start;
  const monitor = new HealthMonitor({ now: () => t, history });
  return {
    monitor,
    at: (next) => (t = next),
    probe: (outcome, latencyMs = 400) => {
      monitor.recordProbe({ outcome, startedAt: t, latencyMs });
    },
  };
}

describe('health monitor: statistics', () => {
  it('latency now, p50 and p95 over the OK probes of the last hour', () => {
    const { monitor, at, probe } = monitorAt(T0);
    at(T0 - 2 * HOUR);
    probe('ok', 9000); // older than an hour: not in the latency figures
    for (let i = 1; i <= 20; i++) {
      at(T0 + i * MINUTE);
      probe('ok', i * 100);
    }
    const stats = monitor.stats(T0 + 20 * MINUTE);
    assert.strictEqual(stats.latencyNowMs, 2000);
    assert.strictEqual(stats.okLastHour, 20);
    assert.strictEqual(stats.p50Ms, 1000);
    assert.strictEqual(stats.p95Ms, 1900);
    assert.strictEqual(stats.lastCheckedAt, T0 + 20 * MINUTE);
  });

  it('availability over 24 h counts OK against server failures and timeouts only', () => {
    const { monitor, at, probe } = monitorAt(T0);
    const script: ProbeOutcome[] = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'overloaded', 'timeout', 'rateLimited', 'auth', 'dns'];
    script.forEach((outcome, i) => {
      at(T0 + i * MINUTE);
      probe(outcome);
    });
    const stats = monitor.stats(T0 + HOUR);
    assert.strictEqual(stats.checks24h, 11);
    assert.strictEqual(stats.counted24h, 8);
    assert.strictEqual(stats.failed24h, 2);
    assert.strictEqual(stats.availability24h, 6 / 8);
    assert.strictEqual(stats.latencyNowMs, undefined, 'the last probe failed');
  });

  it('no counted probes: availability is undefined', () => {
    const { monitor, probe } = monitorAt(T0);
    probe('rateLimited');
    assert.strictEqual(monitor.stats(T0).availability24h, undefined);
  });

  it('sparkline: twenty buckets over the last hour with the median OK latency, failures flagged', () => {
    const { monitor, at, probe } = monitorAt(T0);
    at(T0 + 1 * MINUTE); // bucket 0 of the hour ending at T0 + 60 min
    probe('ok', 300);
    at(T0 + 2 * MINUTE);
    probe('ok', 500);
    at(T0 + 31 * MINUTE); // bucket 10
    probe('overloaded');
    at(T0 + 59 * MINUTE); // bucket 19
    probe('ok', 800);
    const { sparkline } = monitor.stats(T0 + 60 * MINUTE);
    assert.strictEqual(sparkline.length, STATS_WINDOW.sparkBuckets);
    assert.deepStrictEqual(sparkline[0], { latencyMs: 300, failed: false });
    assert.deepStrictEqual(sparkline[10], { latencyMs: undefined, failed: true });
    assert.deepStrictEqual(sparkline[19], { latencyMs: 800, failed: false });
    assert.deepStrictEqual(sparkline[5], { latencyMs: undefined, failed: false });
  });

  it('keeps the last rate-limit headers it saw', () => {
    const { monitor } = monitorAt(T0);
    monitor.recordProbe({ outcome: 'ok', startedAt: T0, latencyMs: 300, rateLimit: { requestsLimit: 50, requestsRemaining: 49 } });
    monitor.recordProbe({ outcome: 'ok', startedAt: T0 + MINUTE, latencyMs: 300 });
    assert.deepStrictEqual(monitor.stats(T0 + MINUTE).rateLimit, { requestsLimit: 50, requestsRemaining: 49 });
    assert.strictEqual(monitor.stats(T0 + MINUTE).rateLimitAt, T0);
  });

  it('percentile is nearest-rank', () => {
    assert.strictEqual(percentile([], 50), undefined);
    assert.strictEqual(percentile([7], 95), 7);
    assert.strictEqual(percentile([1, 2, 3, 4], 50), 2);
    assert.strictEqual(percentile([1, 2, 3, 4], 95), 4);
  });
});

describe('health monitor: bounded history', () => {
  it('drops points older than 24 h and never keeps more than the cap', () => {
    const { monitor, at, probe } = monitorAt(T0);
    for (let i = 0; i < 3000; i++) {
      at(T0 + i * 30_000); // every 30 s for 25 h
      probe('ok');
    }
    const history = monitor.history();
    assert.ok(history.length <= HISTORY_LIMITS.maxPoints, `${history.length}`);
    const last = T0 + 2999 * 30_000;
    assert.ok(history[0].at >= last - 24 * HOUR);
    assert.strictEqual(history[history.length - 1].at, last);
  });

  it('a restored history gives the slow baseline at once', () => {
    const restored: HistoryPoint[] = Array.from({ length: 12 }, (_, i) => ({ at: T0 - (12 - i) * MINUTE, outcome: 'ok', latencyMs: 400 }));
    const { monitor, probe, at } = monitorAt(T0, restored);
    probe('ok', 3000);
    at(T0 + 5000);
    probe('ok', 3000);
    assert.strictEqual(monitor.state().kind, 'slow');
  });
});

describe('health history store (globalState)', () => {
  const points: HistoryPoint[] = [
    { at: T0 - 2 * HOUR, outcome: 'ok', latencyMs: 410 },
    { at: T0 - HOUR, outcome: 'overloaded', latencyMs: 280 },
    { at: T0 - MINUTE, outcome: 'rateLimited', latencyMs: 150 },
  ];

  it('round-trips, as a string and as the parsed object globalState returns', () => {
    const text = serializeHistory(points, T0);
    assert.deepStrictEqual(deserializeHistory(text, T0), points);
    assert.deepStrictEqual(deserializeHistory(JSON.parse(text), T0), points);
    assert.ok(text.length < 120, text);
  });

  it('reads garbage as empty', () => {
    const good = JSON.parse(serializeHistory(points, T0)) as Record<string, unknown>;
    for (const bad of [undefined, null, 42, '', '{not json', '[]', {}, { ...good, version: 2 }, { ...good, t0: 'x' }, { ...good, points: {} }]) {
      assert.deepStrictEqual(deserializeHistory(bad, T0), [], JSON.stringify(bad));
    }
  });

  it('drops bad points one by one, and points too old or from the future', () => {
    const raw = {
      version: 1,
      t0: T0 - 25 * HOUR,
      points: [
        [0, 'ok', 400], // 25 h old
        [HOUR + 1, 'ok', 400], // just inside 24 h
        [2 * HOUR, 'nonsense', 400],
        [2 * HOUR, 'ok', -1],
        [2 * HOUR, 'ok'],
        [2 * HOUR, 'aborted', 10],
        'x',
        [25 * HOUR + 10 * MINUTE, 'ok', 400], // 10 min in the future
        [3 * HOUR, 'timeout', 10_000],
      ],
    };
    assert.deepStrictEqual(deserializeHistory(raw, T0), [
      { at: T0 - 24 * HOUR + 1, outcome: 'ok', latencyMs: 400 },
      { at: T0 - 22 * HOUR, outcome: 'timeout', latencyMs: 10_000 },
    ]);
  });

  it('serialises at most the cap, newest kept, rounding latencies', () => {
    const many: HistoryPoint[] = Array.from({ length: 2500 }, (_, i) => ({ at: T0 - (2500 - i) * 30_000, outcome: 'ok', latencyMs: 400.4 }));
    const back = deserializeHistory(serializeHistory(many, T0), T0);
    assert.strictEqual(back.length, HISTORY_LIMITS.maxPoints);
    assert.strictEqual(back[back.length - 1].at, many[many.length - 1].at);
    assert.strictEqual(back[0].latencyMs, 400);
  });
});
