/**
 * claude/retries-non-retryable: a retry mechanism that retries every failure, or names classes that cover
 * the 400/401/403/404/413 errors a retry cannot fix (`APIStatusError`, `APIError`, `Exception`) with no
 * status test that re-raises them. The SDK's own retries are never this (they retry 408/409/429/5xx/529
 * and connection errors only). Pure: no `vscode` import.
 */
import type { Finding, Rule } from '../types';
import type { FileUsage } from '../usage/types';
import { ruleDocsUrl } from './docs';
import { mechanismFinding, mechanismLabel, retryMechanisms } from './retryMechanisms';

export const retriesNonRetryableRule: Rule = {
  id: 'claude/retries-non-retryable',
  defaultSeverity: 'warning',
  description: 'A retry that retries every failure, or 400/401/403/404/413-class errors that fail the same way every time.',
  fullDescription:
    "The retry decorator, loop or library call retries every exception (bare tenacity @retry, `except Exception`, a bare except or catch, p-retry / async-retry / exponential-backoff with no filter, cockatiel handleAll, retrying's default), or names classes such as APIStatusError, APIError or Exception that cover invalid requests (400), a wrong key (401), no permission (403), an unknown model (404) and a request too large (413), with no status test that re-raises them. Those fail identically on every attempt: the retry only delays the error and spends the attempts. Retry only 408/409/429/5xx/529 and connection errors (RateLimitError, InternalServerError, OverloadedError, APIConnectionError), or test the status and re-raise the rest.",
  docsUrl: ruleDocsUrl('retries-non-retryable'),
  check(usage: FileUsage): Finding[] {
    const findings: Finding[] = [];
    for (const mechanism of retryMechanisms(usage)) {
      if (mechanism.neverFires) continue; // claude/retry-swallowed speaks for it
      const { policy } = mechanism.use;
      if (policy.mechanism === 'sdk' || policy.mechanism === 'framework') continue;
      const filter = policy.retries.value;
      let what: string;
      if (filter.kind === 'everything') what = policy.retries.fromDefault ? `every failure (${policy.mechanism}'s default when nothing filters)` : 'every failure';
      else if (filter.kind === 'named' && filter.includesNonRetryable.length > 0) what = `${filter.includesNonRetryable.map((name) => `\`${name}\``).join(', ')}, which ${filter.includesNonRetryable.length === 1 ? 'covers' : 'cover'} more than the failures worth retrying`;
      else continue;
      const label = mechanismLabel(mechanism.use);
      findings.push(
        mechanismFinding(
          'claude/retries-non-retryable',
          'warning',
          mechanism,
          `${label.charAt(0).toUpperCase()}${label.slice(1)} retries ${what}: a 400 invalid request, 401 wrong key, 403, 404 unknown model or 413 too large fails the same way on every attempt, so the retry only delays the error. Retry only 408/409/429/5xx/529 and connection errors, or test the status and re-raise the rest.`,
        ),
      );
    }
    return findings;
  },
};
