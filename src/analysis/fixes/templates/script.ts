/**
 * TypeScript and JavaScript helper blocks the retry quick fixes insert (and the snippets offer). Pure.
 * All async. Call shapes the edit builder must produce (`client.messages.create(PARAMS)` as written;
 * OPTIONS = the call's own second argument when it has one):
 *   client.messages.create(PARAMS)
 *     -> callClaudeWithRetry((options) => client.messages.create(PARAMS, options))
 *   client.messages.create(PARAMS, OPTIONS)
 *     -> callClaudeWithRetry((options) => client.messages.create(PARAMS, { ...OPTIONS, ...options }))
 *   p-retry projects: callClaudeWithPRetry(...), same argument.
 *   fallback: callClaudeWithFallback([MODEL, FALLBACK...], (model, options) => client.messages.create({ ...PARAMS, model }, options))
 *   stream:   streamClaudeWithRetry([MODEL, FALLBACK...], (model) => client.messages.stream({ ...PARAMS, model }),
 *               (stream) => stream.finalMessage())
 *   raw HTTP: fetch(URL, INIT) -> fetchClaudeWithRetry(() => fetch(URL, INIT))
 * The wrapped call is awaited where the original was (`await callClaudeWithRetry(...)`). Every helper takes an
 * optional last argument `settings` ({ maxAttempts, deadlineMs, baseDelayMs, maxDelayMs, maxRetryAfterMs }).
 * The SDK helpers build on the support block (claudeRetryDelayMs: SDK errors), which builds on the SDK-free wait
 * block (claudeRetryWaitMs: statuses, retry-after, jitter, attempts, deadline) that fetchClaudeWithRetry uses alone.
 */
import { renderScript } from './render';
import type { HelperSource, HelperStyle, ImportNeed } from './types';

export const SCRIPT_RETRY_WAIT = 'claudeRetryWaitMs';
export const SCRIPT_SUPPORT = 'claudeRetryDelayMs';
export const SCRIPT_RETRY = 'callClaudeWithRetry';
export const SCRIPT_PRETRY = 'callClaudeWithPRetry';
export const SCRIPT_FALLBACK = 'callClaudeWithFallback';
export const SCRIPT_STREAM = 'streamClaudeWithRetry';
export const SCRIPT_FETCH_RETRY = 'fetchClaudeWithRetry';

