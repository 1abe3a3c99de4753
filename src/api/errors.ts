/**
 * The one classifier of whatever an API call threw (an SDK `APIError`, a connection failure with
 * Node's cause chain, a parse error) into an `ApiOutcome` with the facts support asks for; the
 * probe, the model list and Diagnose Connection all use it. Pure and synchronous: it recognises the
 * SDK's errors by shape and name (the same for the SDK's real classes, see test/unit/api.errors.test.ts),
 * so it needs no SDK at run time and can be fed synthetic errors in tests.
 */
import { headerReader, parseRateLimitHeaders, parseRetryAfterSeconds, parseShouldRetry } from './headers';
import { htmlTitle, looksLikeHtml, safeDetail } from './http';
import type { ApiErrorClassification, ApiOutcome } from './types';

export interface ClassifyOptions {
  /** Clock for `retry-after` given as an HTTP date; default Date.now. */
  now?: () => number;
  /** Exact secrets to mask in `detail` besides key-shaped strings (the key in use). */
  secrets?: readonly string[];
}

/** The SDK's `APIError` with a response, as far as we read it. */
interface StatusErrorLike {
  status: number;
  headers?: Headers;
  error?: unknown;
  message?: string;
  type?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isStatusError(error: unknown): error is StatusErrorLike {
  return isObject(error) && typeof error.status === 'number' && Number.isInteger(error.status) && error.status >= 100 && error.status <= 599;
}

/** Never throws; anything unrecognised is a `network` failure with the innermost message as detail. */
export function classifyApiError(error: unknown, options: ClassifyOptions = {}): ApiErrorClassification {
  const detail = (text: string): string => safeDetail(text, options.secrets);
  try {
    if (isStatusError(error)) return classifyStatusError(error, options.now ?? Date.now, detail);
    return classifyNoResponse(error, detail);
  } catch {
    // A hostile object (a throwing getter) must not break the never-throws promise.
    return { outcome: 'network', detail: 'unrecognised failure' };
  }
}

/** The outcome for an HTTP status whose body was the API's own error JSON (or at least not HTML). */
export function outcomeForStatus(status: number, errorType?: string, apiMessage?: string): ApiOutcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'notFound';
  if (status === 429) return 'rateLimited';
  // 408 is the API's own request timeout (RequestTimeoutError; the SDKs retry it): not the key's fault.
  if (status === 408) return 'timeout';
  // Overload also arrives as a 500 api_error whose message is "Overloaded" (facts §2).
  if (status === 529 || errorType === 'overloaded_error' || (status >= 500 && apiMessage?.trim().toLowerCase() === 'overloaded')) return 'overloaded';
  if (status >= 500) return 'serverError';
  return 'otherStatus';
}

function classifyStatusError(err: StatusErrorLike, now: () => number, detail: (text: string) => string): ApiErrorClassification {
  const { status } = err;
  const get = headerReader(err.headers);
  const body = isObject(err.error) ? err.error : undefined;
  const inner = body && isObject(body.error) ? body.error : undefined;
  const errorType = typeof inner?.type === 'string' ? inner.type : typeof err.type === 'string' ? err.type : undefined;
  const apiMessage = typeof inner?.message === 'string' ? inner.message : undefined;
  const requestId = get('request-id') ?? (typeof body?.request_id === 'string' ? body.request_id : undefined);

  const out: ApiErrorClassification = { outcome: outcomeForStatus(status, errorType, apiMessage), status };
  if (requestId) out.requestId = requestId;
  if (errorType) out.errorType = errorType;
  const retryAfter = parseRetryAfterSeconds(err.headers, now);
  if (retryAfter !== undefined) out.retryAfterSeconds = retryAfter;
  const shouldRetry = parseShouldRetry(err.headers);
  if (shouldRetry !== undefined) out.shouldRetry = shouldRetry;
  const rateLimit = parseRateLimitHeaders(err.headers);
  if (rateLimit) out.rateLimit = rateLimit;

  // Without a JSON body the SDK puts the raw text in the message, after the status.
  const rawText = body ? safeJson(body) : (err.message ?? '').replace(new RegExp(`^${status}\\s*`), '');
  if (!inner && !requestId && looksLikeHtml(rawText, get('content-type'))) {
    // A proxy's or CDN's error page: the request never got an answer from the API itself.
    const title = htmlTitle(rawText);
    out.outcome = 'malformed';
    if (title) out.pageTitle = title;
    out.detail = detail(`HTTP ${status}: an HTML page, not the API's answer (a proxy or gateway?)${title ? `: "${title}"` : ''}`);
    return out;
  }
  if (inner) out.detail = detail(`HTTP ${status}${errorType ? ` ${errorType}` : ''}${apiMessage ? `: ${apiMessage}` : ''}`);
  else out.detail = detail(`HTTP ${status}${rawText && rawText !== 'status code (no body)' ? `: ${rawText}` : ' with no API error body'}`);
  return out;
}

/**
 * A 2xx answer whose body should be the API's JSON: `ok`, or `malformed` for an HTML page (a captive
 * portal's sign-in page comes with a 200), cut-off or unreadable JSON, or JSON of the wrong shape
 * (`isExpected` says what the caller asked for). Status and request-id are the caller's to add.
 */
