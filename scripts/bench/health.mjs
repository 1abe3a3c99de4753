// Health figures, simulated on a fake clock against the compiled monitor and polling policy
// (out/src/health/*.js), driven the way the adapter drives them: one timer, one request in flight,
// probe then (when due) the status page, next delay from the policy.
//   node scripts/bench/health.mjs          prints a table with targets (compiles out/ first if missing)
//   import { runHealthBench } from './bench/health.mjs'  →  { 'health.requests_per_hour': number, ... }
// Response sizes are measured once against the fake API (test/fake-api), headers + body as read
// off the socket; TLS overhead is not counted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './analysisCorpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = path.join(root, 'out');
const require = createRequire(import.meta.url);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const T0 = Date.parse('2026-11-22T00:00:00Z');
/** The probe timeout assumed for timeouts (the probe's own setting decides in the extension). */
const PROBE_TIMEOUT_MS = 10 * SECOND;

function ensureCompiled() {
  if (fs.existsSync(path.join(outDir, 'src', 'health', 'monitor.js')) && fs.existsSync(path.join(outDir, 'src', 'health', 'pollingPolicy.js'))) return;
  try {
    execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.test.json'], { cwd: root, stdio: 'ignore' });
  } catch {
    // tsc exits non-zero on a type error anywhere but still emits; the check below decides.
  }
  if (!fs.existsSync(path.join(outDir, 'src', 'health', 'monitor.js'))) throw new Error('out/src/health/monitor.js is missing: run `npx tsc -p tsconfig.test.json`.');
}

/** One GET with a fresh connection; bytes as read from and written to the socket. */
function measure(url, headers) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      response.resume();
      // Counted once the socket closes, when every byte has been read (agent: false closes it).
      response.socket.on('close', function () {
        resolve({ received: this.bytesRead, sent: this.bytesWritten });
      });
    });
    request.on('error', reject);
  });
}

/** Sizes of one probe, one status.json and one summary.json against the fake API (fallbacks without it). */
async function measureSizes() {
  const fallback = { probe: { received: 2000, sent: 300 }, status: { received: 370, sent: 120 }, summary: { received: 1700, sent: 120 }, measured: false };
  const serverFile = path.join(outDir, 'test', 'fake-api', 'server.js');
  if (!fs.existsSync(serverFile)) return fallback;
  const { FakeClaudeApi, FAKE_API_KEY } = require(serverFile);
  const api = await FakeClaudeApi.start();
  try {
    // What the probe sends: GET /v1/models?limit=1 with the key, the version and a user agent.
    const probe = await measure(`${api.url}/v1/models?limit=1`, { 'x-api-key': FAKE_API_KEY, 'anthropic-version': '2023-06-01', 'user-agent': 'claude-api-health/0.1.0', accept: 'application/json' });
    const status = await measure(`${api.url}/api/v2/status.json`, { accept: 'application/json' });
    const summary = await measure(`${api.url}/api/v2/summary.json`, { accept: 'application/json' });
    return { probe, status, summary, measured: true };
  } finally {
    await api.close();
  }
}

const greenPage = (fetchedAt) => ({
  fetchedAt,
  indicator: 'none',
  description: 'All Systems Operational',
  pageUrl: 'https://status.claude.com',
  apiComponent: { name: 'Claude API (api.anthropic.com)', status: 'operational' },
  components: [{ name: 'Claude API (api.anthropic.com)', status: 'operational' }],
  incidents: [],
  maintenances: [],
});

/**
 * Runs the adapter loop on a fake clock from `start` until `until` (or `stop(state, t)` says so).
 * `api(t, random)` says what a probe started at t gets: { outcome, latencyMs, status?, retryAfterSeconds? }.
 */
