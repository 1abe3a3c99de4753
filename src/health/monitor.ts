/**
 * The health monitor: a pure state machine from probe results and status page snapshots to the
 * `HealthState` the status bar shows, plus the bounded probe history and its statistics.
 * Time comes from the injected `now()`; nothing here does I/O or sets timers.
 *
 * Rules (a "failure" is a 5xx/529, a timeout, a non-API answer, or a connection failure):
 *
 * | input (from state)                              | result                                                        |
 * |-------------------------------------------------|---------------------------------------------------------------|
 * | failure 1 or 2 in a row (not in Outage/Offline) | keep the state, confirm: re-probe in 2 s                      |
 * | failure 3 in a row                              | Outage; Offline when ≥ 2 of the last 3 are DNS/refused/reset/ |
 * |                                                 | TLS/network (timeouts count as network only while the status  |
 * |                                                 | page is unreachable too: a timeout alone cannot tell whose)   |
 * | failure while Outage/Offline                    | stay (the kind follows the last 3 failures); no confirmation  |
 * | 401/403/404/other 4xx, first                    | keep the state, confirm once (re-probe in 2 s)                |
 * | 401/403/404/other 4xx, second in a row          | Key problem (keys don't flap: one confirmation is enough)     |
 * | 429                                             | Rate limited at once; resetAt from retry-after, else the      |
 * |                                                 | latest `anthropic-ratelimit-*-reset` of an exhausted limit    |
 * | OK from Unknown                                 | Operational                                                   |
 * | OK from any non-green state, first              | keep the state, confirm: re-probe in 2 s                      |
 * | OK, second in a row                             | Operational (or Slow/Degraded below)                          |
 * | OK and ≥ 3 separate failure runs in 15 min      | Degraded (intermittent errors; one outage run counts once);   |
 * |                                                 | it lasts until 15 minutes pass without any failure            |
 * | OK slower than max(3 × p50, p50 + 1.5 s) of the | first: confirm in 5 s; second in a row: Slow. Needs ≥ 10 OK   |
 * |   last hour's OK probes                         | samples in the last hour; leaving Slow needs 2 fast probes    |
 * | aborted probe                                   | ignored (no information)                                      |
 * | page: API component degraded/partial/major/     | Degraded while the probe is green (a warning with the page's  |
 * |   maintenance, or indicator major/critical      | words); never changes a probe-detected problem, only adds to  |
 * |   (indicator alone only if no API component)    | its reason; ignored once older than 30 min                    |
 * | no key / probe off (page only)                  | Outage when the API component (else the indicator) says major |
 * |                                                 | / critical, Degraded for lesser trouble, else No key          |
 * | setDisabled / reset (key or settings changed)   | Disabled / Unknown, streaks cleared                           |
 *
 * Three failures in a row at 1 % independent transient failures happen about once in 1e6 probes, so a
 * day (≈ 1,440 probes) almost never produces a false outage (`scripts/bench/health.mjs` measures it),
 * while the two confirmations add only ≈ 4 s to detection.
 */
import type {
  HealthState,
  HealthStateKind,
  HistoryPoint,
  ProbeOutcome,
  ProbeResult,
  RateLimitInfo,
  StatusPageFailure,
  StatusPageSnapshot,
} from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The thresholds of the rules table above. */
export const MONITOR_RULES = {
  /** Delay of a confirming re-probe after a failure, or after the first OK in a bad state. */
  confirmDelayMs: 2_000,
  /** Consecutive failures that make an Outage or Offline (the first plus two confirmations). */
  failuresToConfirm: 3,
  /** Consecutive 4xx answers that make a Key problem. */
  accountFailuresToConfirm: 2,
  /** Consecutive OK probes that end any non-green state. */
  oksToRecover: 2,
  /** Delay of a re-probe confirming a latency change (not urgent). */
  slowConfirmDelayMs: 5_000,
  slowFactor: 3,
  slowMarginMs: 1_500,
  /** OK probes in the last hour before "Slow" is judged at all. */
  slowMinBaseline: 10,
  slowProbes: 2,
  intermittentWindowMs: 15 * MINUTE,
  intermittentRuns: 3,
  /** A status page snapshot older than this no longer affects the state. */
  statusPageStaleMs: 30 * MINUTE,
  /** A status page failure this recent lets timeouts count as "offline". */
  statusPageFailureRecentMs: 10 * MINUTE,
  historyMaxAgeMs: 24 * HOUR,
  /** Cap on kept points: 24 h at 60 s is 1,440, plus room for confirmations and faster intervals. */
  historyMaxPoints: 2_000,
  /** Latency statistics and the sparkline cover this much. */
  statsWindowMs: HOUR,
  sparkBuckets: 20,
} as const;

