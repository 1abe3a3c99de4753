/**
 * The probe history as kept in globalState: compact (≈ 20 bytes a point, ≈ 40 KB at the cap),
 * versioned, and validated on the way back in (anything malformed reads as empty; bad points are
 * dropped one by one; points older than 24 h or from the future are dropped). Pure.
 */
import { HISTORY_LIMITS } from './history';
import type { HistoryPoint, ProbeOutcome } from './types';

/** The globalState key the adapter stores the history under. */
export const HISTORY_STORAGE_KEY = 'claudeHealth.health.history';

/** Save at most this often (and on deactivate): the history is a convenience, not a ledger. */
export const HISTORY_SAVE_INTERVAL_MS = 5 * 60_000;

const VERSION = 1;
/** Clock skew tolerated for points "from the future". */
const FUTURE_SLACK_MS = 60_000;
const MAX_LATENCY_MS = 10 * 60_000;

/** Every outcome, so that the compiler notices a new one. `aborted` is never kept. */
const keptOutcomes: Record<ProbeOutcome, boolean> = {
  ok: true,
  auth: true,
  notFound: true,
  rateLimited: true,
  overloaded: true,
  serverError: true,
  otherStatus: true,
  timeout: true,
  dns: true,
  refused: true,
  reset: true,
  tls: true,
  malformed: true,
  aborted: false,
  network: true,
};

/** `{ version, t0, points: [[msAfterT0, outcome, latencyMs], ...] }` as a JSON string. */
export function serializeHistory(points: readonly HistoryPoint[], now: number): string {
  const kept = keep(points, now);
  const t0 = kept.length > 0 ? kept[0].at : now;
  return JSON.stringify({ version: VERSION, t0, points: kept.map((point) => [point.at - t0, point.outcome, Math.round(point.latencyMs)]) });
}

/** Reads what serializeHistory wrote (as a string, or the parsed object); garbage gives []. */
export function deserializeHistory(raw: unknown, now: number): HistoryPoint[] {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return [];
    }
  }
  if (typeof value !== 'object' || value === null) return [];
  const stored = value as { version?: unknown; t0?: unknown; points?: unknown };
  if (stored.version !== VERSION || !isFiniteNumber(stored.t0) || !Array.isArray(stored.points)) return [];
  const t0 = stored.t0;
  const points: HistoryPoint[] = [];
  for (const entry of stored.points as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 3) continue;
    const [offset, outcome, latencyMs] = entry as unknown[];
    if (!isFiniteNumber(offset) || !isFiniteNumber(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) continue;
    if (typeof outcome !== 'string' || !Object.prototype.hasOwnProperty.call(keptOutcomes, outcome) || !keptOutcomes[outcome as ProbeOutcome]) continue;
    points.push({ at: t0 + offset, outcome: outcome as ProbeOutcome, latencyMs });
  }
  return keep(points, now);
}

/** Sorted, within the last 24 h (and not ahead of now), at most the monitor's cap. */
function keep(points: readonly HistoryPoint[], now: number): HistoryPoint[] {
  const oldest = now - HISTORY_LIMITS.maxAgeMs;
  return points
    .filter((point) => point.at >= oldest && point.at <= now + FUTURE_SLACK_MS && keptOutcomes[point.outcome])
    .sort((a, b) => a.at - b.at)
    .slice(-HISTORY_LIMITS.maxPoints);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
