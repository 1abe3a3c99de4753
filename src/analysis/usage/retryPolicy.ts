// src/analysis/usage/retryPolicy.ts

/** Which mechanism retries a Claude call. */
export type RetryMechanism =
  | 'sdk'            // the official SDK's own retries (client max_retries / maxRetries, with_options, per-request options)
  | 'framework'      // LangChain ChatAnthropic max_retries, Vercel AI SDK maxRetries
  | 'tenacity' | 'backoff' | 'retrying' | 'stamina'                                   // Python libraries
  | 'p-retry' | 'async-retry' | 'cockatiel' | 'axios-retry' | 'exponential-backoff'  // JS/TS libraries
  | 'loop';          // a hand-written for/while loop around the call with try/except or try/catch

/** A value the code sets, or the library's default when it sets nothing (`fromDefault: true`). */
export interface Setting<T> {
  value: T;
  fromDefault: boolean;
}

/** How long the mechanism waits between attempts. `unknown`: written in a way we cannot read (a variable, a custom function). */
export type WaitShape =
  | { kind: 'none' }
  | { kind: 'constant'; ms: number }
  | { kind: 'exponential'; initialMs: number; maxMs: number | null }
  | { kind: 'custom' }      // a wait function / strategy we do not model: assume it waits
  | { kind: 'unknown' };

/** Which failures are retried. */
export type RetryFilter =
  | { kind: 'everything' }                                  // every exception / error (bare tenacity, p-retry, `except Exception`)
  | { kind: 'named'; names: string[]; includesNonRetryable: string[] }
      // exception/error class names or HTTP statuses as written (e.g. ['RateLimitError', 'APIStatusError'], ['429','529']);
      // includesNonRetryable: those of them that cover 400/401/403/404/413-class failures
      // (e.g. 'APIStatusError', 'APIError', 'Exception', 'BadRequestError', '401', 'HTTPError')
  | { kind: 'predicate' }                                   // a custom predicate we do not read: assume it filters
  | { kind: 'unknown' };

/** A retry mechanism around (or inside) one Claude call, normalised. */
export interface RetryPolicy {
  mechanism: RetryMechanism;
  /** Total attempts including the first; null = no cap (forever). */
  maxAttempts: Setting<number | null>;
  /** Overall time limit in ms; null = none. */
  deadlineMs: Setting<number | null>;
  wait: Setting<WaitShape>;
  /** Randomness in the wait; 'unknown' where the wait is custom/unknown. */
  jitter: Setting<boolean | 'unknown'>;
  retries: Setting<RetryFilter>;
  /** Reads `retry-after` / `retry-after-ms` (the SDK does; tenacity with a custom wait may). */
  honoursRetryAfter: Setting<boolean | 'unknown'>;
  /** On exhaustion: re-raises the last error, raises a wrapper (RetryError), or swallows (returns None/undefined). */
  onExhaustion: Setting<'reraise' | 'wrapperError' | 'swallow' | 'unknown'>;
  /** Retries a POST? (axios-retry does not by default: every Messages call is a POST). */
  retriesPost: Setting<boolean>;
}

/** A library call's arguments as the usage walk saw them: positional and keyword/property arguments. */
export interface LibraryCallArguments {
  /** e.g. 'tenacity.retry', 'retry', 'backoff.on_exception', 'pRetry', 'axiosRetry', 'retry' (cockatiel), 'backOff' */
  callee: string;
  /** The import the callee resolves to, e.g. { module: 'tenacity', name: 'retry' }; undefined when not imported. */
  imported?: { module: string; name: string };
  positional: ArgumentValue[];
  named: Record<string, ArgumentValue>;   // Python kwargs, or the properties of a JS options object
}

/** An argument, read as far as a simple walk can. */
export type ArgumentValue =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'none' }                                   // None / null / undefined
  | { kind: 'call'; callee: string; positional: ArgumentValue[]; named: Record<string, ArgumentValue> }
        // e.g. stop_after_attempt(5), wait_exponential(multiplier=1, max=60), wait_random(0, 1), retry_if_exception_type((A, B))
  | { kind: 'binary'; operator: string; left: ArgumentValue; right: ArgumentValue }   // wait_a() + wait_b(), stop_a | stop_b
  | { kind: 'name'; name: string }                     // an identifier or dotted name: backoff.expo, anthropic.RateLimitError
  | { kind: 'tuple'; items: ArgumentValue[] }          // (A, B) or [A, B]
  | { kind: 'function' }                               // a lambda / arrow / function expression
  | { kind: 'unknown'; text: string };
