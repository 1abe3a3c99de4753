/**
 * claude/retry-without-backoff: a retry mechanism around a Claude call that waits nothing between attempts
 * (error: a tight loop that hammers an overloaded API) or a constant time (warning). Libraries are judged by
 * their real defaults (bare tenacity and cockatiel wait nothing; axios-retry's noDelay waits only for a
 * Retry-After). Pure: no `vscode` import.
 */
import type { Finding, Rule } from '../types';
import type { FileUsage } from '../usage/types';
import { ruleDocsUrl } from './docs';
import { mechanismFinding, retryMechanisms, retries } from './retryShape';
import { tenacityWaitFix } from './retryShapeFixes';

export const retryWithoutBackoffRule: Rule = {
  id: 'claude/retry-without-backoff',
  defaultSeverity: 'error',
  description: 'A retry around a Claude call with no wait between attempts (a tight loop) or a constant wait.',
  fullDescription:
    "A retry decorator, loop or retry library around a Claude call that retries at once (error: a tight loop that sends every attempt into the same overload or rate limit within milliseconds) or after a constant wait (warning: an overload lasts minutes, and clients that all wait the same time retry together). Libraries are judged by their defaults: bare tenacity @retry and cockatiel wait nothing. Wait exponentially longer with random jitter, as the SDK does.",
  docsUrl: ruleDocsUrl('retry-without-backoff'),
  check(usage: FileUsage): Finding[] {
    const findings: Finding[] = [];
    for (const site of retryMechanisms(usage)) {
      const { policy } = site.mechanism;
      if (!retries(policy)) continue;
      const wait = policy.wait.value;
      const byDefault = policy.wait.fromDefault ? ' (the library default)' : '';
      const fix = wait.kind === 'none' || wait.kind === 'constant' ? tenacityWaitFix(usage, site) : undefined;
      const fixes = fix ? [fix] : [];
      if (wait.kind === 'none' && policy.mechanism === 'axios-retry') {
        // noDelay waits for a Retry-After when the response has one, and not at all otherwise (a 529 has none).
        findings.push(mechanismFinding(site, 'claude/retry-without-backoff', 'warning',
          `${site.label} retries with no delay${byDefault}: it waits only when the response carries retry-after, so a 529 overload or 5xx is retried at once. Set retryDelay: axiosRetry.exponentialDelay.`));
      } else if (wait.kind === 'none') {
        findings.push(mechanismFinding(site, 'claude/retry-without-backoff', 'error',
          `${site.label} retries the Claude call with no wait between attempts${byDefault}: a tight loop that sends every attempt into the same 529 overload or 429 rate limit. Wait exponentially longer with random jitter between attempts.`, fixes));
      } else if (wait.kind === 'constant') {
        findings.push(mechanismFinding(site, 'claude/retry-without-backoff', 'warning',
          `${site.label} waits a constant ${formatMs(wait.ms)} between attempts${byDefault}: an overload lasts minutes, and clients that wait the same time retry together. Wait exponentially longer with random jitter instead.`, fixes));
      }
    }
    return findings;
  },
};

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(2))} s` : `${Math.round(ms)} ms`;
}
