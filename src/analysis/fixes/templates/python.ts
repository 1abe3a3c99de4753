/**
 * Python helper blocks the retry quick fixes insert (and the snippets offer). Pure.
 *
 * Call shapes the edit builder must produce (`client` is the receiver of the original call, as written):
 *   client.messages.create(ARGS)
 *     -> call_claude_with_retry(client, lambda retry_client: retry_client.messages.create(ARGS))
 *   await client.messages.create(ARGS)           (AsyncAnthropic)
 *     -> await call_claude_with_retry_async(client, lambda retry_client: retry_client.messages.create(ARGS))
 *   tenacity projects: call_claude_with_tenacity(...) / call_claude_with_tenacity_async(...), same arguments.
 *   fallback: call_claude_with_fallback(client, [MODEL, FALLBACK...],
 *               lambda retry_client, model: retry_client.messages.create(ARGS with model=model))  (+ _async)
 *   stream:   stream_claude_with_retry(client, [MODEL, FALLBACK...],
 *               lambda stream_client, model: stream_client.messages.stream(ARGS with model=model),
 *               lambda stream: stream.get_final_message())                                      (+ _async)
 *   raw HTTP: requests.post(ARGS) / httpx.post(ARGS) / client.post(ARGS) (a requests.Session, an httpx.Client)
 *     -> call_claude_http_with_retry(lambda: requests.post(ARGS), connection_errors=(requests.ConnectionError, requests.Timeout))
 *     -> call_claude_http_with_retry(lambda: httpx.post(ARGS), connection_errors=httpx.TransportError)
 *   await client.post(ARGS)                      (httpx.AsyncClient)
 *     -> await call_claude_http_with_retry_async(lambda: client.post(ARGS), connection_errors=httpx.TransportError)
 * Every helper takes an optional last argument `settings=ClaudeRetrySettings(...)`. The SDK helpers build on the
 * support block (claude_retry_delay_s: SDK errors), which builds on the SDK-free wait block (claude_retry_wait_s:
 * statuses, retry-after, jitter, attempts, deadline) that the raw HTTP helpers use alone.
 */
import { renderPython } from './render';
import type { HelperSource, HelperStyle, ImportNeed } from './types';

export const PYTHON_RETRY_WAIT = 'claude_retry_wait_s';
export const PYTHON_SUPPORT = 'claude_retry_delay_s';
export const PYTHON_RETRY = 'call_claude_with_retry';
export const PYTHON_RETRY_ASYNC = 'call_claude_with_retry_async';
export const PYTHON_TENACITY = 'call_claude_with_tenacity';
export const PYTHON_TENACITY_ASYNC = 'call_claude_with_tenacity_async';
export const PYTHON_FALLBACK = 'call_claude_with_fallback';
export const PYTHON_FALLBACK_ASYNC = 'call_claude_with_fallback_async';
export const PYTHON_STREAM = 'stream_claude_with_retry';
export const PYTHON_STREAM_ASYNC = 'stream_claude_with_retry_async';
export const PYTHON_HTTP_RETRY = 'call_claude_http_with_retry';
export const PYTHON_HTTP_RETRY_ASYNC = 'call_claude_http_with_retry_async';

