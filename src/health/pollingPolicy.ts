/**
 * When to probe and when to read the status page. Pure: the adapter owns the one timer and the
 * in-flight gate, and asks these functions for the next delay after every tick.
 *
 * What the adapter does (one timer, one request at a time, see CycleGate):
 *   tick():  token = gate.tryStart(); if (token === undefined) return;   // one in flight; this one re-runs after it
 *            key = await keys.resolve();                  if (!gate.isCurrent(token)) return;  // after every await
 *            if probing: decision = monitor.recordProbe(await probe())   (same check)
 *            what = statusPageDue({...}); if (what) monitor.recordStatusPage(await fetch(what))
 *                                                                // status.json results feed statusPageDue only
 *            finally: gate.finish(token) === 'now' ? setTimeout(tick, 0)
 *                     : delay = nextDelayMs({ state, confirmIn: decision?.confirmIn, focused, ...monitor.pollingHints(), intervalMs, random })
 *                       delay === undefined ? stop : setTimeout(tick, delay)
 *   focus:   shouldProbeOnFocus(lastProbeAt, now, intervalMs) ? tick now : reschedule at lastTickAt + nextDelayMs(focused)
 *   key or settings change: gate.startOver(), abort the probe in flight, monitor.reset(), tick now
 *   disabled: clear the timer; nothing runs.
 */
import { MAX_SERVER_WAIT_MS } from './serverWait';
import type { HealthState } from './types';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const POLLING = {
  defaultIntervalMs: 60 * SECOND,
  /**
   * ±5 % around the interval (57–63 s): desynchronises clients (their phases are random already),
   * while keeping the worst-case detection at interval + 3 s + two 2 s confirmations < interval + 10 s.
   */
  jitter: 0.05,
  /**
   * Scheduled failures after which the interval doubles: the first two are the monitor's confirmations.
   * Not in Outage or Degraded: there one probe a minute costs nothing and sees the recovery within an
   * interval (backing off took a mean 160 s, worst 248 s).
   */
  failuresBeforeBackoff: 3,
  /** Backoff cap while focused: an outage's end is still seen within 5 minutes. */
  maxBackoffMs: 5 * MINUTE,
  unfocusedFactor: 5,
  unfocusedCapMs: 10 * MINUTE,
  /** A focus after this many intervals without a probe re-probes at once. */
  focusGapIntervals: 2,
} as const;

/**
 * The status page cadence. `status.json` is small (indicator + description, ≈ 0.4 KB) and is read
 * for change detection only; `summary.json` (components, incidents, maintenances) is what the
 * monitor is given, fetched on change or when it is getting old. The page lags real failures, so
 * while the probe runs it is context and is read rarely; without a key it is the only signal.
 */
export const STATUS_PAGE_CADENCE = {
  /** status.json while probing. */
  statusEveryMs: 5 * MINUTE,
  /** status.json when the page is the only signal (no key, probe off). */
  statusEveryPageOnlyMs: 2 * MINUTE,
  /** summary.json refresh when all is quiet. */
  summaryEveryMs: 60 * MINUTE,
  /** summary.json refresh while the page's indicator is not "none": incident titles move. */
  summaryDuringIncidentMs: 10 * MINUTE,
  /** summary.json refresh while our own probe sees trouble (confirming or a bad state). */
  summaryDuringTroubleMs: 2 * MINUTE,
} as const;

export interface DelayInput {
  state: HealthState;
  /** From the monitor's last decision: a quick confirming re-probe. */
  confirmIn?: number;
  focused: boolean;
  consecutiveFailures: number;
  retryAfterSeconds?: number;
  intervalMs: number;
  /** In [0, 1); Math.random in the adapter, seeded in tests. */
  random: () => number;
}

/** States in which failures do not back the interval off: the recovery must be seen soon. */
const noBackoff: ReadonlySet<HealthState['kind']> = new Set(['outage', 'degraded']);

/**
 * Milliseconds to the next tick, or undefined for none (disabled). Confirmations come first (but
 * never before retry-after); then the interval (the status page interval when page-only), doubled
 * per failure past the confirmations and capped (not in Outage or Degraded), ×5 unfocused, ±5 %
 * jitter, and never below retry-after. Retry-after counts up to `MAX_SERVER_WAIT_MS` (one hour) and
 * no further, so the result always fits a timer (Node fires a longer one at once).
 */