function simulate(health, { start = T0, until, seed, api, focused = () => true, stop, sizes, policy, page: pageAt = greenPage }) {
  const { HealthMonitor, nextDelayMs, statusPageDue, NotificationPolicy } = health;
  const random = seededRandom(seed);
  let t = start;
  const monitor = new HealthMonitor({ now: () => t });
  const notifications = new NotificationPolicy('all');
  const counts = { probes: 0, statusJson: 0, summaryJson: 0, received: 0, sent: 0, entries: {}, notifications: 0 };
  const page = { lastStatusAt: undefined, lastSummaryAt: undefined, statusIndicator: undefined, summaryIndicator: undefined };
  let previousKind = monitor.state().kind;
  const observe = () => {
    const state = monitor.state();
    if (state.kind !== previousKind) counts.entries[state.kind] = (counts.entries[state.kind] ?? 0) + 1;
    previousKind = state.kind;
    if (notifications.observe(state, t)) counts.notifications++;
    return stop ? stop(state, t) : false;
  };
  while (t < until) {
    // Probe (the gate is trivially free: this loop is sequential, as the adapter's tick is).
    const startedAt = t;
    const answer = api(t, random);
    t += answer.latencyMs;
    counts.probes++;
    counts.received += sizes.probe.received;
    counts.sent += sizes.probe.sent;
    const decisions = [monitor.recordProbe({ ...answer, startedAt })];
    if (observe()) break;
    // Status page, when due.
    const due = statusPageDue({ now: t, state: monitor.state(), focused: focused(t), ...page });
    if (due) {
      t += 150;
      const size = sizes[due];
      counts.received += size.received;
      counts.sent += size.sent;
      if (due === 'summary') {
        counts.summaryJson++;
        page.lastSummaryAt = t;
        page.summaryIndicator = pageAt(t).indicator;
        decisions.push(monitor.recordStatusPage(pageAt(t)));
        if (observe()) break;
      } else {
        counts.statusJson++;
        page.lastStatusAt = t;
        page.statusIndicator = pageAt(t).indicator;
      }
    }
    // As the adapter: the first confirmation any input asked for.
    const confirmIn = decisions.find((d) => d.confirmIn !== undefined)?.confirmIn;
    const delay = nextDelayMs({ state: monitor.state(), confirmIn, focused: focused(t), ...monitor.pollingHints(), intervalMs: policy.POLLING.defaultIntervalMs, random });
    if (delay === undefined) break;
    t += delay;
  }
  return { counts, t, monitor };
}

/** A healthy API: 350-500 ms, with a 2 % tail up to +900 ms. */
function healthyLatency(random) {
  const base = 350 + 150 * random();
  return random() < 0.02 ? base + 900 * random() : base;
}

const healthy = (_t, random) => ({ outcome: 'ok', status: 200, latencyMs: healthyLatency(random) });

