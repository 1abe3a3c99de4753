// Building blocks of the fake's HTTP responses: ids, headers and bodies shaped
// like the real API's (facts §3), and the pages a proxy in front of it serves.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ErrorOutcome } from './outcomes';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

/** Real ids look like `req_011CSHoEeqs5C35K2UUqR7Fy` and `msg_013Zva2CMHLNnXjNJJKqJ2EF`. */
export const newRequestId = (): string => `req_011C${base62(20)}`;
export const newMessageId = (): string => `msg_01${base62(22)}`;

export const ORGANIZATION_ID = 'a6b1c7e2-0f3d-4c59-9e8a-2b7d41f0c3aa';

// ---- errors ----

/** The real error.type and a real-looking message for each status. */
const ERROR_DEFAULTS: Record<number, { type: string; message: string }> = {
  400: { type: 'invalid_request_error', message: 'Invalid request' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  402: {
    type: 'billing_error',
    message: 'Your credit balance is too low to access the Claude API. Please go to Plans & Billing to upgrade or purchase credits.',
  },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  404: { type: 'not_found_error', message: 'Not found' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: {
    type: 'rate_limit_error',
    message:
      'This request would exceed the rate limit for your organization of 4,000 requests per minute. For details, refer to: ' +
      'https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the ' +
      'prompt length or the maximum tokens requested, or try again later.',
  },
  500: { type: 'api_error', message: 'Internal server error' },
  503: { type: 'api_error', message: 'Service Unavailable' },
  504: { type: 'timeout_error', message: 'Request timed out' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

export function errorDefaults(status: number): { type: string; message: string } {
  return ERROR_DEFAULTS[status] ?? (status >= 500 ? ERROR_DEFAULTS[500] : ERROR_DEFAULTS[400]);
}

export interface ErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id: string;
}

export function errorBody(type: string, message: string, requestId: string): ErrorBody {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

/** Headers an error outcome asks for: retry-after, retry-after-ms, x-should-retry. */
export function retryHeaders(o: Pick<ErrorOutcome, 'retryAfter' | 'retryAfterMs' | 'shouldRetry'>): Record<string, string> {
  const h: Record<string, string> = {};
  if (o.retryAfter !== undefined) h['retry-after'] = String(o.retryAfter);
  if (o.retryAfterMs !== undefined) h['retry-after-ms'] = String(o.retryAfterMs);
  if (o.shouldRetry !== undefined) h['x-should-retry'] = String(o.shouldRetry);
  return h;
}

// ---- rate limits ----

export const RATE_LIMIT_BUCKETS = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;
export type RateLimitBucket = (typeof RATE_LIMIT_BUCKETS)[number];
export interface RateLimit {
  limit: number;
  remaining: number;
  /** The bucket is full again this long after the response. */
  resetMs: number;
}
export type RateLimits = Record<RateLimitBucket, RateLimit>;
export type RateLimitsPatch = Partial<Record<RateLimitBucket, Partial<RateLimit>>>;

export function defaultRateLimits(): RateLimits {
  return {
    requests: { limit: 4000, remaining: 3999, resetMs: 1000 },
    tokens: { limit: 480_000, remaining: 480_000, resetMs: 1000 },
    'input-tokens': { limit: 400_000, remaining: 400_000, resetMs: 1000 },
    'output-tokens': { limit: 80_000, remaining: 80_000, resetMs: 1000 },
  };
}

/** RFC 3339 to the second, like the real headers (`2026-11-20T10:15:42Z`). */
export const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function rateLimitHeaders(limits: RateLimits, now: number): Record<string, string> {
  const h: Record<string, string> = {};
  for (const bucket of RATE_LIMIT_BUCKETS) {
    const { limit, remaining, resetMs } = limits[bucket];
    h[`anthropic-ratelimit-${bucket}-limit`] = String(limit);
    h[`anthropic-ratelimit-${bucket}-remaining`] = String(remaining);
    h[`anthropic-ratelimit-${bucket}-reset`] = rfc3339(now + resetMs);
  }
  return h;
}

// ---- writing ----

export type Headers = Record<string, string>;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Headers = {}): void {
  sendText(res, status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Headers): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** A 200 whose JSON is cut off mid-way, as from a truncated or corrupted response. */
export const MALFORMED_JSON = '{"id":"msg_01Trunc","type":"message","role":"assistant","content":[{"type":"te';

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/**
 * The HTML error page a CDN or corporate proxy serves in front of the API.
 * It carries no `request-id`: it never reached Anthropic.
 */
export function proxyErrorPage(status: number): { body: string; headers: Headers } {
  const title = `${status} ${STATUS_TEXT[status] ?? 'Error'}`;
  const body =
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    `<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;
  return { body, headers: { 'content-type': 'text/html', server: 'cloudflare', 'cf-ray': `${randomBytes(8).toString('hex')}-LHR` } };
}
