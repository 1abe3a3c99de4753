/** The finding of a call-site rule: shown on the callee (`client.messages.create`), no model, no replacement. Pure. */
import type { Finding, Fix, RuleId, Severity } from '../types';
import type { ClaudeCall } from '../usage/types';

export function callFinding(ruleId: RuleId, severity: Severity, call: ClaudeCall, message: string, fixes: ReadonlyArray<Fix | undefined> = []): Finding {
  const { range, startOffset, endOffset } = call.calleeSpan;
  return { ruleId, severity, message, range, startOffset, endOffset, model: null, replacement: null, fixes: fixes.filter((fix): fix is Fix => fix !== undefined) };
}