const RETRY_WAIT = `// Retry support for Claude API calls (inserted by Claude API Health; yours to edit).
«interface ClaudeRetrySettings {
  /** Attempts in all, the first one included. */
  maxAttempts?: number;
  /** Never start a wait that would end after this (overloads last minutes). */
  deadlineMs?: number;
  /** Backoff cap of the first wait; it doubles each attempt. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A longer retry-after is a quota or spend cap, not a blip: give up. */
  maxRetryAfterMs?: number;
}

»const CLAUDE_RETRY_DEFAULTS = { maxAttempts: 8, deadlineMs: 300_000, baseDelayMs: 1_000, maxDelayMs: 60_000, maxRetryAfterMs: 90_000 };

/**
 * Retrying stopped on a retryable failure: lastError is the last API error or, for raw HTTP, the last response;
 * status is the last HTTP status (undefined when no response came).
 */
class ClaudeRetryGaveUpError extends Error {
  «readonly lastError: unknown;
  readonly attempts: number;
  readonly status: number | undefined;

  »constructor(message«: string», lastError«: unknown», attempts«: number», status«?: number») {
    super(message);
    this.name = "ClaudeRetryGaveUpError";
    this.lastError = lastError;
    this.attempts = attempts;
    this.status = status;
  }
}

/** The wait the API asked for, in ms: retry-after-ms, else retry-after in seconds or as an HTTP date. */
function claudeRetryAfterMs(headers«: Headers | undefined»)«: number | undefined» {
  const ms = Number(headers?.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms)) {
    return Math.max(0, ms);
  }
  const value = headers?.get("retry-after");
  if (value === undefined || value === null || value === "") {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Ms to wait after failed attempt number attempt, or undefined when the failure is not worth retrying.
 * failure.status is its HTTP status, undefined when no response came (a connection error or a timeout: retried).
 * Retries 408, 409, 429 and every 5xx (529 overloaded included), any status when failure.overloaded; never 400,
 * 401, 403, 404, 413 or 422; the x-should-retry header wins. Throws ClaudeRetryGaveUpError when the failure is
 * retryable but the attempts, the deadline or the retry-after limit say stop.
 */
function claudeRetryWaitMs(failure«: { status?: number; headers?: Headers; overloaded?: boolean; lastError: unknown }», attempt«: number», elapsedMs«: number», settings«: ClaudeRetrySettings» = {})«: number | undefined» {
  const limits = { ...CLAUDE_RETRY_DEFAULTS, ...settings };
  const { status, headers, lastError } = failure;
  if (status !== undefined) {
    const shouldRetry = headers?.get("x-should-retry"); // the verdict of the API wins
    if (shouldRetry === "false") {
      return undefined;
    }
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500 || failure.overloaded === true;
    if (!retryable && shouldRetry !== "true") {
      return undefined;
    }
  }
  const reason = lastError instanceof Error ? lastError.message : \`HTTP \${status}\`;
  if (attempt >= limits.maxAttempts) {
    throw new ClaudeRetryGaveUpError(\`Claude API call failed \${attempt} times; giving up: \${reason}\`, lastError, attempt, status);
  }
  let delayMs = claudeRetryAfterMs(headers);
  if (delayMs !== undefined && delayMs > limits.maxRetryAfterMs) {
    throw new ClaudeRetryGaveUpError(
      \`Claude API asked to wait \${Math.round(delayMs / 1000)} s (retry-after), more than the \${Math.round(limits.maxRetryAfterMs / 1000)} s limit: \` +
        \`a quota or spend cap, not a passing overload; not retrying: \${reason}\`,
      lastError,
      attempt,
      status,
    );
  }
  // Full jitter: anywhere from 0 to the exponential cap, so clients that failed together retry apart.
  delayMs ??= Math.random() * Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (attempt - 1));
  if (elapsedMs + delayMs > limits.deadlineMs) {
    throw new ClaudeRetryGaveUpError(
      \`Claude API call still failing after \${attempt} attempts and \${Math.round(elapsedMs)} ms; the \${limits.deadlineMs} ms deadline is reached: \${reason}\`,
      lastError,
      attempt,
      status,
    );
  }
  return delayMs;
}
`;

const SUPPORT = `/** 529 overloaded_error, also when it arrives as an error event inside a stream after the 200 (no status then). */
function isClaudeOverloaded(error«: unknown»)«: boolean» {
  if (!(error instanceof APIError) || error instanceof APIConnectionError) {
    return false;
  }
  return error.status === 529 || error.type === "overloaded_error" || (error.status === 500 && /overloaded/i.test(error.message));
}

/**
 * Ms to wait before the next attempt, or undefined when error is not worth retrying (rethrow it).
 * Retries 408, 409, 429, every 5xx (529 overloaded included), an overload mid-stream, and connection errors and
 * timeouts; never 400, 401, 403, 404, 413 or 422, nor a request you aborted (claudeRetryWaitMs decides). Throws
 * ClaudeRetryGaveUpError when error is retryable but the attempts, the deadline or the retry-after limit say stop.
 */
function claudeRetryDelayMs(error«: unknown», attempt«: number», elapsedMs«: number», settings«: ClaudeRetrySettings» = {})«: number | undefined» {
  if (error instanceof APIUserAbortError || !(error instanceof APIError)) {
    return undefined;
  }
  if (error instanceof APIConnectionError) {
    return claudeRetryWaitMs({ lastError: error }, attempt, elapsedMs, settings); // no response: network down, or timed out
  }
  const overloaded = isClaudeOverloaded(error);
  if (error.status === undefined && !overloaded) {
    return undefined; // an error event mid-stream that is not an overload
  }
  return claudeRetryWaitMs({ status: error.status, headers: error.headers, overloaded, lastError: error }, attempt, elapsedMs, settings);
}
`;

