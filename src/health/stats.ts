/** Latency and availability statistics and the sparkline buckets, computed from the kept history. Pure. */
import { HISTORY_LIMITS } from './history';
import { classifyOutcome } from './outcomes';
import type { HistoryPoint, ProbeResult, RateLimitInfo } from './types';

export const STATS_WINDOW = {
  /** Latency statistics and the sparkline cover this much. */
  windowMs: 3_600_000,
  sparkBuckets: 20,
} as const;

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
  /** `STATS_WINDOW.sparkBuckets` buckets over the last hour, oldest first. */
  sparkline: SparkBucket[];
  /** The last rate-limit headers seen, and when. */
  rateLimit?: RateLimitInfo;
  rateLimitAt?: number;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface StatsInput {
  points: readonly HistoryPoint[];
  now: number;
  lastProbe?: ProbeResult;
  rateLimit?: { info: RateLimitInfo; at: number };
}

/** The statistics at `now` over the given points (24 h for availability, the last hour for latency). */
export function computeStats({ points, now, lastProbe, rateLimit }: StatsInput): HealthStats {
  const dayStart = now - HISTORY_LIMITS.maxAgeMs;
  const hourStart = now - STATS_WINDOW.windowMs;
  const bucketMs = STATS_WINDOW.windowMs / STATS_WINDOW.sparkBuckets;
  const buckets: Array<{ latencies: number[]; failed: boolean }> = Array.from({ length: STATS_WINDOW.sparkBuckets }, () => ({ latencies: [], failed: false }));
  const hourOk: number[] = [];
  let checks = 0;
  let counted = 0;
  let failed = 0;
  for (const point of points) {
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
  if (lastProbe) {
    stats.lastCheckedAt = lastProbe.startedAt;
    if (lastProbe.outcome === 'ok') stats.latencyNowMs = lastProbe.latencyMs;
  }
  if (hourOk.length > 0) {
    stats.p50Ms = percentile(hourOk, 50);
    stats.p95Ms = percentile(hourOk, 95);
  }
  if (counted > 0) stats.availability24h = (counted - failed) / counted;
  if (rateLimit) {
    stats.rateLimit = rateLimit.info;
    stats.rateLimitAt = rateLimit.at;
  }
  return stats;
}
