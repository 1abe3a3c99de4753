/**
 * claude/no-retry: a raw HTTP call to the Claude API, or a framework call with its retries set to 0, with
 * nothing around it that retries. A plain SDK call is not this rule's (the SDK retries twice by itself;
 * a 0 there is claude/retries-disabled). Pure: no `vscode` import.
 */
import { wrapInRetryFix } from '../fixes/retryFixes';
import type { Finding, Fix, Rule, RuleContext } from '../types';
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

/**
 * The framework's own default retries (docs/rules/README.md, read from their code): LangChain Python passes
 * max_retries=2 to the SDK, LangChain JS retries maxRetries: 6 itself, the Vercel AI SDK maxRetries: 2.
 */
function frameworkDefaultRetries(call: ClaudeCall, language: FileUsage['language']): number | undefined {
  if (call.kind === 'vercel') return 2;
  if (call.kind === 'langchain') return language === 'python' ? 2 : 6;
  return undefined;
}

/** The framework's default put back where the 0 is written (the construction, or the call's options), as advice and as a fix. */
function restoreFrameworkRetries(call: ClaudeCall, language: FileUsage['language']): { advice: string; fix: Fix } | undefined {
  const zero = call.frameworkMaxRetries;
  const retries = frameworkDefaultRetries(call, language);
  if (zero.kind !== 'value' || zero.value !== 0 || retries === undefined) return undefined;
  const framework = call.kind === 'langchain' ? 'ChatAnthropic' : call.method;
  const setting = language === 'python' ? `max_retries=${retries}` : `maxRetries: ${retries}`;
  return {
    advice: `Let ${framework} retry (${setting}, its default), or wrap the call in a retry with backoff.`,
    fix: {
      title: `Let ${framework} retry: ${setting} (its default)`,
      edits: [{ startOffset: zero.span.startOffset, endOffset: zero.span.endOffset, newText: String(retries) }],
      isPreferred: true,
      kind: 'behaviour',
    },
  };
}

export const noRetryRule: Rule = {
  id: 'claude/no-retry',
  defaultSeverity: 'warning',
  description: 'A raw HTTP call to the Claude API, or a LangChain / Vercel AI SDK call with retries set to 0, with nothing around it that retries.',
  fullDescription:
    "Raw HTTP (requests, httpx, aiohttp, urllib, fetch, axios, got, node-fetch) has no retries of its own, and LangChain's ChatAnthropic or the Vercel AI SDK with max_retries / maxRetries set to 0 have none left. With no retry decorator, loop or retry library around the call (here or around a helper that makes it), one 429 rate limit, 529 overload, 5xx or dropped connection fails the request. axios-retry and got at their defaults never retry a POST, so they do not count. A plain SDK call is not flagged: the SDK retries twice with backoff and jitter. The fixes: for requests, httpx and fetch, wrap the call in a retry helper that sends the request again with exponential backoff, full jitter, a cap, a deadline and retry-after; for a framework, put its default retries back where the 0 is written.",
  docsUrl: ruleDocsUrl('no-retry'),
  check(usage: FileUsage, context: RuleContext): Finding[] {
    const findings: Finding[] = [];
    for (const call of usage.calls) {
      const reason = withoutOwnRetries(call, usage.language);
      if (!reason || call.retryContext.some(retriesTheCall)) continue;
      const postOnly = call.retryContext.find((use) => use.policy.retriesPost.value === false);
      const framework = restoreFrameworkRetries(call, usage.language);
      const advice = framework?.advice ?? 'Wrap it in a retry with exponential backoff, jitter, a cap and retry-after.';
      const fix = framework ? framework.fix : wrapInRetryFix(usage, call, context);
      findings.push(callFinding('claude/no-retry', 'warning', call, `Nothing retries this Claude call: ${reason}${postOnly ? `, and ${postOnly.policy.mechanism} at its defaults never retries a POST` : ''}. One 429 rate limit, 529 overload or dropped connection fails it. ${advice}`, [fix]));
    }
    return findings;
  },
};