const RETRY_WAIT = `# Retry support for Claude API calls (inserted by Claude API Health; yours to edit).
@dataclass(frozen=True)
class ClaudeRetrySettings:
    """How the call_claude_* helpers retry."""

    max_attempts: int = 8  # attempts in all, the first one included
    deadline_s: float = 300.0  # never start a wait that would end after this (overloads last minutes)
    base_delay_s: float = 1.0  # backoff cap of the first wait; it doubles each attempt
    max_delay_s: float = 60.0  # backoff cap
    max_retry_after_s: float = 90.0  # a longer retry-after is a quota or spend cap, not a blip: give up


class ClaudeRetryGaveUp(Exception):
    """Retrying stopped on a retryable failure.

    last_error is the last API error (and __cause__), or for raw HTTP the last response; status is the last
    HTTP status (None when no response came).
    """

    def __init__(self, message, last_error, attempts, status=None):
        super().__init__(message)
        self.last_error = last_error
        self.attempts = attempts
        self.status = status


def claude_retry_after_s(headers):
    """The wait the API asked for: retry-after-ms, else retry-after in seconds or as an HTTP date."""
    try:
        return float(headers["retry-after-ms"]) / 1000
    except (KeyError, ValueError):
        pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def claude_retry_wait_s(status, headers, attempt, elapsed_s, settings, last_error, overloaded=False):
    """Seconds to wait after failed attempt number attempt, or None when the failure is not worth retrying.

    status is the HTTP status of the failure, None when no response came (a connection error or a timeout:
    retried). Retries 408, 409, 429 and every 5xx (529 overloaded included), any status when overloaded;
    never 400, 401, 403, 404, 413 or 422; the x-should-retry header wins. Raises ClaudeRetryGaveUp when the
    failure is retryable but the attempts, the deadline or the retry-after limit say stop.
    """
    if status is not None:
        should_retry = headers.get("x-should-retry")  # the verdict of the API wins
        if should_retry == "false":
            return None
        retryable = status in (408, 409, 429) or status >= 500 or overloaded
        if not retryable and should_retry != "true":
            return None
    cause = last_error if isinstance(last_error, BaseException) else None
    reason = cause if cause is not None else f"HTTP {status}"
    if attempt >= settings.max_attempts:
        raise ClaudeRetryGaveUp(f"Claude API call failed {attempt} times; giving up: {reason}", last_error, attempt, status) from cause
    delay_s = claude_retry_after_s(headers)
    if delay_s is not None and not 0 <= delay_s < float("inf"):  # nan, negative or infinite: not a wait
        delay_s = None
    if delay_s is not None and delay_s > settings.max_retry_after_s:
        raise ClaudeRetryGaveUp(
            f"Claude API asked to wait {delay_s:g} s (retry-after), more than the {settings.max_retry_after_s:g} s"
            f" limit: a quota or spend cap, not a passing overload; not retrying: {reason}",
            last_error,
            attempt,
            status,
        ) from cause
    if delay_s is None:
        # Full jitter: anywhere from 0 to the exponential cap, so clients that failed together retry apart.
        delay_s = random.uniform(0, min(settings.max_delay_s, settings.base_delay_s * 2 ** (attempt - 1)))
    if elapsed_s + delay_s > settings.deadline_s:
        raise ClaudeRetryGaveUp(
            f"Claude API call still failing after {attempt} attempts and {elapsed_s:.1f} s;"
            f" the {settings.deadline_s:g} s deadline is reached: {reason}",
            last_error,
            attempt,
            status,
        ) from cause
    return delay_s
`;

const SUPPORT = `def claude_is_overloaded(err):
    """529 overloaded_error, also when it arrives as an error event inside a stream after the 200."""
    if not isinstance(err, anthropic.APIStatusError):
        return False
    if err.status_code == 529 or getattr(err, "type", None) == "overloaded_error":
        return True
    return err.status_code == 500 and "overloaded" in str(err).lower()


def claude_retry_delay_s(err, attempt, elapsed_s, settings):
    """Seconds to wait before the next attempt, or None when err is not worth retrying (re-raise it).

    Retries 408, 409, 429, every 5xx (529 overloaded included), an overload mid-stream, and connection
    errors and timeouts; never 400, 401, 403, 404, 413 or 422 (claude_retry_wait_s decides). Raises
    ClaudeRetryGaveUp when err is retryable but the attempts, the deadline or the retry-after limit say stop.
    """
    if isinstance(err, anthropic.APIStatusError):
        return claude_retry_wait_s(err.status_code, err.response.headers, attempt, elapsed_s, settings, err, claude_is_overloaded(err))
    if isinstance(err, anthropic.APIConnectionError):  # no response: network down, or timed out
        return claude_retry_wait_s(None, {}, attempt, elapsed_s, settings, err)
    return None
`;

const RETRY = `def call_claude_with_retry(client, request, settings=ClaudeRetrySettings()):
    """Runs request(retry_client) until it succeeds or retrying must stop (see claude_retry_delay_s).

    retry_client is client with the SDK's own retries off, so attempts do not multiply.
    Usage: call_claude_with_retry(client, lambda retry_client: retry_client.messages.create(...))
    """
    retry_client = client.with_options(max_retries=0)
    started = time.monotonic()
    attempt = 0
    while True:
        attempt += 1
        try:
            return request(retry_client)
        except Exception as err:
            delay_s = claude_retry_delay_s(err, attempt, time.monotonic() - started, settings)
            if delay_s is None:
                raise
            time.sleep(delay_s)
`;

const RETRY_ASYNC = `async def call_claude_with_retry_async(client, request, settings=ClaudeRetrySettings()):
    """Awaits request(retry_client) until it succeeds or retrying must stop (see claude_retry_delay_s).

    retry_client is client with the SDK's own retries off, so attempts do not multiply.
    Usage: await call_claude_with_retry_async(client, lambda retry_client: retry_client.messages.create(...))
    """
    retry_client = client.with_options(max_retries=0)
    started = time.monotonic()
    attempt = 0
    while True:
        attempt += 1
        try:
            return await request(retry_client)
        except Exception as err:
            delay_s = claude_retry_delay_s(err, attempt, time.monotonic() - started, settings)
            if delay_s is None:
                raise
            await asyncio.sleep(delay_s)
`;

