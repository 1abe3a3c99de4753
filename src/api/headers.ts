/**
 * Reads the API's rate-limit and retry headers (facts §2-3). Pure: no `vscode`, no SDK.
 * Every parser is tolerant: a header with garbage in it counts as not sent, never as an error.
 */
import type { RateLimitInfo } from './types';

/** Response headers as fetch gives them, or a plain record (any name case). */
export type HeaderSource = Headers | Record<string, string | readonly string[] | null | undefined>;

/** A case-insensitive reader over either header shape; the first value of a repeated header wins. */
export function headerReader(headers: HeaderSource | undefined): (name: string) => string | undefined {
  if (!headers) return () => undefined;
  if (typeof (headers as Headers).get === 'function') {
    const h = headers as Headers;
    return (name) => h.get(name) ?? undefined;
  }
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && !lower.has(name.toLowerCase())) lower.set(name.toLowerCase(), first);
  }
  return (name) => lower.get(name.toLowerCase());
}

const BUCKETS = [
  ['requests', 'requests'],
  ['tokens', 'tokens'],
  ['input-tokens', 'inputTokens'],
  ['output-tokens', 'outputTokens'],
] as const;

const COUNT = /^\d{1,15}$/;
// RFC 3339 date-time as the API sends it (`2026-11-20T10:15:42Z`), fractions and offsets allowed.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function count(value: string | undefined): number | undefined {
  const v = value?.trim();
  return v !== undefined && COUNT.test(v) ? Number(v) : undefined;
}

function instant(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v !== undefined && RFC3339.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined;
}

/** The `anthropic-ratelimit-*` headers, parsed; undefined when none was sent in a usable form. */
export function parseRateLimitHeaders(headers: HeaderSource | undefined): RateLimitInfo | undefined {
  const get = headerReader(headers);
  const info: Record<string, number | string> = {};
  for (const [bucket, field] of BUCKETS) {
    const limit = count(get(`anthropic-ratelimit-${bucket}-limit`));
    const remaining = count(get(`anthropic-ratelimit-${bucket}-remaining`));
    const reset = instant(get(`anthropic-ratelimit-${bucket}-reset`));
    if (limit !== undefined) info[`${field}Limit`] = limit;
    if (remaining !== undefined) info[`${field}Remaining`] = remaining;
    if (reset !== undefined) info[`${field}Reset`] = reset;
  }
  return Object.keys(info).length > 0 ? (info as RateLimitInfo) : undefined;
}

const SECONDS = /^\d+(\.\d+)?$/;

/**
 * Seconds to wait, from `retry-after-ms`, else `retry-after` (seconds or an HTTP date), the order
 * the SDKs use. Undefined when neither was sent in a usable form; a date in the past gives 0.
 */
export function parseRetryAfterSeconds(headers: HeaderSource | undefined, now: () => number = Date.now): number | undefined {
  const get = headerReader(headers);
  const ms = get('retry-after-ms')?.trim();
  if (ms !== undefined && SECONDS.test(ms)) return Number(ms) / 1000;
  const after = get('retry-after')?.trim();
  if (after === undefined || after === '') return undefined;
  if (SECONDS.test(after)) return Number(after);
  const date = Date.parse(after);
  // Date.parse accepts plain numbers like "-5" too; an HTTP date always names a weekday or month.
  if (Number.isNaN(date) || !/[A-Za-z]/.test(after)) return undefined;
  return Math.max(0, Math.round(date - now()) / 1000);
}

/** `x-should-retry: true|false`, the server's override of the SDK's retry rule; undefined when absent or other. */
export function parseShouldRetry(headers: HeaderSource | undefined): boolean | undefined {
  const value = headerReader(headers)('x-should-retry')?.trim().toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}
