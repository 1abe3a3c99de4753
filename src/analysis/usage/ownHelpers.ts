/**
 * The retry helpers our quick fixes and snippets insert (fixes/templates/), known by name: a call wrapped in
 * one of them is retried the way the helper does it, whatever its body looks like to the loop reader, so no
 * rule reports the helper's own loop once a user applied the fix (or the snippet). Pure: no `vscode`.
 */
import {
  PYTHON_FALLBACK,
  PYTHON_FALLBACK_ASYNC,
  PYTHON_HTTP_RETRY,
  PYTHON_HTTP_RETRY_ASYNC,
  PYTHON_RETRY,
  PYTHON_RETRY_ASYNC,
  PYTHON_STREAM,
  PYTHON_STREAM_ASYNC,
  PYTHON_TENACITY,
  PYTHON_TENACITY_ASYNC,
} from '../fixes/templates/python';
import { SCRIPT_FALLBACK, SCRIPT_FETCH_RETRY, SCRIPT_PRETRY, SCRIPT_RETRY, SCRIPT_STREAM } from '../fixes/templates/script';
import type { RetryPolicy } from './retryPolicy';

/** Every helper that runs a Claude call in our retry, SDK or raw HTTP (the support blocks themselves call no Claude API). */
export const ownRetryHelpers: ReadonlySet<string> = new Set([
  PYTHON_RETRY,
  PYTHON_RETRY_ASYNC,
  PYTHON_TENACITY,
  PYTHON_TENACITY_ASYNC,
  PYTHON_FALLBACK,
  PYTHON_FALLBACK_ASYNC,
  PYTHON_STREAM,
  PYTHON_STREAM_ASYNC,
  PYTHON_HTTP_RETRY,
  PYTHON_HTTP_RETRY_ASYNC,
  SCRIPT_RETRY,
  SCRIPT_PRETRY,
  SCRIPT_FALLBACK,
  SCRIPT_STREAM,
  SCRIPT_FETCH_RETRY,
]);

/**
 * The helpers that also read the stream inside their retry (through the read function they are given), so an
 * overloaded_error arriving mid-stream restarts the stream (then falls back) instead of reaching the caller.
 */
export const ownStreamHelpers: ReadonlySet<string> = new Set([PYTHON_STREAM, PYTHON_STREAM_ASYNC, SCRIPT_STREAM]);

/**
 * What the helpers do with their default settings (`ClaudeRetrySettings` / the TS settings object): 8
 * attempts within 300 s, full-jitter exponential backoff from 1 s up to 60 s, `retry-after(-ms)` honoured up
 * to 90 s (longer: give up), only 408/409/429/5xx/529 and connection errors retried, the last error re-raised,
 * and the SDK's own retries off inside (with_options(max_retries=0) / { maxRetries: 0 }). The raw HTTP helpers
 * (call_claude_http_with_retry, fetchClaudeWithRetry) run the same policy on the response's status and headers.
 */
export function ownHelperPolicy(): RetryPolicy {
  const set = <T>(value: T) => ({ value, fromDefault: true });
  return {
    mechanism: 'loop',
    maxAttempts: set(8),
    deadlineMs: set(300_000),
    wait: set({ kind: 'exponential', initialMs: 1000, maxMs: 60_000 }),
    jitter: set(true),
    retries: set({ kind: 'named', names: ['408', '409', '429', '5xx', '529', 'connection'], includesNonRetryable: [] }),
    honoursRetryAfter: set(true),
    onExhaustion: set('reraise'),
    retriesPost: set(true),
  };
}
