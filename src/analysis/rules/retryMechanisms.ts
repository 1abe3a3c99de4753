/**
 * The retry mechanisms of a file, one per head (the `@` of a decorator, the `for`/`while` of a loop, the
 * library call that holds the settings), with the calls each wraps: a mechanism rule reports once per
 * mechanism however many calls it wraps. Pure: no `vscode` import.
 */
import type { Finding, Fix, RuleId, Severity } from '../types';
import type { ClaudeCall, FileUsage, RetryMechanismUse, Span } from '../usage/types';

export interface Mechanism {
  /** Where the mechanism's findings start. */
  head: Span;
  /** The first use met; every use of one mechanism has the same policy. */
  use: RetryMechanismUse;
  calls: Array<{ call: ClaudeCall; use: RetryMechanismUse }>;
  /** No wrapped call's failure ever reaches it (a catch-all inside): only claude/retry-swallowed speaks of it. */
  neverFires: boolean;
}

/** A loop's head is its keyword (also a loop inside a decorator defined in the file); others their own span. */
export function mechanismHead(use: RetryMechanismUse): Span {
  return use.loop ? use.loop.span : use.span;
}

/** The file's retry mechanisms in text order. */
export function retryMechanisms(usage: FileUsage): Mechanism[] {
  const byHead = new Map<number, Mechanism>();
  for (const call of usage.calls) {
    for (const use of call.retryContext) {
      const head = mechanismHead(use);
      let mechanism = byHead.get(head.startOffset);
      if (!mechanism) {
        mechanism = { head, use, calls: [], neverFires: true };
        byHead.set(head.startOffset, mechanism);
      }
      mechanism.calls.push({ call, use });
      if (!use.neverFires) mechanism.neverFires = false;
    }
  }
  return [...byHead.values()].sort((a, b) => a.head.startOffset - b.head.startOffset);
}

/** Offsets of heads of mechanisms that never fire (evaluate keeps only claude/retry-swallowed there). */
export function silencedMechanismHeads(usage: FileUsage): Set<number> {
  return new Set(retryMechanisms(usage).filter((m) => m.neverFires).map((m) => m.head.startOffset));
}

/** What a message calls the mechanism: "this tenacity decorator", "this retry loop", "this p-retry call". */
export function mechanismLabel(use: RetryMechanismUse): string {
  if (use.loop) return use.source === 'decorator' ? 'the retry loop of this decorator' : 'this retry loop';
  const name = use.policy.mechanism;
  return use.source === 'decorator' ? `this ${name} decorator` : `this ${name} call`;
}

/**
 * A one-line range on the mechanism's name: `for`/`while`, `@retry`, `pRetry`. Whole spans run over many
 * lines; a name never does.
 */
export function headRange(use: RetryMechanismUse): Pick<Finding, 'range' | 'startOffset' | 'endOffset'> {
  const head = mechanismHead(use);
  const callee = use.arguments?.callee ?? '';
  const length = use.loop ? use.loop.loopKind.length : use.source === 'decorator' ? 1 + callee.length : callee.length;
  const onOneLine = head.range.startLine === head.range.endLine;
  const endOffset = onOneLine && length === 0 ? head.endOffset : Math.min(head.endOffset, head.startOffset + Math.max(length, 1));
  const width = endOffset - head.startOffset;
  return {
    startOffset: head.startOffset,
    endOffset,
    range: { startLine: head.range.startLine, startColumn: head.range.startColumn, endLine: head.range.startLine, endColumn: head.range.startColumn + width },
  };
}

/** A finding of a mechanism rule at the mechanism's head. */
export function mechanismFinding(ruleId: RuleId, severity: Severity, mechanism: Mechanism, message: string, fixes: Fix[] = []): Finding {
  return { ruleId, severity, message, ...headRange(mechanism.use), model: null, replacement: null, fixes };
}