export function nextDelayMs(input: DelayInput): number | undefined {
  if (input.state.kind === 'disabled') return undefined;
  const asked = input.retryAfterSeconds;
  const retryAfterMs = asked !== undefined && asked > 0 ? Math.min(asked * SECOND, MAX_SERVER_WAIT_MS) : 0; // NaN > 0 is false
  if (input.confirmIn !== undefined) return Math.min(Math.max(input.confirmIn, retryAfterMs), Math.max(POLLING.unfocusedCapMs, retryAfterMs));

  const pageOnly = input.state.pageOnly !== undefined;
  const interval = pageOnly ? STATUS_PAGE_CADENCE.statusEveryPageOnlyMs : Math.max(1_000, input.intervalMs);
  const backsOff = !pageOnly && !noBackoff.has(input.state.kind);
  const doublings = backsOff ? Math.max(0, input.consecutiveFailures - POLLING.failuresBeforeBackoff) : 0;
  let delay = Math.min(interval * 2 ** Math.min(doublings, 20), Math.max(POLLING.maxBackoffMs, interval));
  if (!input.focused) delay = Math.max(delay, Math.min(delay * POLLING.unfocusedFactor, POLLING.unfocusedCapMs));
  const jittered = delay * (1 + POLLING.jitter * (2 * input.random() - 1));
  return Math.round(Math.max(jittered, retryAfterMs));
}

/** On window focus: re-probe at once when the last probe is older than two intervals (or there was none). */
export function shouldProbeOnFocus(lastProbeAt: number | undefined, now: number, intervalMs: number = POLLING.defaultIntervalMs): boolean {
  return lastProbeAt === undefined || now - lastProbeAt > POLLING.focusGapIntervals * intervalMs;
}

export interface StatusPageDueInput {
  now: number;
  state: HealthState;
  focused: boolean;
  /** When status.json / summary.json were last fetched (successfully or not). */
  lastStatusAt?: number;
  lastSummaryAt?: number;
  /** The indicator of the last status.json, and of the last summary.json. */
  statusIndicator?: string;
  summaryIndicator?: string;
}

/** A document is due a little early, so that a tick jittered early does not skip a whole period. */
const DUE_SLACK = 0.9;

/** Which status page document to fetch on this tick, if any (see STATUS_PAGE_CADENCE). */
export function statusPageDue(input: StatusPageDueInput): 'summary' | 'status' | undefined {
  const { now, state } = input;
  if (state.kind === 'disabled') return undefined;
  if (input.lastSummaryAt === undefined) return 'summary';
  const slower = input.focused ? 1 : POLLING.unfocusedFactor;
  const summaryAge = now - input.lastSummaryAt;
  const newerStatus = input.lastStatusAt !== undefined && input.lastStatusAt > input.lastSummaryAt;
  if (newerStatus && input.statusIndicator !== undefined && input.statusIndicator !== input.summaryIndicator) return 'summary';
  // Context (and the offline cross-check) when our probe sees trouble the page may explain; not for 429 or the key.
  const trouble = state.pageOnly === undefined && (state.confirming === true || ['outage', 'offline', 'degraded'].includes(state.kind));
  if (trouble && summaryAge >= STATUS_PAGE_CADENCE.summaryDuringTroubleMs) return 'summary';
  const incident = input.summaryIndicator !== undefined && input.summaryIndicator !== 'none';
  const summaryEvery = incident ? STATUS_PAGE_CADENCE.summaryDuringIncidentMs : STATUS_PAGE_CADENCE.summaryEveryMs;
  if (summaryAge >= summaryEvery * slower * DUE_SLACK) return 'summary';
  const statusEvery = (state.pageOnly !== undefined ? STATUS_PAGE_CADENCE.statusEveryPageOnlyMs : STATUS_PAGE_CADENCE.statusEveryMs) * slower;
  const lastAny = Math.max(input.lastSummaryAt, input.lastStatusAt ?? 0);
  return now - lastAny >= statusEvery * DUE_SLACK ? 'status' : undefined;
}

/**
 * The adapter loop's bookkeeping: one cycle in flight, a generation per start-over, and no cycle
 * dropped. A cycle started before `startOver()` is stale: it checks `isCurrent` after every await and
 * stops touching the monitor. A cycle asked for while one runs is not lost: `finish` then says to
 * run one at once (as it does when the finished cycle went stale), so a start-over always ends in a
 * probe of the new generation and a timer after it.
 */
export class CycleGate {
  private generation = 0;
  private running = false;
  private asked = false;

  get inFlight(): boolean {
    return this.running;
  }

  /** The key or the settings changed: cycles begun before are stale from now on. */
  startOver(): void {
    this.generation++;
  }

  /** A token for the cycle that may start now, or undefined when one runs (it re-runs when that one ends). */
  tryStart(): number | undefined {
    if (this.running) {
      this.asked = true;
      return undefined;
    }
    this.running = true;
    return this.generation;
  }

  /** Whether a cycle with this token is still of the current generation. */
  isCurrent(token: number): boolean {
    return token === this.generation;
  }

  /** The cycle ended (call in a finally): `now` when another must run at once, else `next` (the policy's delay). */
  finish(token: number): 'now' | 'next' {
    this.running = false;
    const again = this.asked || token !== this.generation;
    this.asked = false;
    return again ? 'now' : 'next';
  }
}