const RETRY = `/**
 * Runs request until it succeeds or retrying must stop (see claudeRetryDelayMs). Pass the options it gives you
 * to the SDK call: they switch the SDK own retries off, so attempts do not multiply.
 * Usage: await callClaudeWithRetry((options) => client.messages.create({ ... }, options))
 */
async function callClaudeWithRetry«<T>»(request«: (options: { maxRetries: number }) => Promise<T>», settings«: ClaudeRetrySettings» = {})«: Promise<T>» {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await request({ maxRetries: 0 });
    } catch (error) {
      const delayMs = claudeRetryDelayMs(error, attempt, Date.now() - started, settings);
      if (delayMs === undefined) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
`;

const PRETRY = `/**
 * Runs request with p-retry until it succeeds or retrying must stop: p-retry counts the attempts,
 * claudeRetryDelayMs decides and sets the wait. Pass the options it gives you to the SDK call: they switch the
 * SDK own retries off, so attempts do not multiply.
 * Usage: await callClaudeWithPRetry((options) => client.messages.create({ ... }, options))
 */
async function callClaudeWithPRetry«<T>»(request«: (options: { maxRetries: number }) => Promise<T>», settings«: ClaudeRetrySettings» = {})«: Promise<T>» {
  const limits = { ...CLAUDE_RETRY_DEFAULTS, ...settings };
  const started = Date.now();
  return pRetry(() => request({ maxRetries: 0 }), {
    retries: limits.maxAttempts - 1,
    minTimeout: 0, // p-retry itself waits nothing: onFailedAttempt waits what claudeRetryDelayMs says
    maxTimeout: 0,
    onFailedAttempt: async ({ error, attemptNumber }) => {
      const delayMs = claudeRetryDelayMs(error, attemptNumber, Date.now() - started, limits);
      if (delayMs === undefined) {
        throw error; // not worth retrying: p-retry rejects with it
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    },
  });
}
`;

const FALLBACK = `/**
 * Tries request(model, options) with retries on each model in turn; moves on only when one stays overloaded.
 * Usage: await callClaudeWithFallback(["claude-opus-5", "claude-sonnet-5-5"], (model, options) => client.messages.create({ ...params, model }, options))
 */
async function callClaudeWithFallback«<T>»(models«: readonly string[]», request«: (model: string, options: { maxRetries: number }) => Promise<T>», settings«: ClaudeRetrySettings» = {})«: Promise<T>» {
  for (const [index, model] of models.entries()) {
    try {
      return await callClaudeWithRetry((options) => request(model, options), settings);
    } catch (error) {
      const lastError = error instanceof ClaudeRetryGaveUpError ? error.lastError : undefined;
      if (index === models.length - 1 || !isClaudeOverloaded(lastError)) {
        throw error;
      }
    }
  }
  throw new Error("callClaudeWithFallback needs at least one model");
}
`;

const STREAM = `/**
 * Streams with openStream(model) and reads it with consume(stream), starting again from the beginning when the
 * stream is overloaded (an overloaded_error event after the 200 is retried by no SDK): once more on the first
 * model, then once on each next model. consume runs again from the start, so it must not keep partial output of
 * a failed try: collect the text, then use it.
 * Usage: await streamClaudeWithRetry(["claude-sonnet-5-5", "claude-haiku-5-5"], (model) => client.messages.stream({ ...params, model }), (stream) => stream.finalMessage())
 */
async function streamClaudeWithRetry«<S extends { abort(): void }, T>»(models«: readonly string[]», openStream«: (model: string) => S», consume«: (stream: S) => Promise<T>»)«: Promise<T>» {
  const tries = [...models.slice(0, 1), ...models];
  for (const [index, model] of tries.entries()) {
    const stream = openStream(model);
    try {
      return await consume(stream);
    } catch (error) {
      stream.abort(); // stop reading the failed stream before starting again
      if (index === tries.length - 1 || !isClaudeOverloaded(error)) {
        throw error;
      }
    }
  }
  throw new Error("streamClaudeWithRetry needs at least one model");
}
`;