/** A random transient failure of the kinds real APIs show. */
function transientFailure(random) {
  const pick = random();
  if (pick < 0.4) return { outcome: 'overloaded', status: 529, errorType: 'overloaded_error', latencyMs: 200 + 400 * random() };
  if (pick < 0.7) return { outcome: 'serverError', status: 500, errorType: 'api_error', latencyMs: 200 + 400 * random() };
  if (pick < 0.85) return { outcome: 'reset', latencyMs: 100 + 300 * random() };
  return { outcome: 'timeout', latencyMs: PROBE_TIMEOUT_MS };
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const round = (n, digits = 2) => Number(n.toFixed(digits));

export async function runHealthBench({ log = () => {} } = {}) {
  ensureCompiled();
  // The real pure modules the extension runs (the monitor's state machine, the polling policy, notifications).
  const health = {
    ...require(path.join(outDir, 'src', 'health', 'monitor.js')),
    ...require(path.join(outDir, 'src', 'health', 'pollingPolicy.js')),
    ...require(path.join(outDir, 'src', 'health', 'notifications.js')),
  };
  const policy = health;
  const sizes = await measureSizes();
  log(`sizes (${sizes.measured ? 'measured on the fake API' : 'fallback estimates'}): probe ${sizes.probe.received} B in / ${sizes.probe.sent} B out; status.json ${sizes.status.received} B; summary.json ${sizes.summary.received} B`);
  const figures = {};

  // 1. Steady state: healthy, focused, 24 h.
  const day = simulate(health, { until: T0 + 24 * HOUR, seed: 1, api: healthy, sizes, policy });
  const hours = (day.t - T0) / HOUR;
  figures['health.requests_per_hour'] = round(day.counts.probes / hours);
  figures['health.status_page_requests_per_hour'] = round((day.counts.statusJson + day.counts.summaryJson) / hours);
  figures['health.bytes_per_hour'] = Math.round(day.counts.received / hours);
  figures['health.bytes_sent_per_hour'] = Math.round(day.counts.sent / hours);
  figures['health.false_states_steady_day'] = Object.entries(day.counts.entries).filter(([kind]) => kind !== 'operational').reduce((sum, [, n]) => sum + n, 0);
  log(`steady day: ${day.counts.probes} probes, ${day.counts.statusJson} status.json, ${day.counts.summaryJson} summary.json, entries ${JSON.stringify(day.counts.entries)}`);

  // Unfocused for the whole day.
  const away = simulate(health, { until: T0 + 24 * HOUR, seed: 2, api: healthy, sizes, policy, focused: () => false });
  figures['health.requests_per_hour_unfocused'] = round(away.counts.probes / ((away.t - T0) / HOUR));

  // 2. Outage detection: an outage (529s) injected at a random phase, many times.
  const detections = [];
  const recoveries = [];
  const trials = 300;
  const phase = seededRandom(7);
  for (let trial = 0; trial < trials; trial++) {
    const injectAt = T0 + 20 * MINUTE + phase() * 2 * MINUTE;
    const endAt = injectAt + 30 * MINUTE;
    let detectedAt;
    let recoveredAt;
    const api = (t, random) => (t >= injectAt && t < endAt ? { outcome: 'overloaded', status: 529, errorType: 'overloaded_error', latencyMs: 200 + 400 * random() } : healthy(t, random));
    simulate(health, {
      until: endAt + 30 * MINUTE,
      seed: 1000 + trial,
      api,
      sizes,
      policy,
      stop: (state, t) => {
        if (detectedAt === undefined && state.kind === 'outage') detectedAt = t;
        if (detectedAt !== undefined && t >= endAt && state.kind === 'operational') recoveredAt = t;
        return recoveredAt !== undefined;
      },
    });
    detections.push((detectedAt - injectAt) / SECOND);
    recoveries.push((recoveredAt - endAt) / SECOND);
  }
  figures['health.outage_detect_s'] = round(Math.max(...detections), 1);
  figures['health.outage_detect_mean_s'] = round(detections.reduce((a, b) => a + b, 0) / trials, 1);
  figures['health.outage_detect_p95_s'] = round(quantile(detections, 0.95), 1);
  figures['health.recovery_detect_mean_s'] = round(recoveries.reduce((a, b) => a + b, 0) / trials, 1);
  figures['health.recovery_detect_max_s'] = round(Math.max(...recoveries), 1);

  // 3. False outages: a day with 1 % random transient failures (independent per request), seeded.
  const flaky = (t, random) => (random() < 0.01 ? transientFailure(random) : healthy(t, random));
  const flakyDay = simulate(health, { until: T0 + 24 * HOUR, seed: 42, api: flaky, sizes, policy });
  const redEntries = (counts) => (counts.entries.outage ?? 0) + (counts.entries.offline ?? 0);
  figures['health.false_outages_per_day'] = redEntries(flakyDay.counts);
  figures['health.false_degraded_per_day'] = flakyDay.counts.entries.degraded ?? 0;
  figures['health.false_notifications_per_day'] = flakyDay.counts.notifications;
  figures['health.requests_per_hour_flaky'] = round(flakyDay.counts.probes / ((flakyDay.t - T0) / HOUR));
  log(`flaky day: ${flakyDay.counts.probes} probes, entries ${JSON.stringify(flakyDay.counts.entries)}`);
  // The same over 30 seeded days, to show it is not one lucky seed.
  let red30 = 0;
  for (let d = 0; d < 30; d++) red30 += redEntries(simulate(health, { until: T0 + 24 * HOUR, seed: 5000 + d, api: flaky, sizes, policy }).counts);
  figures['health.false_outages_30_days'] = red30;

  return figures;
}

const targets = [
  ['health.requests_per_hour', 61],
  ['health.bytes_per_hour', 150_000],
  ['health.outage_detect_s', 70],
  // Two intervals + 10 s (issue 7 item 3): the first probe after the end, and its 2 s confirmation.
  ['health.recovery_detect_max_s', 130],
  ['health.false_outages_per_day', 0],
];

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const figures = await runHealthBench({ log: (line) => console.log(line) });
  const targetOf = new Map(targets);
  for (const [key, value] of Object.entries(figures)) {
    const target = targetOf.get(key);
    const verdict = target === undefined ? '' : `target <= ${target}  ${value <= target ? 'ok' : 'MISSED'}`;
    console.log(`${key.padEnd(40)} ${String(value).padStart(10)}  ${verdict}`);
  }
}
