/** The bounded probe history the monitor keeps (24 h, at most 2,000 points) and the questions its rules ask of it. Pure. */
import { classifyOutcome, isFailureClass } from './outcomes';
import type { HistoryPoint } from './types';

const HOUR = 3_600_000;

export const HISTORY_LIMITS = {
  maxAgeMs: 24 * HOUR,
  /** 24 h at 60 s is 1,440, plus room for confirmations and faster intervals. */
  maxPoints: 2_000,
} as const;

/** Points oldest first; adding drops what is past the age or count limit. */
export class ProbeHistory {
  private points: HistoryPoint[];

  constructor(restored: readonly HistoryPoint[] = [], now: number) {
    const cutoff = now - HISTORY_LIMITS.maxAgeMs;
    this.points = restored.filter((point) => point.at >= cutoff).slice(-HISTORY_LIMITS.maxPoints);
  }

  /** The kept points, oldest first (read-only view; copy before keeping). */
  get all(): readonly HistoryPoint[] {
    return this.points;
  }

  add(point: HistoryPoint, now: number): void {
    this.points.push(point);
    const cutoff = now - HISTORY_LIMITS.maxAgeMs;
    let drop = 0;
    while (drop < this.points.length && this.points[drop].at < cutoff) drop++;
    drop = Math.max(drop, this.points.length - HISTORY_LIMITS.maxPoints);
    if (drop > 0) this.points.splice(0, drop);
  }

  clear(): void {
    this.points = [];
  }

  /** OK latencies since `start`, ascending. */
  okLatenciesSince(start: number): number[] {
    return this.points
      .filter((point) => point.at >= start && point.outcome === 'ok')
      .map((point) => point.latencyMs)
      .sort((a, b) => a - b);
  }

  /** Runs of consecutive failures (server, timeout, network) with a point at or after `start`; a run counts once. */
  failureRunsSince(start: number): number {
    let runs = 0;
    let inRun = false;
    let counted = false;
    for (const point of this.points) {
      const failed = isFailureClass(classifyOutcome(point.outcome));
      if (failed && !inRun) counted = false;
      if (failed && !counted && point.at >= start) {
        runs++;
        counted = true;
      }
      inRun = failed;
    }
    return runs;
  }
}
