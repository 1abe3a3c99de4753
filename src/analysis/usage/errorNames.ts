/**
 * What a set of caught or retried exception / error names covers in Claude code: does it reach the
 * non-retryable failures (400/401/403/404/413/422), the retryable ones (408/409/429/5xx/529, connection
 * errors), or everything? Pure: no `vscode`, no tree-sitter.
 *
 * The class hierarchies are the SDKs' own (read from `anthropic` 1.13.0 `_exceptions.py` and
 * `@anthropic-ai/sdk` 1.12.0 `core/error.js`):
 * - Python: `AnthropicError` > `APIError` > `APIStatusError` > one class per status, and `APIError` >
 *   `APIConnectionError` > `APITimeoutError`. `OverloadedError` (529) is an `APIStatusError`, not an
 *   `InternalServerError`. `ServiceUnavailableError` (503) and `DeadlineExceededError` (504) exist but
 *   1.13 never raises them: every status >= 500 but 529 becomes `InternalServerError`.
 * - TypeScript: `AnthropicError` > `APIError` > one class per status, and `APIError` > `APIConnectionError`
 *   > `APIConnectionTimeoutError`. There is no `APIStatusError`. `OverloadedError`, `ServiceUnavailableError`,
 *   `GatewayTimeoutError` and `NotImplementedError` extend `InternalServerError`, so catching
 *   `InternalServerError` also catches a 529.
 */

/** What a set of caught / retried exception or error names covers, for Python or JS/TS Claude code. */
export interface ErrorCoverage {
  /** Names (or statuses) in the set that cover a non-retryable failure (400/401/403/404/413/422-class):
   *  'Exception', 'BaseException', 'APIError', 'APIStatusError', 'anthropic.APIStatusError', 'Error',
   *  'BadRequestError', 'AuthenticationError', 'HTTPError', 'HTTPStatusError', '400', '401', … */
  nonRetryable: string[];
  /** True when the set covers at least one retryable failure (429/529/5xx/408/409/connection errors). */
  coversRetryable: boolean;
  /** True when it is a catch-all (bare except, `except Exception`, `catch (e)` with no test). */
  catchAll: boolean;
}

/** How one name covers failures. */
interface Reach {
  nonRetryable: boolean;
  retryable: boolean;
  catchAll: boolean;
}

const both: Reach = { nonRetryable: true, retryable: true, catchAll: false };
const retryableOnly: Reach = { nonRetryable: false, retryable: true, catchAll: false };
const nonRetryableOnly: Reach = { nonRetryable: true, retryable: false, catchAll: false };
const everything: Reach = { nonRetryable: true, retryable: true, catchAll: true };

/** Status error classes both SDKs raise for a failure that must not be retried. */
const clientErrorClasses = ['BadRequestError', 'AuthenticationError', 'PermissionDeniedError', 'NotFoundError', 'UnprocessableEntityError'];

const pythonNames: Record<string, Reach> = {
  // Catch-alls.
  Exception: everything,
  BaseException: everything,
  // The SDK's bases: both kinds of failure.
  AnthropicError: both,
  APIError: both,
  APIStatusError: both,
  // Retryable SDK failures.
  APIConnectionError: retryableOnly,
  APITimeoutError: retryableOnly,
  RateLimitError: retryableOnly,
  OverloadedError: retryableOnly,
  InternalServerError: retryableOnly,
  ConflictError: retryableOnly,
  ServiceUnavailableError: retryableOnly,
  DeadlineExceededError: retryableOnly,
  RetryableError: retryableOnly,
  // Non-retryable SDK failures.
  ...Object.fromEntries(clientErrorClasses.map((name) => [name, nonRetryableOnly])),
  RequestTooLargeError: nonRetryableOnly,
  // HTTP libraries: status errors from raise_for_status() cover every 4xx and 5xx.
  'requests.HTTPError': both,
  'requests.exceptions.HTTPError': both,
  'requests.RequestException': both,
  'requests.exceptions.RequestException': both,
  'httpx.HTTPStatusError': both,
  'httpx.HTTPError': both,
  'aiohttp.ClientResponseError': both,
  'aiohttp.ClientError': both,
  'urllib.error.HTTPError': both,
  'urllib.error.URLError': both, // HTTPError is a URLError
  HTTPError: both,
  HTTPStatusError: both,
  RequestException: both,
  ClientResponseError: both,
  ClientError: both,
  URLError: both,
  // Connection failures.
  'requests.ConnectionError': retryableOnly,
  'requests.exceptions.ConnectionError': retryableOnly,
  'requests.Timeout': retryableOnly,
  'requests.exceptions.Timeout': retryableOnly,
  'requests.exceptions.ReadTimeout': retryableOnly,
  'requests.exceptions.ConnectTimeout': retryableOnly,
  'httpx.TransportError': retryableOnly,
  'httpx.ConnectError': retryableOnly,
  'httpx.TimeoutException': retryableOnly,
  'httpx.ReadTimeout': retryableOnly,
  'httpx.ConnectTimeout': retryableOnly,
  'httpx.NetworkError': retryableOnly,
  'aiohttp.ClientConnectionError': retryableOnly,
  'aiohttp.ServerDisconnectedError': retryableOnly,
  'asyncio.TimeoutError': retryableOnly,
  'socket.timeout': retryableOnly,
  ConnectionError: retryableOnly,
  TimeoutError: retryableOnly,
  OSError: retryableOnly,
  IOError: retryableOnly,
  TransportError: retryableOnly,
  ConnectError: retryableOnly,
  TimeoutException: retryableOnly,
  ClientConnectionError: retryableOnly,
};

