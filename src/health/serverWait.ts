/**
 * Waits the server chooses (`retry-after`, `retry-after-ms`, the `anthropic-ratelimit-*-reset`
 * instants), read and capped. Pure. A server can send any number: Node clamps a timer over
 * 2^31-1 ms (24.8 days) to 1 ms, so an uncapped "wait a century" turns into a request loop. No wait
 * is honoured past `MAX_SERVER_WAIT_MS`; a longer one is a state of its own (rate-limited until a
 * date, like a spend cap), re-checked once per cap.
 */
import type { ProbeResult } from './types';

/** The longest wait the server can make us keep (one hour). */
export const MAX_SERVER_WAIT_MS = 3_600_000;

/** Epoch ms when a 429 lifts: retry-after first, else the latest reset among exhausted limits (or all). Undefined when unknown or not a real instant. */
export function rateLimitResetAt(result: ProbeResult): number | undefined {
  const answeredAt = result.startedAt + result.latencyMs;
  if (result.retryAfterSeconds !== undefined && Number.isFinite(result.retryAfterSeconds) && result.retryAfterSeconds >= 0) {
    // A wait past the last instant a Date can hold is "forever" for us: the last instant.
    return Math.min(answeredAt + result.retryAfterSeconds * 1000, MAX_INSTANT_MS);
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
  return candidates.length > 0 ? finiteInstant(Math.max(...candidates)) : undefined;
}

/** Whether a wait until `until` (from `now`) is longer than we honour as a countdown. */
export function isBeyondCap(until: number, now: number): boolean {
  return until - now > MAX_SERVER_WAIT_MS;
}

/** Milliseconds to wait for the server, never more than the cap, never negative or NaN. */
export function cappedWaitMs(untilMs: number | undefined, now: number): number {
  if (untilMs === undefined || Number.isNaN(untilMs)) return 0;
  return Math.min(MAX_SERVER_WAIT_MS, Math.max(0, untilMs - now));
}

/** The last instant a Date can hold (year 275760). */
const MAX_INSTANT_MS = 8.64e15;

/** A valid Date instant, else undefined. */
function finiteInstant(ms: number): number | undefined {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_INSTANT_MS ? ms : undefined;
}
