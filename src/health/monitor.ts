/**
 * The health monitor: a pure state machine from probe results and status page snapshots to the
 * `HealthState` the status bar shows. Its rules are the table below and `MONITOR_RULES`; what it
 * leans on lives beside it: outcome classes (outcomes.ts), the status page verdict (pageVerdict.ts),
 * wording (wording.ts), history retention (history.ts), statistics and sparklines (stats.ts), and the
 * cap on server-chosen waits (serverWait.ts). Time comes from the injected `now()`; nothing here does
 * I/O or sets timers.
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
 * |                                                 | latest `anthropic-ratelimit-*-reset` of an exhausted limit;   |
 * |                                                 | a reset more than 1 h away is "rate-limited until <date>"     |
 * |                                                 | (no countdown; re-checked hourly, like a spend cap)           |
 * | OK from Unknown                                 | Operational                                                   |
 * | OK from any non-green state, first              | keep the state, confirm: re-probe in 2 s                      |
 * | OK, second in a row                             | Operational (or Slow/Degraded below)                          |
 * | OK and ≥ 3 separate failure runs in 15 min      | Degraded (intermittent errors; one outage run counts once);   |
 * |                                                 | it lasts until 15 minutes pass without any failure            |
 * | OK slower than max(3 × p50, p50 + 1.5 s) of the | first: confirm in 5 s; second in a row: Slow. Needs ≥ 10 OK   |
 * |   last hour's OK probes                         | samples in the last hour; leaving Slow needs 2 fast probes    |
 * | aborted probe                                   | ignored (no information)                                      |
 * | page turns green while the probe saw Outage/    | confirm: re-probe in 2 s (the page confirms recovery too)     |
 * |   Degraded                                      |                                                               |
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
import { ProbeHistory } from './history';
import { classifyOutcome, type OutcomeClass } from './outcomes';
import { isStatusPageFailure, pageVerdict } from './pageVerdict';
import { isBeyondCap, cappedWaitMs, MAX_SERVER_WAIT_MS, rateLimitResetAt } from './serverWait';
import { computeStats, percentile, STATS_WINDOW, type HealthStats } from './stats';
import type { HealthState, HealthStateKind, HistoryPoint, ProbeResult, RateLimitInfo, StatusPageFailure, StatusPageSnapshot } from './types';
import { accountReason, describeProbe, formatLatency, shortDetail } from './wording';

const MINUTE = 60_000;

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
  /** The baseline for "Slow": OK probes of this window. */
  slowBaselineWindowMs: STATS_WINDOW.windowMs,
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
  /** Seconds the server asked us to wait (retry-after, or until a rate limit resets), capped at `MAX_SERVER_WAIT_MS`. */
  retryAfterSeconds?: number;
}