const javascriptNames: Record<string, Reach> = {
  // `catch (e)` tested against Error (or nothing) takes every failure.
  Error: everything,
  // The SDK's bases: APIError is also the base of APIConnectionError.
  AnthropicError: both,
  APIError: both,
  // Retryable SDK failures (OverloadedError, ServiceUnavailableError, GatewayTimeoutError extend InternalServerError).
  APIConnectionError: retryableOnly,
  APIConnectionTimeoutError: retryableOnly,
  RateLimitError: retryableOnly,
  OverloadedError: retryableOnly,
  InternalServerError: retryableOnly,
  ServiceUnavailableError: retryableOnly,
  GatewayTimeoutError: retryableOnly,
  NotImplementedError: retryableOnly,
  RequestTimeoutError: retryableOnly,
  ConflictError: retryableOnly,
  RetryableError: retryableOnly,
  // Non-retryable SDK failures.
  ...Object.fromEntries(clientErrorClasses.map((name) => [name, nonRetryableOnly])),
  ContentTooLargeError: nonRetryableOnly,
  PaymentRequiredError: nonRetryableOnly,
  PreconditionFailedError: nonRetryableOnly,
  RequestHeaderFieldsTooLargeError: nonRetryableOnly,
  ClientClosedRequestError: nonRetryableOnly,
  // HTTP clients: axios and got raise one error class for every status and for network failures.
  AxiosError: both,
  HTTPError: both, // got, ky
  RequestError: both, // got's base
  // Network failures: fetch throws a TypeError ("fetch failed"), node-fetch a FetchError.
  FetchError: retryableOnly,
  TypeError: retryableOnly,
  TimeoutError: retryableOnly,
  AbortError: nonRetryableOnly,
};

/** A status as written (`429`, `'5xx'`), or undefined when the name is not a status. */
function statusReach(name: string): Reach | undefined {
  const text = name.replace(/^['"`]|['"`]$/g, '').toLowerCase();
  if (/^5(\d\d|xx)$/.test(text) || text === '408' || text === '409' || text === '429') return retryableOnly;
  if (text === '4xx') return both; // every 4xx: the non-retryable ones and 408/409/429
  if (/^4\d\d$/.test(text)) return nonRetryableOnly;
  if (text === 'network' || text === 'connection' || text === 'timeout') return retryableOnly;
  return undefined;
}

/** How one name reaches, or undefined for names we do not know (ValueError, a class of the user's). */
function reachOf(name: string, language: 'python' | 'javascript'): Reach | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return everything; // bare `except:` / `catch (e)` with no test
  const status = statusReach(trimmed);
  if (status) return status;
  const table = language === 'python' ? pythonNames : javascriptNames;
  if (table[trimmed]) return table[trimmed];
  // `anthropic.APIStatusError`, `Anthropic.RateLimitError`, `builtins.Exception`: the class is the last part,
  // unless a dotted spelling above says otherwise (requests.ConnectionError is not builtins.ConnectionError).
  const parts = trimmed.split('.');
  for (let start = 1; start < parts.length; start++) {
    const tail = parts.slice(start).join('.');
    if (table[tail]) return table[tail];
  }
  return undefined;
}

/** What a set of caught / retried exception or error names covers. An empty set is a bare `except:` / `catch (e)`. */
export function errorCoverage(names: string[], language: 'python' | 'javascript'): ErrorCoverage {
  if (names.length === 0) return { nonRetryable: [], coversRetryable: true, catchAll: true };
  const nonRetryable: string[] = [];
  let coversRetryable = false;
  let catchAll = false;
  for (const name of names) {
    const reach = reachOf(name, language);
    if (!reach) continue;
    if (reach.nonRetryable) nonRetryable.push(name);
    if (reach.retryable) coversRetryable = true;
    if (reach.catchAll) catchAll = true;
  }
  return { nonRetryable, coversRetryable, catchAll };
}
