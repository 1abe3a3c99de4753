/**
 * claude/retry-stacked: a hand-written or library retry around a call whose SDK still retries by itself
 * (the default 2 retries, or as configured; a client passed in as a parameter has the default; LangChain and
 * the Vercel AI SDK at their defaults count). The attempts multiply. Raw HTTP has no retries of its own. The
 * fix switches the SDK's retries off on the wrapped calls: Python `client.with_options(max_retries=0)`, TS
 * `{ maxRetries: 0 }` request options. Pure: no `vscode` import.
 */
import type { Finding, Fix, OffsetEdit, Rule } from '../types';
import type { ClaudeCall, FileUsage } from '../usage/types';
import { ruleDocsUrl } from './docs';
import { mechanismFinding, mechanismLabel, retryMechanisms } from './retryMechanisms';

export const retryStackedRule: Rule = {
  id: 'claude/retry-stacked',
  defaultSeverity: 'info',
  description: "A retry around a Claude call whose SDK still retries by itself: the attempts multiply.",
  fullDescription:
    "A retry decorator, loop or library call wraps a Claude call whose SDK (or LangChain / the Vercel AI SDK) still makes its own retries: 2 by default, or as configured. Each outer attempt then makes up to 1 + max_retries requests, so 5 outer attempts over the default make up to 15, and the waits add up past any deadline you meant. Switch the SDK's retries off inside the retry (Python `client.with_options(max_retries=0)`, TypeScript `{ maxRetries: 0 }` as request options, or `max_retries=0` on a client used only there), or drop the outer retry and raise the SDK's.",
  docsUrl: ruleDocsUrl('retry-stacked'),
  check(usage: FileUsage): Finding[] {
    const findings: Finding[] = [];
    for (const mechanism of retryMechanisms(usage)) {
      // Our own helpers switch the SDK's retries off inside (with_options(max_retries=0) / { maxRetries: 0 }).
      if (mechanism.neverFires || mechanism.use.ownHelper) continue;
      const stacked = mechanism.calls.filter(({ call }) => innerAttempts(call) > 1);
      if (stacked.length === 0) continue;
      const inner = Math.max(...stacked.map(({ call }) => innerAttempts(call)));
      const outer = mechanism.use.policy.maxAttempts.value;
      const product =
        typeof outer === 'number' && Number.isFinite(outer)
          ? `up to ${outer} × ${inner} = ${outer * inner} requests`
          : outer === null
            ? `no cap on its attempts, each of up to ${inner} requests`
            : `each of its attempts making up to ${inner} requests`;
      const label = mechanismLabel(mechanism.use);
      const fix = retriesOffFix(stacked.map((entry) => entry), usage.language);
      findings.push(
        mechanismFinding(
          'claude/retry-stacked',
          'info',
          mechanism,
          `${label.charAt(0).toUpperCase()}${label.slice(1)} wraps a Claude call that still retries by itself (${inner - 1} SDK ${inner - 1 === 1 ? 'retry' : 'retries'} per attempt): the attempts multiply, ${product}. Switch the SDK's retries off inside (${usage.language === 'python' ? 'client.with_options(max_retries=0)' : '{ maxRetries: 0 } as request options'}), or drop this retry and raise the SDK's.`,
          fix ? [fix] : [],
        ),
      );
    }
    return findings;
  },
};

/** Requests one attempt of the outer retry makes through the SDK's own retries; 1 where it has none or we cannot tell. */
function innerAttempts(call: ClaudeCall): number {
  const attempts = call.sdkRetries?.maxAttempts.value;
  return typeof attempts === 'number' && Number.isFinite(attempts) ? attempts : 1;
}

/**
 * Edits that set the SDK's retries to 0 on each wrapped call, or undefined when one of them cannot be
 * edited here (a call in a helper others may call bare, LangChain's client, an options object we cannot extend).
 */
function retriesOffFix(stacked: ReadonlyArray<{ call: ClaudeCall; use: { via?: string } }>, language: FileUsage['language']): Fix | undefined {
  const edits: OffsetEdit[] = [];
  for (const { call, use } of stacked) {
    if (use.via) return undefined; // the helper may have callers with no retry around them
    const edit = retriesOffEdit(call, language);
    if (!edit) return undefined;
    edits.push(edit);
  }
  const seen = new Set<number>();
  const unique = edits.filter((edit) => !seen.has(edit.startOffset) && seen.add(edit.startOffset));
  return {
    title: language === 'python' ? "Switch the SDK's retries off inside this retry: with_options(max_retries=0)" : "Switch the SDK's retries off inside this retry: { maxRetries: 0 }",
    edits: unique,
    isPreferred: true,
    kind: 'behaviour',
  };
}

function retriesOffEdit(call: ClaudeCall, language: FileUsage['language']): OffsetEdit | undefined {
  if (call.kind === 'vercel') {
    const option = call.frameworkMaxRetries;
    return option.kind === 'value' ? { startOffset: option.span.startOffset, endOffset: option.span.endOffset, newText: '0' } : undefined;
  }
  if (call.kind !== 'sdk') return undefined;
  const option = call.requestMaxRetries;
  if (option.kind === 'value') return { startOffset: option.span.startOffset, endOffset: option.span.endOffset, newText: '0' };
  if (option.kind === 'unreadable') return undefined;
  const at = call.requestOptionsInsertAt;
  if (!at) return undefined;
  if (language === 'python' && at.text === 'withOptions') return { startOffset: at.offset, endOffset: at.offset, newText: '.with_options(max_retries=0)' };
  if (language === 'javascript' && at.text === 'secondArgument') return { startOffset: at.offset, endOffset: at.offset, newText: ', { maxRetries: 0 }' };
  return undefined;
}