/** The latency above which a probe counts as slow, or undefined without enough baseline. */
export function slowThresholdMs(baselineP50: number | undefined, samples: number): number | undefined {
  if (baselineP50 === undefined || samples < MONITOR_RULES.slowMinBaseline) return undefined;
  return Math.max(MONITOR_RULES.slowFactor * baselineP50, baselineP50 + MONITOR_RULES.slowMarginMs);
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
  private readonly points: ProbeHistory;
  private mode: Mode = 'probe';
  private base: Base = { kind: 'unknown', reason: 'Checking the Claude API…' };
  private streaks: Streaks = noStreaks();
  /** Classes of the current failure run, newest last (at most 3). */
  private failureClasses: OutcomeClass[] = [];
  private lastProbe?: ProbeResult;
  private lastOkLatency?: number;
  private resetAt?: number;
  /** A rate-limit reset further off than the cap: shown as a date, not counted down. */
  private limitedUntil?: number;
  private rateLimit?: { info: RateLimitInfo; at: number };
  private page?: StatusPageSnapshot;
  private pageFailure?: StatusPageFailure;
  private confirming = false;
  private current: HealthState;

  constructor(options: HealthMonitorOptions) {
    this.now = options.now;
    this.points = new ProbeHistory(options.history, this.now());
    this.current = { kind: 'unknown', reason: this.base.reason, since: this.now() };
  }

  state(): HealthState {
    return this.current;
  }

  /** A copy of the kept history, oldest first (for historyStore.serializeHistory). */
  history(): HistoryPoint[] {
    return [...this.points.all];
  }

  pollingHints(): PollingHints {
    const hints: PollingHints = { consecutiveFailures: this.streaks.notOk };
    const probe = this.lastProbe;
    // The wait still to go: retry-after counts from the answer; a rate limit until its reset.
    let until = probe && probe.outcome !== 'ok' && probe.retryAfterSeconds !== undefined ? probe.startedAt + probe.latencyMs + probe.retryAfterSeconds * 1000 : undefined;
    const reset = this.resetAt ?? this.limitedUntil;
    // Only while the last answer was the 429: an OK since (a manual refresh, say) ends the wait.
    if (this.base.kind === 'rateLimited' && probe?.outcome === 'rateLimited' && reset !== undefined) until = Math.max(until ?? 0, reset);
    // Never more than the cap: a timer over 2^31-1 ms fires at once, and a server may ask for years.
    const seconds = Math.ceil(cappedWaitMs(until, this.now()) / 1000);
    if (seconds > 0) hints.retryAfterSeconds = seconds;
    return hints;
  }

  recordProbe(result: ProbeResult): MonitorDecision {
    if (this.mode !== 'probe') return { changed: false };
    const type = classifyOutcome(result.outcome, result.status);
    if (type === 'ignored') return { changed: false };
    const now = this.now();
    const baseline = this.okLatencies(now);
    this.points.add({ at: result.startedAt, outcome: result.outcome, latencyMs: result.latencyMs }, now);
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
    let confirmIn: number | undefined;
    if (isStatusPageFailure(result)) {
      this.pageFailure = result;
    } else if (!this.page || result.fetchedAt >= this.page.fetchedAt) {
      const before = this.page && !this.page.partial ? pageVerdict(this.page).level : undefined;
      this.page = result;
      this.pageFailure = undefined;
      // The page turning green is a second signal of recovery: check at once instead of waiting an interval.
      const turnedGreen = before !== undefined && before !== 'none' && !result.partial && pageVerdict(result).level === 'none';
      if (turnedGreen && this.mode === 'probe' && (this.base.kind === 'outage' || this.base.kind === 'degraded')) confirmIn = MONITOR_RULES.confirmDelayMs;
    }
    return { changed: this.publish(), confirmIn };
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
    if (options.clearHistory) this.points.clear();
    return { changed: this.publish() };
  }

  stats(now: number = this.now()): HealthStats {
    return computeStats({ points: this.points.all, now, lastProbe: this.lastProbe, rateLimit: this.rateLimit });
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
    const resetAt = rateLimitResetAt(result);
    const farOff = resetAt !== undefined && isBeyondCap(resetAt, result.startedAt + result.latencyMs);
    this.resetAt = farOff ? undefined : resetAt;
    this.limitedUntil = farOff ? resetAt : undefined;
    const detail = shortDetail(result.detail);
    const said = detail?.startsWith('HTTP ') ? detail : `HTTP 429${detail ? `: ${detail}` : ''}`;
    const hours = MAX_SERVER_WAIT_MS / 3_600_000;
    const spendCap = result.retryAfterSeconds === undefined ? ' No retry-after was sent: if this is a spend limit, it will not reset by itself.' : '';
    const when = resetAt !== undefined ? new Date(resetAt).toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
    const longWait = farOff
      ? ` The server asks to wait until ${when}, more than ${hours === 1 ? 'an hour' : `${hours} hours`}: a quota or spend cap, not a blip. Checking again every ${hours === 1 ? 'hour' : `${hours} hours`}.`
      : '';
    const why = `${longWait}${spendCap}`;
    this.base = { kind: 'rateLimited', reason: `This key is over its rate limit (${said}).${why}` };
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
        return {
          ...state,
          kind: 'rateLimited',
          reason: base.reason,
          ...(this.resetAt !== undefined ? { resetAt: this.resetAt } : {}),
          ...(this.limitedUntil !== undefined ? { limitedUntil: this.limitedUntil } : {}),
        };
      default:
        return { ...state, kind: base.kind, reason: base.reason };
    }
  }

  // ---- history questions ----

  /** OK latencies of the baseline window, ascending (the baseline for "Slow"). */
  private okLatencies(now: number): number[] {
    return this.points.okLatenciesSince(now - MONITOR_RULES.slowBaselineWindowMs);
  }

  private failureRuns(now: number): number {
    return this.points.failureRunsSince(now - MONITOR_RULES.intermittentWindowMs);
  }

  private clearProbeState(): void {
    this.base = { kind: 'unknown', reason: 'Checking the Claude API…' };
    this.streaks = noStreaks();
    this.failureClasses = [];
    this.lastProbe = undefined;
    this.lastOkLatency = undefined;
    this.resetAt = undefined;
    this.limitedUntil = undefined;
    this.rateLimit = undefined;
    this.confirming = false;
  }
}

