/**
 * claude/no-retry: a raw HTTP call to the Claude API, or a framework call with its retries set to 0, with
 * nothing around it that retries. A plain SDK call is not this rule's (the SDK retries twice by itself;
 * a 0 there is claude/retries-disabled). Pure: no `vscode` import.
 */
import { wrapInRetryFix } from '../fixes/retryFixes';
import type { Finding, Rule, RuleContext } from '../types';
import type { ClaudeCall, FileUsage, RetryMechanismUse } from '../usage/types';
import { callFinding } from './callFinding';
import { ruleDocsUrl } from './docs';

/** True when the mechanism really retries this call: axios-retry at its defaults never retries a POST, and a cap of one attempt is none. */
export function retriesTheCall(use: RetryMechanismUse): boolean {
  if (use.policy.retriesPost.value === false) return false;
  const attempts = use.policy.maxAttempts.value;
  return !(typeof attempts === 'number' && attempts <= 1);
}

/** Why the call has no retry of its own, or undefined when it has one (SDK, framework defaults). */
function withoutOwnRetries(call: ClaudeCall, language: FileUsage['language']): string | undefined {
  if (call.kind === 'rawHttp') return `raw HTTP (${call.method}) has no retries of its own`;
  const zero = call.frameworkMaxRetries.kind === 'value' && call.frameworkMaxRetries.value === 0;
  if (!zero) return undefined;
  const key = call.kind === 'vercel' || language === 'javascript' ? 'maxRetries' : 'max_retries';
  if (call.kind === 'langchain') return `ChatAnthropic has ${key}=0`;
  if (call.kind === 'vercel') return `${call.method} has maxRetries: 0`;
  return undefined;
}

export const noRetryRule: Rule = {
  id: 'claude/no-retry',
  defaultSeverity: 'warning',
  description: 'A raw HTTP call to the Claude API, or a LangChain / Vercel AI SDK call with retries set to 0, with nothing around it that retries.',
  fullDescription:
    "Raw HTTP (requests, httpx, aiohttp, urllib, fetch, axios, got, node-fetch) has no retries of its own, and LangChain's ChatAnthropic or the Vercel AI SDK with max_retries / maxRetries set to 0 have none left. With no retry decorator, loop or retry library around the call (here or around a helper that makes it), one 429 rate limit, 529 overload, 5xx or dropped connection fails the request. axios-retry and got at their defaults never retry a POST, so they do not count. A plain SDK call is not flagged: the SDK retries twice with backoff and jitter. The fix wraps the call in a retry with exponential backoff, full jitter, a cap, a deadline and retry-after.",
  docsUrl: ruleDocsUrl('no-retry'),
  check(usage: FileUsage, context: RuleContext): Finding[] {
    const findings: Finding[] = [];
    for (const call of usage.calls) {
      const reason = withoutOwnRetries(call, usage.language);
      if (!reason || call.retryContext.some(retriesTheCall)) continue;
      const postOnly = call.retryContext.find((use) => use.policy.retriesPost.value === false);
      const fix = wrapInRetryFix(usage, call, context);
      findings.push(callFinding('claude/no-retry', 'warning', call, `Nothing retries this Claude call: ${reason}${postOnly ? `, and ${postOnly.policy.mechanism} at its defaults never retries a POST` : ''}. One 429 rate limit, 529 overload or dropped connection fails it. Wrap it in a retry with exponential backoff, jitter, a cap and retry-after.`, [fix]));
    }
    return findings;
  },
};
