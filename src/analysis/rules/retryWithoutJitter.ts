/**
 * claude/retry-without-jitter: exponential backoff with no randomness (or a random part that is a small
 * fraction of the wait, the seeds' 10 %): clients that failed together retry together. Info. Frameworks' own
 * retries (the Vercel AI SDK has no jitter) are not mechanisms around the call, so they are not judged.
 * Pure: no `vscode` import.
 */
import type { Finding, Rule } from '../types';
import type { FileUsage } from '../usage/types';
import { ruleDocsUrl } from './docs';
import { mechanismFinding, retryMechanisms, retries } from './retryShape';
import { tenacityJitterFix } from './retryShapeFixes';

export const retryWithoutJitterRule: Rule = {
  id: 'claude/retry-without-jitter',
  defaultSeverity: 'info',
  description: 'Exponential backoff around a Claude call with no randomness in the wait: clients retry in lockstep.',
  fullDescription:
    'A retry around a Claude call whose wait grows exponentially but has no random part (wait_exponential, 2 ** attempt, p-retry and exponential-backoff at their defaults), or a random part that is only a small fraction of the wait (the seed articles\' 10 %). Every client that failed in the same overload then retries at the same moments and meets the next overload together. Use full jitter: a random wait between 0 and the exponential bound (wait_random_exponential, randomize: true, jitter: "full").',
  docsUrl: ruleDocsUrl('retry-without-jitter'),
  check(usage: FileUsage): Finding[] {
    const findings: Finding[] = [];
    for (const site of retryMechanisms(usage)) {
      const { policy, loop } = site.mechanism;
      if (!retries(policy) || policy.wait.value.kind !== 'exponential' || policy.jitter.value !== false) continue;
      const why = loop?.smallJitter
        ? 'its random part is a small fraction of the wait, so clients that failed together still retry almost together'
        : `it has no randomness${policy.jitter.fromDefault ? ' (the library default)' : ''}, so clients that failed together retry together`;
      findings.push(mechanismFinding(site, 'claude/retry-without-jitter', 'info',
        `${site.label} backs off exponentially, but ${why} and meet the next overload at once. Use full jitter: a random wait between 0 and the exponential bound.`, fixesOf(tenacityJitterFix(usage, site))));
    }
    return findings;
  },
};

const fixesOf = <T>(fix: T | undefined): T[] => (fix ? [fix] : []);
