/**
 * claude/ignores-retry-after: a hand-written retry loop that retries 429 or 529 (or everything) and never
 * reads `retry-after` / `retry-after-ms`. Retry libraries are not judged by it (corpus README); reading the
 * header on one branch (the 429) counts as reading it. Pure: no `vscode` import.
 */
import type { Finding, Rule } from '../types';
import { errorCoverage } from '../usage/errorNames';
import type { RetryFilter } from '../usage/retryPolicy';
import type { FileUsage, UsageLanguage } from '../usage/types';
import { ruleDocsUrl } from './docs';
import { mechanismFinding, retryMechanisms } from './retryMechanisms';

export const ignoresRetryAfterRule: Rule = {
  id: 'claude/ignores-retry-after',
  defaultSeverity: 'info',
  description: 'A hand-written retry on 429/529 that never reads the retry-after header.',
  fullDescription:
    "A hand-written retry loop retries rate limits (429) or overloads (529), or every failure, but never reads the response's retry-after / retry-after-ms header, which says how long the API wants you to wait. A wait shorter than that comes back too early and is refused again; one far longer than your limit is a quota, not a blip, and is better given up at once. Read the header on the error (`error.response.headers`), wait at least that long up to a cap, and give up when it asks for more; or let the SDK retry, which honours it.",
  docsUrl: ruleDocsUrl('ignores-retry-after'),
  check(usage: FileUsage): Finding[] {
    const findings: Finding[] = [];
    for (const mechanism of retryMechanisms(usage)) {
      if (mechanism.neverFires) continue;
      const { policy } = mechanism.use;
      if (policy.mechanism !== 'loop' || policy.honoursRetryAfter.value !== false) continue;
      const retried = rateLimitsOrOverloads(policy.retries.value, usage.language);
      if (!retried) continue;
      findings.push(
        mechanismFinding(
          'claude/ignores-retry-after',
          'info',
          mechanism,
          `This retry loop retries ${retried} but never reads the retry-after / retry-after-ms header the API sends with them: it may come back before the API is ready and be refused again. Wait at least what the header asks (up to a cap, and give up on a longer wait: that is a quota), or let the SDK retry, which honours it.`,
        ),
      );
    }
    return findings;
  },
};

/** What of 429/529 a filter retries, in words, or undefined when it retries neither. */
function rateLimitsOrOverloads(filter: RetryFilter, language: UsageLanguage): string | undefined {
  if (filter.kind === 'everything') return 'every failure, 429 and 529 among them,';
  if (filter.kind !== 'named') return undefined;
  const rate = filter.names.some((name) => covers(name, '429', language));
  const overload = filter.names.some((name) => covers(name, '529', language));
  if (rate && overload) return '429 rate limits and 529 overloads';
  return rate ? '429 rate limits' : overload ? '529 overloads' : undefined;
}

/** Does a caught name or status cover this status? */
function covers(written: string, status: '429' | '529', language: UsageLanguage): boolean {
  const name = written.replace(/^['"`]|['"`]$/g, '');
  if (name === status || name === `${status[0]}xx`) return true;
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (status === '429' && last === 'RateLimitError') return true;
  // A 529 raises OverloadedError; in TS/JS OverloadedError extends InternalServerError (not in Python).
  if (status === '529' && (last === 'OverloadedError' || (language === 'javascript' && last === 'InternalServerError'))) return true;
  // Base classes and HTTP errors that cover both kinds of failure (APIStatusError, APIError, Exception, HTTPError).
  const coverage = errorCoverage([name], language);
  return coverage.nonRetryable.length > 0 && coverage.coversRetryable;
}
