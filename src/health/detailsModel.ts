/** The data the details webview renders, built from the monitor. Pure: no `vscode`. */
import { redactDeep } from './redaction';
import type { HealthStats } from './stats';
import type { HealthState, HealthStateKind, HistoryPoint, RateLimitInfo, StatusPageSnapshot } from './types';

export interface DetailsModel {
  now: number;
  state: { kind: HealthStateKind; label: string; reason: string; since: number };
  latency: { now?: number; p50?: number; p95?: number };
  availability24h?: number;
  lastCheckedAt?: number;
  history: Array<{ at: number; ok: boolean; latencyMs: number; outcome: string }>;
  rateLimit: Array<{ name: string; remaining?: number; limit?: number; reset?: string }>;
  statusPage?: Pick<StatusPageSnapshot, 'description' | 'pageUrl' | 'components' | 'incidents' | 'maintenances' | 'indicator'>;
}

const labels: Record<HealthStateKind, string> = {
  unknown: 'checking',
  operational: 'operational',
  slow: 'slow',
  degraded: 'degraded',
  outage: 'outage',
  rateLimited: 'rate limited',
  keyProblem: 'key problem',
  noKey: 'no key',
  offline: 'offline',
  disabled: 'off',
};

function rateLimitRows(info: RateLimitInfo | undefined): DetailsModel['rateLimit'] {
  if (!info) return [];
  const rows: DetailsModel['rateLimit'] = [
    { name: 'Requests', remaining: info.requestsRemaining, limit: info.requestsLimit, reset: info.requestsReset },
    { name: 'Tokens', remaining: info.tokensRemaining, limit: info.tokensLimit, reset: info.tokensReset },
    { name: 'Input tokens', remaining: info.inputTokensRemaining, limit: info.inputTokensLimit, reset: info.inputTokensReset },
    { name: 'Output tokens', remaining: info.outputTokensRemaining, limit: info.outputTokensLimit, reset: info.outputTokensReset },
  ];
  return rows.filter((row) => row.limit !== undefined || row.remaining !== undefined);
}

/** Builds the model for the details view; every string in it has passed `redactSecrets` (`secrets`: exact ones to mask too). */
export function buildDetailsModel(state: HealthState, stats: HealthStats, history: readonly HistoryPoint[], now: number, secrets: readonly string[] = []): DetailsModel {
  const page = state.statusPage;
  return redactDeep<DetailsModel>({
    now,
    state: { kind: state.kind, label: labels[state.kind], reason: state.reason, since: state.since },
    latency: { now: stats.latencyNowMs, p50: stats.p50Ms, p95: stats.p95Ms },
    availability24h: stats.availability24h,
    lastCheckedAt: stats.lastCheckedAt,
    history: history.map((p) => ({ at: p.at, ok: p.outcome === 'ok', latencyMs: p.latencyMs, outcome: p.outcome })),
    rateLimit: rateLimitRows(stats.rateLimit),
    statusPage: page && !page.partial
      ? { description: page.description, pageUrl: page.pageUrl, components: page.components, incidents: page.incidents, maintenances: page.maintenances, indicator: page.indicator }
      : undefined,
  }, secrets);
}