/** What one input did: whether the state changed, and whether a quick confirming re-probe is wanted. */
export interface MonitorDecision {
  changed: boolean;
  /** Milliseconds: probe again this soon to confirm (before any backoff). */
  confirmIn?: number;
}

/** What the polling policy needs from the monitor. */
export interface PollingHints {
  /** Probes in a row that were not OK (aborted ones skipped). */
  consecutiveFailures: number;
  /** Seconds the server asked us to wait (retry-after, or until a rate limit resets). */
  retryAfterSeconds?: number;
}

/** One bar of the sparkline: the median OK latency of the bucket, and whether any probe in it failed. */
export interface SparkBucket {
  latencyMs?: number;
  failed: boolean;
}

/** Statistics for the tooltip and the details view. */
export interface HealthStats {
  lastCheckedAt?: number;
  /** Latency of the last probe, when it succeeded. */
  latencyNowMs?: number;
  /** Over the OK probes of the last hour. */
  p50Ms?: number;
  p95Ms?: number;
  okLastHour: number;
  /**
   * Share of available answers over the last 24 h: OK / (OK + server failures + timeouts).
   * Not counted: 429 (the API answered; the limit is the key's), 4xx (the key's or the setup's),
   * and connection failures (this machine's network, not the API). Undefined with nothing counted.
   */
  availability24h?: number;
  counted24h: number;
  failed24h: number;
  checks24h: number;
  /** `MONITOR_RULES.sparkBuckets` buckets over the last hour, oldest first. */
  sparkline: SparkBucket[];
  /** The last rate-limit headers seen, and when. */
  rateLimit?: RateLimitInfo;
  rateLimitAt?: number;
}

/** How the monitor reads a probe outcome. */
export type OutcomeClass = 'ok' | 'rateLimited' | 'account' | 'server' | 'timeout' | 'network' | 'ignored';

/** Classifies a probe outcome; `otherStatus` is a server failure for 5xx, else the key's or setup's (account). */
export function classifyOutcome(outcome: ProbeOutcome, status?: number): OutcomeClass {
  switch (outcome) {
    case 'ok':
      return 'ok';
    case 'rateLimited':
      return 'rateLimited';
    case 'auth':
    case 'notFound':
      return 'account';
    case 'otherStatus':
      return status !== undefined && status >= 500 ? 'server' : 'account';
    case 'overloaded':
    case 'serverError':
    case 'malformed':
      return 'server';
    case 'timeout':
      return 'timeout';
    case 'dns':
    case 'refused':
    case 'reset':
    case 'tls':
    case 'network':
      return 'network';
    case 'aborted':
      return 'ignored';
  }
}

/** True for a failed status page fetch. */
export function isStatusPageFailure(value: StatusPageSnapshot | StatusPageFailure): value is StatusPageFailure {
  return 'error' in value;
}

