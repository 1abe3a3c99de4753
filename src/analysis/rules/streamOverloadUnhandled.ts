/**
 * claude/stream-overload-unhandled: an SDK stream read with nothing that handles an `error` event arriving
 * after the 200 (an `overloaded_error` mid-stream), which no SDK retries. Pure: no `vscode` import.
 */
import { errorCoverage } from '../usage/errorNames';
import { streamOverloadFix } from '../fixes/retryFixes';
import type { Finding, Rule, RuleContext } from '../types';
import { ownStreamHelpers } from '../usage/ownHelpers';
import type { FileUsage, RetryMechanismUse } from '../usage/types';
import { callFinding } from './callFinding';
import { ruleDocsUrl } from './docs';

/** A mid-stream error is raised as APIStatusError (Python, status 200) / APIError (TS, no status): a retry that retries those restarts the stream. */
function restartsOnStreamError(use: RetryMechanismUse, language: FileUsage['language']): boolean {
  // Our stream helpers (what the stream fix and snippet insert) read the stream inside their retry.
  if (use.ownHelper !== undefined && ownStreamHelpers.has(use.ownHelper)) return true;
  const filter = use.policy.retries.value;
  if (filter.kind === 'everything' || filter.kind === 'predicate' || filter.kind === 'unknown') return true;
  const names = filter.names.map((name) => name.replace(/^.*\./, ''));
  if (names.some((name) => /^(APIStatusError|APIError|AnthropicError)$/.test(name))) return true;
  return errorCoverage(filter.names, language).catchAll;
}

export const streamOverloadUnhandledRule: Rule = {
  id: 'claude/stream-overload-unhandled',
  defaultSeverity: 'info',
  description: 'A Claude stream read with no handling of an overloaded_error event mid-stream, which no SDK retries.',
  fullDescription:
    "An overload can arrive as an error event inside a stream that already answered 200. Neither SDK retries it: Python raises an APIStatusError with status_code 200, TypeScript an APIError with no status. Code that reads the stream with no try around it (or with a handler that acts only on status 529, which such an error never has) loses the answer half-way. Handle it: retry the stream once from the start, or fall back to a non-streaming request (which the SDK retries).",
  docsUrl: ruleDocsUrl('stream-overload-unhandled'),
  check(usage: FileUsage, context: RuleContext): Finding[] {
    const findings: Finding[] = [];
    for (const call of usage.calls) {
      if (call.kind !== 'sdk' || !call.stream || call.stream.consumed === 'none' || call.stream.handlesErrorEvent) continue;
      if (call.retryContext.some((use) => restartsOnStreamError(use, usage.language))) continue;
      const fix = streamOverloadFix(usage, call, context);
      findings.push(callFinding('claude/stream-overload-unhandled', 'info', call, `Nothing handles an overloaded_error that arrives mid-stream, and no SDK retries it (${usage.language === 'python' ? 'Python raises APIStatusError with status_code 200' : 'TypeScript throws an APIError with no status'}): the answer stops half-way. Retry the stream once from the start, or fall back to a non-streaming request.`, [fix]));
    }
    return findings;
  },
};
