/// <reference types="mocha" />
// The polling policy: interval and jitter, confirmations, backoff, retry-after, focus, the status page cadence.
import * as assert from 'assert';
import { CycleGate, nextDelayMs, POLLING, shouldProbeOnFocus, STATUS_PAGE_CADENCE, statusPageDue, type DelayInput } from '../../src/health/pollingPolicy';
import type { HealthState, HealthStateKind } from '../../src/health/types';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-22T10:00:00Z');
const state = (kind: HealthStateKind, extra: Partial<HealthState> = {}): HealthState => ({ kind, reason: '', since: T0, ...extra });
const mid = (): number => 0.5;

function delay(overrides: Partial<DelayInput> = {}): number | undefined {
  return nextDelayMs({ state: state('operational'), focused: true, consecutiveFailures: 0, intervalMs: MINUTE, random: mid, ...overrides });
}

describe('health polling: the next delay', () => {
  it('the interval with ±5 % jitter', () => {
    assert.strictEqual(delay(), 60_000);
    assert.strictEqual(delay({ random: () => 0 }), 57_000);
    assert.strictEqual(delay({ random: () => 0.999999 }), 63_000);
    assert.strictEqual(delay({ intervalMs: 5 * MINUTE }), 5 * MINUTE);
  });

  it('a confirming re-probe comes first, unjittered, even unfocused and during backoff', () => {
    assert.strictEqual(delay({ confirmIn: 2000 }), 2000);
    assert.strictEqual(delay({ confirmIn: 2000, focused: false, consecutiveFailures: 2 }), 2000);
  });

  it('a confirmation never comes before retry-after', () => {
    assert.strictEqual(delay({ confirmIn: 2000, retryAfterSeconds: 10 }), 10_000);
  });

  it('backs off exponentially past the confirmations, capped at 5 minutes', () => {
    const byFailures = [0, 1, 2, 3, 4, 5, 6, 10, 50].map((consecutiveFailures) => delay({ consecutiveFailures }));
    assert.deepStrictEqual(byFailures, [60_000, 60_000, 60_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000]);
  });

  it('a long configured interval is not shortened by the cap', () => {
    assert.strictEqual(delay({ intervalMs: 15 * MINUTE, consecutiveFailures: 8 }), 15 * MINUTE);
  });

  it('honours retry-after as a floor, after the jitter', () => {
    assert.strictEqual(delay({ retryAfterSeconds: 120, random: () => 0 }), 120_000);
    assert.strictEqual(delay({ retryAfterSeconds: 30 }), 60_000);
    assert.strictEqual(delay({ state: state('rateLimited'), consecutiveFailures: 1, retryAfterSeconds: 900 }), 900_000);
  });

  it('unfocused: ×5, capped at 10 minutes, never faster than focused', () => {
    assert.strictEqual(delay({ focused: false }), 5 * MINUTE);
    assert.strictEqual(delay({ focused: false, consecutiveFailures: 6 }), 10 * MINUTE);
    assert.strictEqual(delay({ focused: false, intervalMs: 30 * MINUTE }), 30 * MINUTE);
  });

  it('off when disabled', () => {
    assert.strictEqual(delay({ state: state('disabled') }), undefined);
  });

  it('page only (no key): the status page interval, no backoff', () => {
    assert.strictEqual(delay({ state: state('noKey', { pageOnly: 'noKey' }), consecutiveFailures: 9 }), STATUS_PAGE_CADENCE.statusEveryPageOnlyMs);
    assert.strictEqual(delay({ state: state('outage', { pageOnly: 'probeOff' }), focused: false }), 10 * MINUTE);
  });
});

describe('health polling: focus', () => {
  it('re-probes on focus after more than two intervals without a probe', () => {
    assert.strictEqual(shouldProbeOnFocus(undefined, T0), true);
    assert.strictEqual(shouldProbeOnFocus(T0 - 2 * MINUTE, T0), false);
    assert.strictEqual(shouldProbeOnFocus(T0 - 2 * MINUTE - 1, T0), true);
    assert.strictEqual(shouldProbeOnFocus(T0 - 9 * MINUTE, T0, 5 * MINUTE), false);
    assert.strictEqual(POLLING.focusGapIntervals, 2);
  });
});