/** tenacity counts attempts and sleeps; claude_retry_delay_s decides (it raises to stop, returns None to re-raise). */
const TENACITY_BODY = (asyncVariant: boolean): string => `${asyncVariant ? 'async ' : ''}def call_claude_with_tenacity${asyncVariant ? '_async' : ''}(client, request, settings=ClaudeRetrySettings()):
    """${asyncVariant ? 'Awaits' : 'Runs'} request(retry_client) with tenacity, retrying as claude_retry_delay_s says.

    retry_client is client with the SDK's own retries off, so attempts do not multiply.
    Usage: ${asyncVariant ? 'await ' : ''}call_claude_with_tenacity${asyncVariant ? '_async' : ''}(client, lambda retry_client: retry_client.messages.create(...))
    """
    retry_client = client.with_options(max_retries=0)
    started = time.monotonic()

    def worth_retrying(retry_state):
        err = retry_state.outcome.exception()
        delay_s = None if err is None else claude_retry_delay_s(err, retry_state.attempt_number, time.monotonic() - started, settings)
        retry_state.claude_delay_s = delay_s
        return delay_s is not None

    retrying = tenacity.${asyncVariant ? 'AsyncRetrying' : 'Retrying'}(
        retry=worth_retrying,
        wait=lambda retry_state: retry_state.claude_delay_s,
        stop=tenacity.stop_after_attempt(settings.max_attempts),
        reraise=True,
    )
${asyncVariant ? `
    async def attempt():  # tenacity awaits only coroutine functions, not a lambda returning a coroutine
        return await request(retry_client)

    return await retrying(attempt)` : `    return retrying(request, retry_client)`}
`;

const FALLBACK = (asyncVariant: boolean): string => {
  const suffix = asyncVariant ? '_async' : '';
  const aw = asyncVariant ? 'await ' : '';
  return `${asyncVariant ? 'async ' : ''}def call_claude_with_fallback${suffix}(client, models, request, settings=ClaudeRetrySettings()):
    """Tries request(retry_client, model) with retries on each model in turn; moves on only when one stays overloaded.

    Usage: ${aw}call_claude_with_fallback${suffix}(client, ["claude-opus-5", "claude-sonnet-5-5"],
        lambda retry_client, model: retry_client.messages.create(model=model, ...))
    """
    for index, model in enumerate(models):
        try:
            return ${aw}call_claude_with_retry${suffix}(client, lambda retry_client, model=model: request(retry_client, model), settings)
        except ClaudeRetryGaveUp as gave_up:
            if index == len(models) - 1 or not claude_is_overloaded(gave_up.last_error):
                raise
    raise ValueError("call_claude_with_fallback${suffix} needs at least one model")
`;
};

const STREAM = (asyncVariant: boolean): string => {
  const suffix = asyncVariant ? '_async' : '';
  const aw = asyncVariant ? 'await ' : '';
  return `${asyncVariant ? 'async ' : ''}def stream_claude_with_retry${suffix}(client, models, open_stream, consume):
    """Streams with open_stream(client, model) and reads it with consume(stream), starting again from the beginning
    when the stream is overloaded (an overloaded_error event after the 200 is retried by no SDK): once more on the
    first model, then once on each next model. consume runs again from the start, so it must not keep partial output
    of a failed try: collect the text, then use it.

    Usage: ${aw}stream_claude_with_retry${suffix}(client, ["claude-sonnet-5-5", "claude-haiku-5-5"],
        lambda stream_client, model: stream_client.messages.stream(model=model, ...),
        lambda stream: stream.get_final_message())
    """
    tries = list(models[:1]) + list(models)
    for index, model in enumerate(tries):
        try:
            ${asyncVariant ? 'async ' : ''}with open_stream(client, model) as stream:
                return ${aw}consume(stream)
        except anthropic.APIStatusError as err:
            if index == len(tries) - 1 or not claude_is_overloaded(err):
                raise
    raise ValueError("stream_claude_with_retry${suffix} needs at least one model")
`;
};

/**
 * Raw HTTP (requests, httpx): the request is sent again whole on each attempt, and the response comes back as the
 * library gave it, so the code after the call reads it as before. No SDK needed: only the SDK-free wait block.
 */
