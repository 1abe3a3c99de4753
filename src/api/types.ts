/**
 * What any call to the Claude API can end in, shared by the health probe, the model list and the
 * coming Diagnose Connection. Pure: no `vscode`, no SDK, and nothing from the features that use it.
 */

/** How one API request ended (facts §2-3 for what each status means). */
export type ApiOutcome =
  | 'ok'
  | 'auth' // 401 / 403: the key is wrong, revoked or lacks access
  | 'notFound' // 404 (a wrong base URL, or an unknown or retired model)
  | 'rateLimited' // 429
  | 'overloaded' // 529, or a 5xx whose error type is overloaded_error
  | 'serverError' // other 5xx (500, 502, 503, 504)
  | 'otherStatus' // any other HTTP status (400, 402, 409, 413, ...)
  | 'timeout' // no complete answer in time, or a 408 from the API
  | 'dns' // the host name does not resolve
  | 'refused' // connection refused
  | 'reset' // connection reset / socket hang up
  | 'tls' // certificate or TLS handshake failure
  | 'malformed' // an answer that is not the API's (HTML from a proxy, broken JSON)
  | 'aborted' // cancelled by us (disposal, settings change)
  | 'network'; // another connection failure

/** The `anthropic-ratelimit-*` headers of one response, parsed. Absent fields were not sent. */
export interface RateLimitInfo {
  requestsLimit?: number;
  requestsRemaining?: number;
  /** RFC 3339 instant. */
  requestsReset?: string;
  tokensLimit?: number;
  tokensRemaining?: number;
  tokensReset?: string;
  inputTokensLimit?: number;
  inputTokensRemaining?: number;
  inputTokensReset?: string;
  outputTokensLimit?: number;
  outputTokensRemaining?: number;
  outputTokensReset?: string;
}

/** What an error (or a failed exchange) tells: the outcome and the facts support asks for. */
export interface ApiErrorClassification {
  outcome: ApiOutcome;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** The `request-id` header (or body `request_id`), for support. */
  requestId?: string;
  /** The API's `error.type` (e.g. `overloaded_error`), when the body said. */
  errorType?: string;
  /** A short one-line detail with every key masked. */
  detail?: string;
  /** Seconds from `retry-after-ms` / `retry-after`, when sent (uncapped: the caller decides what to honour). */
  retryAfterSeconds?: number;
  /** The `x-should-retry` header, when sent. */
  shouldRetry?: boolean;
  rateLimit?: RateLimitInfo;
  /** For `malformed`: the `<title>` of the HTML page that answered instead of the API (a proxy's, a captive portal's). */
  pageTitle?: string;
}
