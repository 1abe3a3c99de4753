/**
 * STAND-IN for the libraries helper's error-name table (issue 8): the lead replaces this file with theirs
 * at merge. Only the signature is the contract's. Pure: no `vscode` import.
 */

/** What a set of caught / retried exception or error names covers, for Python or JS/TS Claude code. */
export interface ErrorCoverage {
  /** Names (or statuses) in the set that cover a non-retryable failure (400/401/403/404/413/422-class). */
  nonRetryable: string[];
  /** True when the set covers at least one retryable failure (429/529/5xx/408/409/connection errors). */
  coversRetryable: boolean;
  /** True when it is a catch-all (bare except, `except Exception`, `catch (e)` with no test). */
  catchAll: boolean;
}

const catchAllNames = new Set(['', 'Exception', 'BaseException', 'Error']);
const broadNames = new Set(['Exception', 'BaseException', 'Error', 'APIError', 'APIStatusError', 'HTTPError', 'HTTPStatusError']);
const clientErrorNames = new Set(['BadRequestError', 'AuthenticationError', 'PermissionDeniedError', 'NotFoundError', 'RequestTooLargeError', 'ContentTooLargeError', 'UnprocessableEntityError']);

export function errorCoverage(names: string[], _language: 'python' | 'javascript'): ErrorCoverage {
  const last = names.map((name) => name.split('.').pop() ?? name);
  return {
    nonRetryable: names.filter((_, i) => broadNames.has(last[i]) || clientErrorNames.has(last[i])),
    coversRetryable: last.some((name) => !clientErrorNames.has(name)),
    catchAll: names.length === 0 || last.some((name) => catchAllNames.has(name)),
  };
}