/** "420 ms" below a second, "2.4 s" above. */
export function formatLatency(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The latency above which a probe counts as slow, or undefined without enough baseline. */
export function slowThresholdMs(baselineP50: number | undefined, samples: number): number | undefined {
  if (baselineP50 === undefined || samples < MONITOR_RULES.slowMinBaseline) return undefined;
  return Math.max(MONITOR_RULES.slowFactor * baselineP50, baselineP50 + MONITOR_RULES.slowMarginMs);
}

/** What the status page says about the API, reduced to a level and words for the reason. */
export interface PageVerdict {
  level: 'none' | 'degraded' | 'outage';
  text: string;
}

const componentWords: Record<string, string> = {
  degraded_performance: 'degraded performance',
  partial_outage: 'a partial outage',
  major_outage: 'a major outage',
  under_maintenance: 'maintenance',
};

/**
 * Reads a snapshot. The API component decides when it was found; the page-wide indicator counts
 * only when it is major/critical (claude.ai incidents are frequent and say nothing about the API)
 * or when no API component was found.
 */
export function pageVerdict(page: StatusPageSnapshot): PageVerdict {
  const incident = page.incidents[0]?.name;
  const withIncident = (text: string): string => (incident ? `${text} ("${incident}")` : text);
  const api = page.apiComponent;
  if (api && api.status === 'under_maintenance') {
    const name = page.maintenances[0]?.name;
    return { level: 'degraded', text: `maintenance on ${api.name}${name ? ` ("${name}")` : ''}` };
  }
  if (api && (api.status === 'major_outage' || api.status === 'partial_outage' || api.status === 'degraded_performance')) {
    return { level: api.status === 'major_outage' ? 'outage' : 'degraded', text: withIncident(`${componentWords[api.status]} of ${api.name}`) };
  }
  const described = page.description || page.indicator;
  if (api) {
    return page.indicator === 'major' || page.indicator === 'critical' ? { level: 'degraded', text: withIncident(described) } : { level: 'none', text: described };
  }
  switch (page.indicator) {
    case 'critical':
      return { level: 'outage', text: withIncident(described) };
    case 'major':
    case 'minor':
      return { level: 'degraded', text: withIncident(described) };
    case 'maintenance':
      return page.maintenances.length > 0 ? { level: 'degraded', text: `maintenance ("${page.maintenances[0].name}")` } : { level: 'none', text: described };
    default:
      return { level: 'none', text: described };
  }
}

const shortDetail = (text: string | undefined): string => {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
};

/** One failed probe in words, e.g. "HTTP 529 overloaded_error (Overloaded)". */
export function describeProbe(result: ProbeResult): string {
  const detail = shortDetail(result.detail);
  const suffix = detail ? ` (${detail})` : '';
  switch (result.outcome) {
    case 'ok':
      return `answered in ${formatLatency(result.latencyMs)}`;
    case 'timeout':
      return `timed out after ${formatLatency(result.latencyMs)}`;
    case 'dns':
      return `the API host name did not resolve${suffix}`;
    case 'refused':
      return `the connection was refused${suffix}`;
    case 'reset':
      return `the connection was reset${suffix}`;
    case 'tls':
      return `the TLS handshake or certificate failed${suffix}`;
    case 'network':
      return `a network error${suffix}`;
    case 'malformed':
      return `an answer that is not the API's, perhaps a proxy's page${suffix}`;
    case 'aborted':
      return 'cancelled';
    default: {
      // The probe's detail already reads "HTTP 529 overloaded_error: Overloaded"; do not say it twice.
      if (detail?.startsWith('HTTP ')) return detail;
      const status = result.status !== undefined ? `HTTP ${result.status}` : 'an error';
      return `${status}${result.errorType ? ` ${shortDetail(result.errorType)}` : ''}${suffix}`;
    }
  }
}

type BaseKind = Exclude<HealthStateKind, 'noKey' | 'disabled'>;
type Mode = 'probe' | 'noKey' | 'probeOff' | 'disabled';
const green: ReadonlySet<BaseKind> = new Set<BaseKind>(['operational', 'slow']);

interface Base {
  kind: BaseKind;
  reason: string;
}

/** Counters of the current runs of like probes. */
interface Streaks {
  ok: number;
  failure: number;
  account: number;
  slow: number;
  fast: number;
  notOk: number;
}

const noStreaks = (): Streaks => ({ ok: 0, failure: 0, account: 0, slow: 0, fast: 0, notOk: 0 });

export interface HealthMonitorOptions {
  now: () => number;
  /** History restored from globalState (see historyStore.ts). */
  history?: readonly HistoryPoint[];
}

/** The state machine; see the rules table at the top of this file. */
export class HealthMonitor {
  private readonly now: () => number;
  private points: HistoryPoint[];
  private mode: Mode = 'probe';
  private base: Base = { kind: 'unknown', reason: 'Checking the Claude API…' };
  private streaks: Streaks = noStreaks();
  /** Classes of the current failure run, newest last (at most 3). */
  private failureClasses: OutcomeClass[] = [];
  private lastProbe?: ProbeResult;
  private lastOkLatency?: number;
  private resetAt?: number;
  private rateLimit?: { info: RateLimitInfo; at: number };
  private page?: StatusPageSnapshot;
  private pageFailure?: StatusPageFailure;
  private confirming = false;
  private current: HealthState;

  constructor(options: HealthMonitorOptions) {
    this.now = options.now;
    const cutoff = this.now() - MONITOR_RULES.historyMaxAgeMs;
    this.points = (options.history ?? []).filter((point) => point.at >= cutoff).slice(-MONITOR_RULES.historyMaxPoints);
    this.current = { kind: 'unknown', reason: this.base.reason, since: this.now() };
  }

  state(): HealthState {
    return this.current;
  }

  /** A copy of the kept history, oldest first (for historyStore.serializeHistory). */
  history(): HistoryPoint[] {
    return [...this.points];
  }

  pollingHints(): PollingHints {
    const hints: PollingHints = { consecutiveFailures: this.streaks.notOk };
    const probe = this.lastProbe;
    // The wait still to go: retry-after counts from the answer; a rate limit until its reset.
    let until = probe && probe.outcome !== 'ok' && probe.retryAfterSeconds !== undefined ? probe.startedAt + probe.latencyMs + probe.retryAfterSeconds * 1000 : undefined;
    if (this.base.kind === 'rateLimited' && this.resetAt !== undefined) until = Math.max(until ?? 0, this.resetAt);
    const seconds = until !== undefined ? Math.ceil((until - this.now()) / 1000) : 0;
    if (seconds > 0) hints.retryAfterSeconds = seconds;
    return hints;
  }

  recordProbe(result: ProbeResult): MonitorDecision {
    if (this.mode !== 'probe') return { changed: false };
    const type = classifyOutcome(result.outcome, result.status);
    if (type === 'ignored') return { changed: false };
    const now = this.now();
    const baseline = this.okLatencies(now);
    this.addPoint({ at: result.startedAt, outcome: result.outcome, latencyMs: result.latencyMs }, now);
    this.lastProbe = result;
    if (result.rateLimit) this.rateLimit = { info: result.rateLimit, at: result.startedAt };
    this.streaks.notOk = type === 'ok' ? 0 : this.streaks.notOk + 1;
    let confirmIn: number | undefined;
    if (type === 'ok') confirmIn = this.onOk(result, baseline, now);
    else if (type === 'rateLimited') this.onRateLimited(result);
    else if (type === 'account') confirmIn = this.onAccount(result);
    else confirmIn = this.onFailure(result, type, now);
    this.confirming = confirmIn !== undefined;
    return { changed: this.publish(), confirmIn };
  }

  recordStatusPage(result: StatusPageSnapshot | StatusPageFailure): MonitorDecision {
    if (isStatusPageFailure(result)) {
      this.pageFailure = result;
    } else if (!this.page || result.fetchedAt >= this.page.fetchedAt) {
      this.page = result;
      this.pageFailure = undefined;
    }
    return { changed: this.publish() };
  }

  /** No key (or probing turned off): the state comes from the status page alone. */
  setNoKey(reason: 'noKey' | 'probeOff' = 'noKey'): MonitorDecision {
    this.mode = reason;
    this.clearProbeState();
    return { changed: this.publish() };
  }

  setDisabled(): MonitorDecision {
    this.mode = 'disabled';
    this.clearProbeState();
    return { changed: this.publish() };
  }

  /** The key or the settings changed: start over (probing). The status page's view is kept. */
  reset(options: { clearHistory?: boolean } = {}): MonitorDecision {
    this.mode = 'probe';
    this.clearProbeState();
    if (options.clearHistory) this.points = [];
    return { changed: this.publish() };
  }

  stats(now: number = this.now()): HealthStats {
    const dayStart = now - MONITOR_RULES.historyMaxAgeMs;
    const hourStart = now - MONITOR_RULES.statsWindowMs;
    const bucketMs = MONITOR_RULES.statsWindowMs / MONITOR_RULES.sparkBuckets;
    const buckets: Array<{ latencies: number[]; failed: boolean }> = Array.from({ length: MONITOR_RULES.sparkBuckets }, () => ({ latencies: [], failed: false }));
    const hourOk: number[] = [];
    let checks = 0;
    let counted = 0;
    let failed = 0;
    for (const point of this.points) {
      if (point.at < dayStart || point.at > now) continue;
      checks++;
      const type = classifyOutcome(point.outcome);
      if (type === 'ok' || type === 'server' || type === 'timeout') counted++;
      if (type === 'server' || type === 'timeout') failed++;
      if (point.at < hourStart) continue;
      const bucket = buckets[Math.min(buckets.length - 1, Math.floor((point.at - hourStart) / bucketMs))];
      if (type === 'ok') {
        hourOk.push(point.latencyMs);
        bucket.latencies.push(point.latencyMs);
      } else if (type === 'server' || type === 'timeout' || type === 'network') {
        bucket.failed = true;
      }
    }
    hourOk.sort((a, b) => a - b);
    const stats: HealthStats = {
      okLastHour: hourOk.length,
      counted24h: counted,
      failed24h: failed,
      checks24h: checks,
      sparkline: buckets.map((bucket) => ({ latencyMs: percentile(bucket.latencies.sort((a, b) => a - b), 50), failed: bucket.failed })),
    };
    if (this.lastProbe) {
      stats.lastCheckedAt = this.lastProbe.startedAt;
      if (this.lastProbe.outcome === 'ok') stats.latencyNowMs = this.lastProbe.latencyMs;
    }
    if (hourOk.length > 0) {
      stats.p50Ms = percentile(hourOk, 50);
      stats.p95Ms = percentile(hourOk, 95);
    }
    if (counted > 0) stats.availability24h = (counted - failed) / counted;
    if (this.rateLimit) {
      stats.rateLimit = this.rateLimit.info;
      stats.rateLimitAt = this.rateLimit.at;
    }
    return stats;
  }

  // ---- probe rules ----

  private onOk(result: ProbeResult, baseline: number[], now: number): number | undefined {
    const streaks = this.streaks;
    streaks.ok++;
    streaks.failure = 0;
    streaks.account = 0;
    this.failureClasses = [];
    this.lastOkLatency = result.latencyMs;
    const threshold = slowThresholdMs(percentile(baseline, 50), baseline.length);
    const slow = threshold !== undefined && result.latencyMs > threshold;
    streaks.slow = slow ? streaks.slow + 1 : 0;
    streaks.fast = slow ? 0 : streaks.fast + 1;

    const from = this.base.kind;
    if (from !== 'unknown' && !green.has(from) && streaks.ok < MONITOR_RULES.oksToRecover) {
      return MONITOR_RULES.confirmDelayMs; // recovery is confirmed before going green
    }
    // Hysteresis: Degraded starts at 3 failure runs in the window and ends only after a clean window.
    const runs = this.failureRuns(now);
    if (runs >= MONITOR_RULES.intermittentRuns || (from === 'degraded' && runs > 0)) {
      const minutes = MONITOR_RULES.intermittentWindowMs / MINUTE;
      this.base = { kind: 'degraded', reason: `Intermittent errors: ${runs} separate ${runs === 1 ? 'failure' : 'failures'} in the last ${minutes} minutes; the last check ${describeProbe(result)}.` };
      return undefined;
    }
    const baselineText = `your usual ${formatLatency(percentile(baseline, 50) ?? 0)} (median of the last hour)`;
    if (slow && (from === 'slow' || streaks.slow >= MONITOR_RULES.slowProbes)) {
      this.base = { kind: 'slow', reason: `Checks take ${formatLatency(result.latencyMs)}, far above ${baselineText}.` };
      return undefined;
    }
    if (!slow && from === 'slow' && streaks.fast < MONITOR_RULES.oksToRecover) {
      return MONITOR_RULES.slowConfirmDelayMs; // keep Slow until a second fast probe
    }
    this.base = { kind: 'operational', reason: `Your last check ${describeProbe(result)}.` };
    return slow ? MONITOR_RULES.slowConfirmDelayMs : undefined;
  }

  private onRateLimited(result: ProbeResult): void {
    this.streaks = { ...noStreaks(), notOk: this.streaks.notOk };
    this.failureClasses = [];
    this.resetAt = rateLimitResetAt(result);
    const detail = shortDetail(result.detail);
    const spendCap = result.retryAfterSeconds === undefined ? ' No retry-after was sent: if this is a spend limit, it will not reset by itself.' : '';
    const said = detail?.startsWith('HTTP ') ? detail : `HTTP 429${detail ? `: ${detail}` : ''}`;
    this.base = { kind: 'rateLimited', reason: `This key is over its rate limit (${said}).${spendCap}` };
  }

  private onAccount(result: ProbeResult): number | undefined {
    this.streaks = { ...noStreaks(), account: this.streaks.account + 1, notOk: this.streaks.notOk };
    this.failureClasses = [];
    if (this.base.kind !== 'keyProblem' && this.streaks.account < MONITOR_RULES.accountFailuresToConfirm) return MONITOR_RULES.confirmDelayMs;
    this.base = { kind: 'keyProblem', reason: accountReason(result) };
    return undefined;
  }

  private onFailure(result: ProbeResult, type: OutcomeClass, now: number): number | undefined {
    this.streaks = { ...noStreaks(), failure: this.streaks.failure + 1, notOk: this.streaks.notOk };
    this.failureClasses = [...this.failureClasses, type].slice(-MONITOR_RULES.failuresToConfirm);
    const inFailure = this.base.kind === 'outage' || this.base.kind === 'offline';
    if (!inFailure && this.streaks.failure < MONITOR_RULES.failuresToConfirm) return MONITOR_RULES.confirmDelayMs;
    const pageUnreachable = this.pageFailure !== undefined && (this.pageFailure.error === 'network' || this.pageFailure.error === 'timeout') && now - this.pageFailure.fetchedAt <= MONITOR_RULES.statusPageFailureRecentMs;
    const networkVotes = this.failureClasses.filter((c) => c === 'network' || (c === 'timeout' && pageUnreachable)).length;
    const count = this.streaks.failure;
    const what = describeProbe(result);
    if (networkVotes * 2 > this.failureClasses.length) {
      this.base = { kind: 'offline', reason: `${count} checks in a row could not reach the API; the last: ${what}.${pageUnreachable ? ' The status page is unreachable too.' : ''}` };
    } else {
      const timeoutNote = type === 'timeout' ? ' A timeout cannot tell a slow network from a stalled API.' : '';
      this.base = { kind: 'outage', reason: `${count} checks in a row failed; the last: ${what}.${timeoutNote}` };
    }
    return undefined;
  }

  // ---- composition with the status page ----

  /** Computes the shown state; returns whether it differs from the previous one. */
  private publish(): boolean {
    const now = this.now();
    const next = this.compose(now);
    const previous = this.current;
    next.since = next.kind === previous.kind ? previous.since : now;
    const changed = (Object.keys(next) as Array<keyof HealthState>).some((key) => next[key] !== previous[key]) || Object.keys(previous).length !== Object.keys(next).length;
    if (changed) this.current = next;
    return changed;
  }

  private compose(now: number): HealthState {
    const page = this.page && now - this.page.fetchedAt <= MONITOR_RULES.statusPageStaleMs ? this.page : undefined;
    const verdict = page ? pageVerdict(page) : undefined;
    const state: HealthState = { kind: 'unknown', reason: '', since: now };
    if (this.page) state.statusPage = this.page;
    if (this.pageFailure) state.statusPageFailure = this.pageFailure;

    if (this.mode === 'disabled') {
      return { ...state, kind: 'disabled', reason: 'Health checks are turned off (claudeHealth.health.enabled).' };
    }
    if (this.mode !== 'probe') {
      const why = this.mode === 'noKey' ? 'No API key is set, so only the status page is watched' : 'Probing is turned off (claudeHealth.health.probe), so only the status page is watched';
      const pageText = verdict ? `: it reports ${verdict.level === 'none' ? `"${verdict.text}"` : verdict.text}` : this.pageFailure ? `, and it could not be fetched (${this.pageFailure.error})` : '';
      const kind: HealthStateKind = verdict?.level === 'outage' ? 'outage' : verdict?.level === 'degraded' ? 'degraded' : 'noKey';
      return { ...state, kind, reason: `${why}${pageText}.`, pageOnly: this.mode };
    }

    if (this.lastProbe) state.lastProbe = this.lastProbe;
    if (this.lastOkLatency !== undefined) state.latencyMs = this.lastOkLatency;
    if (this.confirming) state.confirming = true;
    const base = this.base;
    const trouble = verdict && verdict.level !== 'none' ? verdict : undefined;
    switch (base.kind) {
      case 'operational':
        return trouble
          ? { ...state, kind: 'degraded', reason: `The status page reports ${trouble.text}. Your own checks pass (${formatLatency(this.lastOkLatency ?? 0)}).` }
          : { ...state, kind: 'operational', reason: base.reason };
      case 'slow':
      case 'degraded':
        return { ...state, kind: base.kind, reason: trouble ? `${base.reason} The status page reports ${trouble.text}.` : base.reason };
      case 'outage': {
        const pageNote = trouble ? ` The status page reports ${trouble.text}.` : page ? ' The status page does not show a problem yet (it often lags by 10–15 minutes).' : '';
        return { ...state, kind: 'outage', reason: `${base.reason}${pageNote}` };
      }
      case 'rateLimited':
        return { ...state, kind: 'rateLimited', reason: base.reason, ...(this.resetAt !== undefined ? { resetAt: this.resetAt } : {}) };
      default:
        return { ...state, kind: base.kind, reason: base.reason };
    }
  }

  // ---- history ----

  private addPoint(point: HistoryPoint, now: number): void {
    this.points.push(point);
    const cutoff = now - MONITOR_RULES.historyMaxAgeMs;
    let drop = 0;
    while (drop < this.points.length && this.points[drop].at < cutoff) drop++;
    drop = Math.max(drop, this.points.length - MONITOR_RULES.historyMaxPoints);
    if (drop > 0) this.points.splice(0, drop);
  }

  /** OK latencies of the last hour, ascending (the baseline for "Slow"). */
  private okLatencies(now: number): number[] {
    const start = now - MONITOR_RULES.statsWindowMs;
    return this.points
      .filter((point) => point.at >= start && point.outcome === 'ok')
      .map((point) => point.latencyMs)
      .sort((a, b) => a - b);
  }

  /** Runs of consecutive failures (server, timeout, network) with a point inside the intermittent window. */
  private failureRuns(now: number): number {
    const start = now - MONITOR_RULES.intermittentWindowMs;
    let runs = 0;
    let inRun = false;
    let counted = false;
    for (const point of this.points) {
      const type = classifyOutcome(point.outcome);
      const failed = type === 'server' || type === 'timeout' || type === 'network';
      if (failed && !inRun) counted = false;
      if (failed && !counted && point.at >= start) {
        runs++;
        counted = true;
      }
      inRun = failed;
    }
    return runs;
  }

  private clearProbeState(): void {
    this.base = { kind: 'unknown', reason: 'Checking the Claude API…' };
    this.streaks = noStreaks();
    this.failureClasses = [];
    this.lastProbe = undefined;
    this.lastOkLatency = undefined;
    this.resetAt = undefined;
    this.rateLimit = undefined;
    this.confirming = false;
  }
}

/** Epoch ms when a 429 lifts: retry-after first, else the latest reset among exhausted limits (or all). */
export function rateLimitResetAt(result: ProbeResult): number | undefined {
  const answeredAt = result.startedAt + result.latencyMs;
  if (result.retryAfterSeconds !== undefined && Number.isFinite(result.retryAfterSeconds) && result.retryAfterSeconds >= 0) {
    return answeredAt + result.retryAfterSeconds * 1000;
  }
  const info = result.rateLimit;
  if (!info) return undefined;
  const limits: Array<[number | undefined, string | undefined]> = [
    [info.requestsRemaining, info.requestsReset],
    [info.tokensRemaining, info.tokensReset],
    [info.inputTokensRemaining, info.inputTokensReset],
    [info.outputTokensRemaining, info.outputTokensReset],
  ];
  const parse = (reset: string | undefined): number => (reset ? Date.parse(reset) : Number.NaN);
  const exhausted = limits.filter(([remaining]) => remaining === 0).map(([, reset]) => parse(reset)).filter(Number.isFinite);
  const all = limits.map(([, reset]) => parse(reset)).filter(Number.isFinite);
  const candidates = exhausted.length > 0 ? exhausted : all;
  return candidates.length > 0 ? Math.max(...candidates) : undefined;
}

function accountReason(result: ProbeResult): string {
  const what = describeProbe(result);
  switch (result.status) {
    case 401:
      return `The API rejected the key: ${what}. Check or replace it.`;
    case 403:
      return `The key lacks permission: ${what}.`;
    case 402:
      return `The account has a billing problem: ${what}.`;
    case 404:
      return `The API answered 404 to the probe: check the API base URL setting (claudeHealth.apiBaseUrl).`;
    default:
      return `The API refused the probe: ${what}. Check the key, the account and the API base URL.`;
  }
}
