/**
 * What the three retry-shape rules (retry-without-backoff, retry-without-jitter, unbounded-retry) share:
 * each retry mechanism of a file once, however many calls it wraps, and where its finding is shown (the
 * mechanism's head: the `@` and name of a decorator, the `for`/`while` keyword of a loop, the library call's
 * name). Pure: no `vscode` import.
 */
import type { RuleId, Severity, Finding, Fix } from '../types';
import type { RetryPolicy } from '../usage/retryPolicy';
import type { FileUsage, RetryMechanismUse, Span } from '../usage/types';

/** One retry mechanism of the file with the head its findings are shown on. */
export interface MechanismSite {
  mechanism: RetryMechanismUse;
  /** The head: decorator `@name`, loop keyword, library callee. */
  head: { startOffset: number; endOffset: number; range: Span['range'] };
  /** A readable name for messages: `tenacity @retry`, `while loop`, `pRetry(…)`. */
  label: string;
}

/** Every retry mechanism around the file's Claude calls, once each, in file order. The SDK's and frameworks' own retries are not among them. */
export function retryMechanisms(usage: FileUsage): MechanismSite[] {
  const byStart = new Map<number, MechanismSite>();
  for (const call of usage.calls) {
    for (const mechanism of call.retryContext) {
      if (mechanism.policy.mechanism === 'sdk' || mechanism.policy.mechanism === 'framework') continue;
      // A decorator or wrapper of this file that resolves to a loop is shown on the loop (corpus README).
      const span = mechanism.loop ? mechanism.loop.span : mechanism.span;
      if (byStart.has(span.startOffset)) continue;
      byStart.set(span.startOffset, { mechanism, head: headOf(mechanism, span), label: labelOf(mechanism) });
    }
  }
  return [...byStart.values()].sort((a, b) => a.head.startOffset - b.head.startOffset);
}

/** The mechanism's keyword or name, on its first line. */
function headOf(mechanism: RetryMechanismUse, span: Span): MechanismSite['head'] {
  let length: number;
  if (mechanism.loop) length = mechanism.loop.loopKind.length;
  else if (mechanism.arguments?.callee && !/\s/.test(mechanism.arguments.callee)) length = mechanism.arguments.callee.length + (mechanism.source === 'decorator' ? 1 : 0);
  else length = 1;
  const { startLine, startColumn } = span.range;
  return { startOffset: span.startOffset, endOffset: span.startOffset + length, range: { startLine, startColumn, endLine: startLine, endColumn: startColumn + length } };
}

function labelOf(mechanism: RetryMechanismUse): string {
  if (mechanism.loop) return `this ${mechanism.loop.loopKind} loop`;
  const callee = mechanism.arguments?.callee;
  const library = mechanism.policy.mechanism;
  if (mechanism.source === 'decorator') return callee ? `@${callee} (${library})` : `this ${library} decorator`;
  return callee ? `${callee}(…) (${library})` : `this ${library} retry`;
}

/** A finding on a mechanism's head. */
export function mechanismFinding(site: MechanismSite, ruleId: RuleId, severity: Severity, message: string, fixes: Fix[] = []): Finding {
  return { ruleId, severity, message, range: site.head.range, startOffset: site.head.startOffset, endOffset: site.head.endOffset, model: null, replacement: null, fixes };
}

/** The mechanism retries a Messages call at all: more than one attempt, and a POST is retried (axios-retry's default is not). */
export function retries(policy: RetryPolicy): boolean {
  return policy.maxAttempts.value !== 1 && policy.maxAttempts.value !== 0 && policy.retriesPost.value;
}