describe('health polling: the status page cadence', () => {
  const base = { now: T0, state: state('operational'), focused: true };

  it('summary.json first, then status.json every 5 minutes while all is quiet', () => {
    assert.strictEqual(statusPageDue(base), 'summary');
    const fetched = { ...base, lastSummaryAt: T0, summaryIndicator: 'none' };
    assert.strictEqual(statusPageDue({ ...fetched, now: T0 + MINUTE }), undefined);
    assert.strictEqual(statusPageDue({ ...fetched, now: T0 + 5 * MINUTE }), 'status');
    assert.strictEqual(statusPageDue({ ...fetched, now: T0 + 7 * MINUTE, lastStatusAt: T0 + 5 * MINUTE, statusIndicator: 'none' }), undefined);
    assert.strictEqual(statusPageDue({ ...fetched, now: T0 + 60 * MINUTE, lastStatusAt: T0 + 55 * MINUTE, statusIndicator: 'none' }), 'summary');
  });

  it('a tick jittered a little early still fetches (no skipped period)', () => {
    assert.strictEqual(statusPageDue({ ...base, lastSummaryAt: T0, summaryIndicator: 'none', now: T0 + 4.75 * MINUTE }), 'status');
  });

  it('summary.json when status.json shows a change', () => {
    const input = { ...base, now: T0 + 6 * MINUTE, lastSummaryAt: T0, summaryIndicator: 'none', lastStatusAt: T0 + 5 * MINUTE, statusIndicator: 'minor' };
    assert.strictEqual(statusPageDue(input), 'summary');
  });

  it('during an incident on the page, summary.json every 10 minutes', () => {
    const input = { ...base, lastSummaryAt: T0, summaryIndicator: 'minor', lastStatusAt: T0 + 5 * MINUTE, statusIndicator: 'minor' };
    assert.strictEqual(statusPageDue({ ...input, now: T0 + 8 * MINUTE }), undefined);
    assert.strictEqual(statusPageDue({ ...input, now: T0 + 10 * MINUTE }), 'summary');
  });

  it('while our probe sees trouble (or is confirming), summary.json every 2 minutes; not for a 429 or the key', () => {
    const input = { ...base, now: T0 + 2 * MINUTE, lastSummaryAt: T0, summaryIndicator: 'none' };
    assert.strictEqual(statusPageDue({ ...input, state: state('outage') }), 'summary');
    assert.strictEqual(statusPageDue({ ...input, state: state('operational', { confirming: true }) }), 'summary');
    assert.strictEqual(statusPageDue({ ...input, now: T0 + MINUTE, state: state('outage') }), undefined);
    assert.strictEqual(statusPageDue({ ...input, state: state('rateLimited') }), undefined);
    assert.strictEqual(statusPageDue({ ...input, state: state('keyProblem') }), undefined);
  });

  it('page only: status.json every 2 minutes', () => {
    const input = { ...base, state: state('noKey', { pageOnly: 'noKey' }), lastSummaryAt: T0, summaryIndicator: 'none' };
    assert.strictEqual(statusPageDue({ ...input, now: T0 + MINUTE }), undefined);
    assert.strictEqual(statusPageDue({ ...input, now: T0 + 2 * MINUTE }), 'status');
  });

  it('unfocused: five times slower; disabled: never', () => {
    const input = { ...base, focused: false, lastSummaryAt: T0, summaryIndicator: 'none' };
    assert.strictEqual(statusPageDue({ ...input, now: T0 + 10 * MINUTE }), undefined);
    assert.strictEqual(statusPageDue({ ...input, now: T0 + 25 * MINUTE }), 'status');
    assert.strictEqual(statusPageDue({ ...base, state: state('disabled') }), undefined);
  });
});

describe('health polling: one request in flight', () => {
  it('one cycle in flight; a cycle asked for meanwhile is not dropped but re-runs when it ends', () => {
    const gate = new CycleGate();
    const first = gate.tryStart();
    assert.notStrictEqual(first, undefined);
    assert.strictEqual(gate.inFlight, true);
    assert.strictEqual(gate.tryStart(), undefined, 'never two in flight');
    assert.strictEqual(gate.finish(first as number), 'now', 'the one asked for runs at once');
    assert.strictEqual(gate.inFlight, false);
    const second = gate.tryStart() as number;
    assert.strictEqual(gate.finish(second), 'next', 'nothing asked: the policy decides when');
  });

  it('a start-over makes the cycle in flight stale, and its end starts one of the new generation', () => {
    const gate = new CycleGate();
    const old = gate.tryStart() as number;
    gate.startOver();
    assert.strictEqual(gate.isCurrent(old), false, 'the stale cycle must stop touching the monitor');
    assert.strictEqual(gate.finish(old), 'now', 'even when no tick was asked for while it ran');
    const fresh = gate.tryStart() as number;
    assert.strictEqual(gate.isCurrent(fresh), true);
    assert.strictEqual(gate.finish(fresh), 'next');
  });
});