const HTTP_RETRY = (asyncVariant: boolean): string => {
  const suffix = asyncVariant ? '_async' : '';
  const aw = asyncVariant ? 'await ' : '';
  return `${asyncVariant ? 'async ' : ''}def call_claude_http_with_retry${suffix}(request, connection_errors=(), settings=ClaudeRetrySettings()):
    """Sends a raw HTTP request to the Claude API until the answer is not a retryable failure or retrying must stop.

    request() sends the whole request again and returns the response (${asyncVariant ? 'httpx.AsyncClient' : 'requests or httpx'}: status_code, headers).
    connection_errors: the HTTP library exceptions that mean no response came, retried too (httpx.TransportError;
    requests.ConnectionError and requests.Timeout). Returns the last response: a success, or a failure not worth
    retrying (400, 401, ...) for the code after the call to handle as before. Raises ClaudeRetryGaveUp (with
    status, and the last response or connection error as last_error) when retrying stops on a retryable failure.
    Usage: response = ${aw}call_claude_http_with_retry${suffix}(lambda: ${asyncVariant ? 'client' : 'httpx'}.post(url, headers=headers, json=body), connection_errors=httpx.TransportError)
    """
    started = time.monotonic()
    attempt = 0
    while True:
        attempt += 1
        try:
            response = ${aw}request()
        except connection_errors as err:  # no response: network down, connection reset, or timed out
            ${aw}${asyncVariant ? 'asyncio' : 'time'}.sleep(claude_retry_wait_s(None, {}, attempt, time.monotonic() - started, settings, err))
            continue
        if response.status_code < 400:
            return response
        delay_s = claude_retry_wait_s(response.status_code, response.headers, attempt, time.monotonic() - started, settings, response)
        if delay_s is None:
            return response
        ${aw}${asyncVariant ? 'asyncio' : 'time'}.sleep(delay_s)
`;
};

const RETRY_WAIT_IMPORTS: ImportNeed[] = [
  { module: 'email.utils' },
  { module: 'random' },
  { module: 'time' },
  { module: 'dataclasses', names: ['dataclass'] },
];

function block(name: string, template: string, style: HelperStyle, requires: string[], imports: ImportNeed[], defines = [name]): HelperSource {
  return { name, defines, requires, imports, text: renderPython(template, style) };
}

/** Shared by every Python helper, SDK or raw HTTP: settings, the give-up error, retry-after, the wait decision by status. */
export function pythonRetryWait(style: HelperStyle): HelperSource {
  return block(PYTHON_RETRY_WAIT, RETRY_WAIT, style, [], RETRY_WAIT_IMPORTS, ['ClaudeRetrySettings', 'ClaudeRetryGaveUp', 'claude_retry_after_s', PYTHON_RETRY_WAIT]);
}

/** Shared by the SDK helpers: which SDK errors are overloads, and the retry decision for an SDK error. */
export function pythonSupport(style: HelperStyle): HelperSource {
  return block(PYTHON_SUPPORT, SUPPORT, style, [PYTHON_RETRY_WAIT], [{ module: 'anthropic' }], ['claude_is_overloaded', PYTHON_SUPPORT]);
}

/** The raw HTTP retry helper (requests, httpx): sync, or async when `style.async` (httpx.AsyncClient). No SDK import. */
export function pythonHttpRetry(style: HelperStyle): HelperSource {
  return style.async
    ? block(PYTHON_HTTP_RETRY_ASYNC, HTTP_RETRY(true), style, [PYTHON_RETRY_WAIT], [{ module: 'asyncio' }, { module: 'time' }])
    : block(PYTHON_HTTP_RETRY, HTTP_RETRY(false), style, [PYTHON_RETRY_WAIT], [{ module: 'time' }]);
}

/** The self-contained retry helper: sync, or async when `style.async`. */
export function pythonRetry(style: HelperStyle): HelperSource {
  return style.async
    ? block(PYTHON_RETRY_ASYNC, RETRY_ASYNC, style, [PYTHON_SUPPORT], [{ module: 'asyncio' }, { module: 'time' }])
    : block(PYTHON_RETRY, RETRY, style, [PYTHON_SUPPORT], [{ module: 'time' }]);
}

/** The retry helper on top of tenacity, for projects that already depend on it. */
export function pythonTenacityRetry(style: HelperStyle): HelperSource {
  return block(style.async ? PYTHON_TENACITY_ASYNC : PYTHON_TENACITY, TENACITY_BODY(style.async), style, [PYTHON_SUPPORT], [
    { module: 'time' },
    { module: 'tenacity' },
  ]);
}

/** Model fallback on overload, after the retries of each model. */
export function pythonFallback(style: HelperStyle): HelperSource {
  const retry = pythonRetry(style);
  return block(style.async ? PYTHON_FALLBACK_ASYNC : PYTHON_FALLBACK, FALLBACK(style.async), style, [PYTHON_SUPPORT, retry.name], []);
}

/** Mid-stream overload: restart the stream once, then fall back model by model. */
export function pythonStream(style: HelperStyle): HelperSource {
  return block(style.async ? PYTHON_STREAM_ASYNC : PYTHON_STREAM, STREAM(style.async), style, [PYTHON_SUPPORT], [{ module: 'anthropic' }]);
}
