/**
 * claude/unbounded-retry: a retry around a Claude call with no attempt cap and no deadline (bare tenacity,
 * `while True` with no counter, backoff without max_tries/max_time, cockatiel without maxAttempts, p-retry
 * `retries: Infinity`). A cap the code sets from a variable is a cap. Pure: no `vscode` import.
 */
import type { Finding, Rule } from '../types';
import type { FileUsage } from '../usage/types';
import { ruleDocsUrl } from './docs';
import { mechanismFinding, retryMechanisms, retries } from './retryShape';
import { backoffMaxTriesFix, tenacityStopFix } from './retryShapeFixes';

export const unboundedRetryRule: Rule = {
  id: 'claude/unbounded-retry',
  defaultSeverity: 'warning',
  description: 'A retry around a Claude call with no attempt cap and no deadline: it can retry forever.',
  fullDescription:
    'A retry decorator, loop or retry library around a Claude call that never gives up: no attempt cap and no overall deadline. A spend-cap 429 keeps failing, a revoked key or a long outage never ends, and the caller hangs while the retries keep sending requests. Bare tenacity @retry, backoff without max_tries/max_time and cockatiel without maxAttempts retry forever by default. Cap the attempts and set a deadline.',
  docsUrl: ruleDocsUrl('unbounded-retry'),
  check(usage: FileUsage): Finding[] {
    const findings: Finding[] = [];
    for (const site of retryMechanisms(usage)) {
      const { policy } = site.mechanism;
      if (!retries(policy) || policy.maxAttempts.value !== null || policy.deadlineMs.value !== null) continue;
      const byDefault = policy.maxAttempts.fromDefault && policy.deadlineMs.fromDefault ? ' (the library default)' : '';
      findings.push(mechanismFinding(site, 'claude/unbounded-retry', 'warning',
        `${site.label} has no attempt cap and no deadline${byDefault}: it retries forever. A spend-cap 429 or a long outage never ends, and the caller hangs while requests keep going out. Cap the attempts and set a deadline.`, fixesOf(tenacityStopFix(usage, site) ?? backoffMaxTriesFix(site))));
    }
    return findings;
  },
};

const fixesOf = <T>(fix: T | undefined): T[] => (fix ? [fix] : []);