const FETCH_RETRY = `/**
 * fetch rejects with a TypeError when no response came; Node carries the socket error as its cause. A bad URL or
 * header is a TypeError too, with a TypeError cause or none: not retried. A timeout signal is retried, an abort not.
 */
function isFetchConnectionError(error«: unknown»)«: boolean» {
  if (error instanceof Error && error.name === "TimeoutError") {
    return true;
  }
  return error instanceof TypeError && "cause" in error && error.cause instanceof Error && !(error.cause instanceof TypeError);
}

/**
 * Sends a raw HTTP request to the Claude API with fetch until the answer is not a retryable failure or retrying
 * must stop (see claudeRetryWaitMs); connection errors are retried too. request must send the whole request again
 * each time. Returns the last response: a success, or a failure not worth retrying (400, 401, ...) for the code
 * after the call to read as before. Throws ClaudeRetryGaveUpError (with status, and the last response or
 * connection error as lastError) when retrying stops on a retryable failure.
 * Usage: const response = await fetchClaudeWithRetry(() => fetch(url, { method: "POST", headers, body }))
 */
async function fetchClaudeWithRetry(request«: () => Promise<Response>», settings«: ClaudeRetrySettings» = {})«: Promise<Response>» {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    let response«: Response»;
    try {
      response = await request();
    } catch (error) {
      if (!isFetchConnectionError(error)) {
        throw error;
      }
      const delayMs = claudeRetryWaitMs({ lastError: error }, attempt, Date.now() - started, settings);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      continue;
    }
    const delayMs = response.status < 400 ? undefined : claudeRetryWaitMs({ status: response.status, headers: response.headers, lastError: response }, attempt, Date.now() - started, settings);
    if (delayMs === undefined) {
      return response;
    }
    // The failed answer is not read: free its connection before the next attempt.
    await response.body?.cancel().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
`;

const SDK_ERRORS: ImportNeed = { module: '@anthropic-ai/sdk', names: ['APIConnectionError', 'APIError', 'APIUserAbortError'] };

type ScriptLanguage = 'typescript' | 'javascript';

function block(name: string, template: string, style: HelperStyle, language: ScriptLanguage, requires: string[], imports: ImportNeed[], defines = [name]): HelperSource {
  return { name, defines, requires, imports, text: renderScript(template, style, language) };
}

/** Shared by every TS/JS helper, SDK or fetch: settings, the give-up error, retry-after, the wait decision by status. */
export function scriptRetryWait(style: HelperStyle, language: ScriptLanguage): HelperSource {
  const defines = ['CLAUDE_RETRY_DEFAULTS', 'ClaudeRetryGaveUpError', 'claudeRetryAfterMs', SCRIPT_RETRY_WAIT];
  if (language === 'typescript') defines.unshift('ClaudeRetrySettings');
  return block(SCRIPT_RETRY_WAIT, RETRY_WAIT, style, language, [], [], defines);
}

/** Shared by the SDK helpers: which SDK errors are overloads, and the retry decision for an SDK error. */
export function scriptSupport(style: HelperStyle, language: ScriptLanguage): HelperSource {
  return block(SCRIPT_SUPPORT, SUPPORT, style, language, [SCRIPT_RETRY_WAIT], [SDK_ERRORS], ['isClaudeOverloaded', SCRIPT_SUPPORT]);
}

/** The raw HTTP retry helper for fetch. No SDK import. */
export function scriptFetchRetry(style: HelperStyle, language: ScriptLanguage): HelperSource {
  return block(SCRIPT_FETCH_RETRY, FETCH_RETRY, style, language, [SCRIPT_RETRY_WAIT], [], ['isFetchConnectionError', SCRIPT_FETCH_RETRY]);
}

export function scriptRetry(style: HelperStyle, language: ScriptLanguage): HelperSource {
  return block(SCRIPT_RETRY, RETRY, style, language, [SCRIPT_SUPPORT], []);
}

/** The retry helper on top of p-retry, for projects that already depend on it. */
export function scriptPRetry(style: HelperStyle, language: ScriptLanguage): HelperSource {
  return block(SCRIPT_PRETRY, PRETRY, style, language, [SCRIPT_SUPPORT], [{ module: 'p-retry', defaultName: 'pRetry' }]);
}

export function scriptFallback(style: HelperStyle, language: ScriptLanguage): HelperSource {
  return block(SCRIPT_FALLBACK, FALLBACK, style, language, [SCRIPT_SUPPORT, SCRIPT_RETRY], []);
}

export function scriptStream(style: HelperStyle, language: ScriptLanguage): HelperSource {
  return block(SCRIPT_STREAM, STREAM, style, language, [SCRIPT_SUPPORT], []);
}