export function classifyOkBody(
  status: number,
  contentType: string | null | undefined,
  body: { text: string; truncated: boolean },
  options: { secrets?: readonly string[]; isExpected?: (json: unknown) => boolean; expected?: string } = {},
): ApiErrorClassification & { json?: unknown } {
  const malformed = (why: string): ApiErrorClassification => ({ outcome: 'malformed', detail: safeDetail(`HTTP ${status}: ${why}`, options.secrets) });
  if (looksLikeHtml(body.text, contentType)) {
    const title = htmlTitle(body.text);
    return { ...malformed(`an HTML page, not the API's answer (a proxy or captive portal?)${title ? `: "${title}"` : ''}`), ...(title && { pageTitle: title }) };
  }
  if (body.truncated) return malformed('an answer far larger than the API sends');
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch (err) {
    return malformed(`unreadable JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (options.isExpected && !options.isExpected(json)) return malformed(`JSON that is not ${options.expected ?? 'the expected answer'}`);
  return { outcome: 'ok', json };
}

function apiErrorType(error: unknown): string | undefined {
  if (!isObject(error)) return undefined;
  if (typeof error.type === 'string') return error.type;
  const body = isObject(error.error) ? error.error : undefined;
  const inner = body && isObject(body.error) ? body.error : undefined;
  return typeof inner?.type === 'string' ? inner.type : undefined;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

// Codes of Node (net, dns, tls) and undici, as they appear in the `cause` chain of `fetch failed`.
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA', 'EAI_ADDRFAMILY']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ESOCKETTIMEDOUT', 'ERR_TLS_HANDSHAKE_TIMEOUT']);
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);
const NETWORK_CODES = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'ECONNABORTED', 'EADDRNOTAVAIL']);

function isTlsCode(code: string): boolean {
  return TLS_CODES.has(code) || code.startsWith('CERT_') || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_');
}

/** One error of the chain: its name, code and message. */
interface Link {
  name: string;
  code?: string;
  message: string;
}

/** The error, its `cause`s and an AggregateError's `errors`, outermost first; bounded, cycle-safe. */
function chainOf(error: unknown): Link[] {
  const links: Link[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && links.length < 12) {
    const current = queue.shift();
    if (current === undefined || current === null || seen.has(current)) continue;
    seen.add(current);
    if (!isObject(current)) {
      links.push({ name: typeof current, message: String(current) });
      continue;
    }
    links.push({
      name: typeof current.name === 'string' ? current.name : '',
      code: typeof current.code === 'string' ? current.code : undefined,
      message: typeof current.message === 'string' ? current.message : '',
    });
    if ('cause' in current) queue.push(current.cause);
    if (Array.isArray(current.errors)) queue.push(...(current.errors as unknown[]).slice(0, 4));
  }
  return links;
}

const RESET_MESSAGE = /socket hang up|other side closed|\bterminated\b|ECONNRESET/i;

function classifyNoResponse(error: unknown, detail: (text: string) => string): ApiErrorClassification {
  const chain = chainOf(error);
  const outer = chain[0];
  // Cancellation and the SDK's own timeout come first: their causes say nothing more useful.
  if (outer?.name === 'APIUserAbortError' || outer?.name === 'AbortError') return { outcome: 'aborted', detail: 'cancelled' };
  if (outer?.name === 'APIConnectionTimeoutError' || outer?.name === 'TimeoutError') return { outcome: 'timeout', detail: 'no answer before the timeout' };

  // An API error without a status: the SDK's report of an `error` event inside a 200 stream.
  const streamType = apiErrorType(error);
  if (streamType === 'overloaded_error') return { outcome: 'overloaded', errorType: streamType, detail: detail(`${streamType} after the response started`) };
  if (streamType === 'api_error') return { outcome: 'serverError', errorType: streamType, detail: detail(`${streamType} after the response started`) };

  const coded = chain.filter((l): l is Link & { code: string } => l.code !== undefined);
  const withCode = (test: (code: string) => boolean): (Link & { code: string }) | undefined => coded.find((l) => test(l.code));
  const describe = (link: Link): string => detail(`${link.code ?? (link.name || 'Error')}: ${link.message}`);

  const found: Array<[ApiOutcome, (code: string) => boolean]> = [
    ['dns', (c) => DNS_CODES.has(c)],
    ['refused', (c) => c === 'ECONNREFUSED'],
    ['timeout', (c) => TIMEOUT_CODES.has(c)],
    ['tls', isTlsCode],
    ['reset', (c) => RESET_CODES.has(c)],
    ['network', (c) => NETWORK_CODES.has(c)],
  ];
  for (const [outcome, test] of found) {
    const link = withCode(test);
    if (link) return { outcome, detail: describe(link) };
  }
  const resetLink = chain.find((l) => RESET_MESSAGE.test(l.message));
  if (resetLink) return { outcome: 'reset', detail: describe(resetLink) };
  // A 200 whose body is not JSON reaches us as the SDK's (or our) JSON.parse failure.
  const syntax = chain.find((l) => l.name === 'SyntaxError');
  if (syntax) return { outcome: 'malformed', detail: detail(`unreadable JSON: ${syntax.message}`) };

  const innermost = chain[chain.length - 1];
  return { outcome: 'network', detail: innermost ? describe(innermost) : 'unknown failure' };
}
