/**
 * STAND-IN for the libraries helper's reader (issue 8): the lead replaces this file with theirs at merge.
 * Only the signatures are the contract's; the reading here is deliberately minimal (defaults of "unknown").
 * Pure: no `vscode` import.
 */
import type { LibraryCallArguments, RetryMechanism, RetryPolicy, Setting } from './retryPolicy';

const given = <T>(value: T): Setting<T> => ({ value, fromDefault: false });
const byDefault = <T>(value: T): Setting<T> => ({ value, fromDefault: true });

const libraryByModule: Record<string, RetryMechanism> = {
  tenacity: 'tenacity',
  backoff: 'backoff',
  retrying: 'retrying',
  stamina: 'stamina',
  'p-retry': 'p-retry',
  'async-retry': 'async-retry',
  cockatiel: 'cockatiel',
  'axios-retry': 'axios-retry',
  'exponential-backoff': 'exponential-backoff',
};

/** Which mechanism a callee is, from its import (module + name), or undefined when it is none we know. */
export function retryLibraryOf(args: Pick<LibraryCallArguments, 'callee' | 'imported'>, _language: 'python' | 'javascript'): RetryMechanism | undefined {
  const module = args.imported?.module ?? args.callee.split('.')[0];
  return libraryByModule[module];
}

/** The policy a library call sets up, with the library's real defaults for what it leaves out. Never throws. */
export function readLibraryRetry(mechanism: RetryMechanism, _args: LibraryCallArguments): RetryPolicy {
  return {
    mechanism,
    maxAttempts: byDefault(null),
    deadlineMs: byDefault(null),
    wait: byDefault({ kind: 'unknown' }),
    jitter: byDefault('unknown'),
    retries: byDefault({ kind: 'unknown' }),
    honoursRetryAfter: byDefault('unknown'),
    onExhaustion: byDefault('unknown'),
    retriesPost: byDefault(true),
  };
}

/** The SDK's own retries: `max_retries`/`maxRetries` as set (undefined = the default of 2 retries). */
export function sdkRetryPolicy(maxRetries: number | undefined | 'unknown'): RetryPolicy {
  const attempts: Setting<number | null> = maxRetries === undefined ? byDefault(3) : maxRetries === 'unknown' ? given(null) : given(maxRetries + 1);
  return {
    mechanism: 'sdk',
    maxAttempts: attempts,
    deadlineMs: byDefault(null),
    wait: byDefault({ kind: 'exponential', initialMs: 500, maxMs: 8000 }),
    jitter: byDefault(true),
    retries: byDefault({ kind: 'named', names: ['408', '409', '429', '5xx', 'connection'], includesNonRetryable: [] }),
    honoursRetryAfter: byDefault(true),
    onExhaustion: byDefault('reraise'),
    retriesPost: byDefault(true),
  };
}
