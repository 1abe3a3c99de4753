/** Types of the health feature: probe results, status page snapshots, the monitor's state. Pure: no `vscode`. */

import type { ApiErrorClassification, ApiOutcome, RateLimitInfo } from '../api/types';

export type { RateLimitInfo };

/** How one probe (an authenticated zero-token `GET /v1/models?limit=1`) ended: an API outcome (src/api/types.ts). */
export type ProbeOutcome = ApiOutcome;

/**
 * One probe's result: what the error classifier tells of the exchange (status, request-id, error type,
 * a redacted detail, `retry-after`, `x-should-retry`, rate limits), plus when it ran and what it cost.
 * `retryAfterSeconds` is absent on a 429 that sent none (a spend cap keeps failing).
 */
export interface ProbeResult extends ApiErrorClassification {
  /** Epoch ms when the probe started. */
  startedAt: number;
  /** Time to the response (or the failure), ms. */
  latencyMs: number;
  /** Bytes received (headers + body, approximate), for the traffic figure. */
  bytesReceived?: number;
}

/** Statuspage component status values. */
export type ComponentStatus = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance' | 'unknown';

/** What the official status page says, reduced to what the extension shows. */
export interface StatusPageSnapshot {
  /** Epoch ms of the fetch. */
  fetchedAt: number;
  /** `status.indicator`: none | minor | major | critical | maintenance, or unknown. */
  indicator: 'none' | 'minor' | 'major' | 'critical' | 'maintenance' | 'unknown';
  description: string;
  /** The page's own URL (for links). */
  pageUrl: string;
  /** The "Claude API" component (matched by name, tolerant of renames), if found. */
  apiComponent?: { name: string; status: ComponentStatus };
  /** Every component, for the tooltip and the details view. */
  components: Array<{ name: string; status: ComponentStatus }>;
  /** Unresolved incidents. `id` is the page's own, stable across polls (for "new incident" checks). */
  incidents: Array<{ id?: string; name: string; status: string; impact: string; url?: string; startedAt?: string }>;
  /** Active maintenance windows. */
  maintenances: Array<{ id?: string; name: string; status: string; url?: string; scheduledFor?: string; scheduledUntil?: string }>;
  /** True when from the cheap `status.json` poll: only indicator and description; components, incidents and maintenances are not known (empty). */
  partial?: boolean;
}

/** A failed status page fetch. */
export interface StatusPageFailure {
  fetchedAt: number;
  /** `aborted`: cancelled by us (disposal, settings change), not a finding about the page. */
  error: 'timeout' | 'network' | 'http' | 'malformed' | 'aborted';
  /** HTTP status, for `http` (and `malformed` when a response arrived). */
  status?: number;
  detail: string;
}

/** The states the status bar shows. */
export type HealthStateKind =
  | 'unknown' // starting, nothing known yet
  | 'operational'
  | 'slow' // latency far above this user's own recent baseline
  | 'degraded' // errors or the status page reports trouble, but requests mostly work
  | 'outage' // confirmed failures on Anthropic's side
  | 'rateLimited' // 429 for this key, with a reset time
  | 'keyProblem' // 401/403
  | 'noKey' // no key: status page only
  | 'offline' // this machine cannot reach the API (DNS, refused, TLS, network)
  | 'disabled';

/** The monitor's judgement, with the why, for rendering. */
export interface HealthState {
  kind: HealthStateKind;
  /** One sentence: why this state (shown first in the tooltip). */
  reason: string;
  /** Epoch ms since the state holds. */
  since: number;
  /** Last probe latency, ms. */
  latencyMs?: number;
  /** For rateLimited: epoch ms when the limit resets (within the hour we count down). */
  resetAt?: number;
  /** For rateLimited: a reset further off than an hour (`MAX_SERVER_WAIT_MS`): shown as a date, no countdown. */
  limitedUntil?: number;
  /** The status page's view, when known. */
  statusPage?: StatusPageSnapshot;
  /** The last probe, when any. */
  lastProbe?: ProbeResult;
  /** Set when no probe runs and the state comes from the status page alone: no key, or probing turned off. */
  pageOnly?: 'noKey' | 'probeOff';
  /** True while a quick re-probe is confirming a change the last probe suggested (the kind has not changed yet). */
  confirming?: boolean;
  /** The last status page fetch failed (newer than `statusPage`, which is then the last good one). */
  statusPageFailure?: StatusPageFailure;
}

/** One point of the kept history (bounded; persisted in globalState). */
export interface HistoryPoint {
  at: number;
  outcome: ProbeOutcome;
  latencyMs: number;
}
