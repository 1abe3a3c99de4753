/**
 * claude/retries-disabled: the SDK's retries set to 0 on the client or the request, and nothing around
 * the call retries it. Shown where the 0 is decided: the client construction (one finding per client,
 * however many bare calls use it), or the call when the 0 is on the request. Pure: no `vscode` import.
 */
import { fallbackFix, wrapInRetryFix } from '../fixes/retryFixes';
import type { Finding, Fix, Rule, RuleContext } from '../types';
import type { ClaudeCall, ClientConstruction, FileUsage, OptionValue, Span } from '../usage/types';
import { ruleDocsUrl } from './docs';

/** Calls of one client that get their own wrap and fallback fixes (the quick-fix menu stays short). */
const maxCallsWithFixes = 3;

/** Where a call is, for a fix's title: `the call in ask()`, or its line. */
function callPlace(call: ClaudeCall): string {
  return call.enclosingFunction ? `the call in ${call.enclosingFunction}()` : `the call on line ${call.span.range.startLine + 1}`;
}

/** What the fix sets: with the SDK's backoff (0.5 s doubling to 8 s) four retries ride out about 7.5 s of overload. */
export const raisedRetries = 4;

export const retriesDisabledRule: Rule = {
  id: 'claude/retries-disabled',
  defaultSeverity: 'warning',
  description: "The SDK's retries are set to 0 and nothing around the call retries it: one 429 or 529 fails the request.",
  fullDescription:
    "The client (max_retries=0 / maxRetries: 0) or the request turns the SDK's own retries off, and no retry decorator, loop or retry library surrounds the call, here or around a helper that makes it. A single rate limit (429), overload (529), 5xx or dropped connection then fails the request, although the SDK would have retried it with backoff, jitter and retry-after. The finding is on the client construction (or on the call when the 0 is on the request); the fix sets the retries to 4 where the 0 is written.",
  docsUrl: ruleDocsUrl('retries-disabled'),
  check(usage: FileUsage, context: RuleContext): Finding[] {
    const findings: Finding[] = [];
    const key = usage.language === 'python' ? 'max_retries' : 'maxRetries';
    // A zero on a client is one decision, however many calls use it: one finding, at the construction,
    // with a wrap (and a fallback) fix for each bare call through it.
    const byClient = new Map<ClientConstruction, Array<{ call: ClaudeCall; zero: ZeroSource }>>();
    const onRequest: Array<{ call: ClaudeCall; zero: ZeroSource }> = [];
    for (const call of usage.calls) {
      if (call.kind !== 'sdk' || call.retryContext.length > 0) continue;
      const zero = zeroRetriesSource(call, usage.clients);
      if (!zero) continue;
      if (zero.client) byClient.set(zero.client, [...(byClient.get(zero.client) ?? []), { call, zero }]);
      else onRequest.push({ call, zero });
    }
    const groups = [...[...byClient.values()], ...onRequest.map((entry) => [entry])];
    for (const group of groups) {
      const { call: first, zero } = group[0];
      const at: Span = zero.client ? zero.client.span : first.calleeSpan;
      const fix: Fix = {
        title: `Let the SDK retry: ${key}=${raisedRetries}`,
        edits: [{ startOffset: zero.option.span.startOffset, endOffset: zero.option.span.endOffset, newText: String(raisedRetries) }],
        isPreferred: true,
        kind: 'behaviour',
      };
      // Or a retry of our own around a call, with the SDK's retries off inside (tenacity / p-retry when the
      // project uses them), or that retry and then the current lower-tier models in turn while overloaded.
      const callFixes: Fix[] = [];
      for (const { call } of group.slice(0, maxCallsWithFixes)) {
        const where = group.length > 1 || zero.client ? ` (${callPlace(call)})` : '';
        for (const build of [wrapInRetryFix, fallbackFix]) {
          const built = build(usage, call, context);
          if (!built) continue;
          // Retitled in place: a copy ({ ...built }) would read the lazy `edits` and build the helper text on every run.
          built.title = `${built.title}${where}`;
          callFixes.push(built);
        }
      }
      findings.push({
        ruleId: 'claude/retries-disabled',
        severity: 'warning',
        message: zero.client
          ? `Retries are off on this Claude client (${key}=0${zero.client.boundTo ? `, ${zero.client.boundTo}` : ''}) and ${group.length === 1 ? 'a call' : `${group.length} calls`} through it ${group.length === 1 ? 'has' : 'have'} nothing around ${group.length === 1 ? 'it' : 'them'} that retries: one 429 rate limit or 529 overload fails the request. Let the SDK retry (${key}=${raisedRetries}), or wrap the calls in a retry with backoff.`
          : `Retries are off for this Claude call (${key}=0 on the request) and nothing around it retries: one 429 rate limit or 529 overload fails the request. Let the SDK retry (${key}=${raisedRetries}), or wrap the call in a retry with backoff.`,
        range: at.range,
        startOffset: at.startOffset,
        endOffset: at.endOffset,
        model: null,
        replacement: null,
        fixes: [fix, ...callFixes],
      });
    }
    return findings;
  },
};

interface ZeroSource {
  option: Extract<OptionValue<number>, { kind: 'value' }>;
  /** The construction (or derived `with_options` client) that holds the 0; undefined when it is on the request. */
  client?: ClientConstruction;
}

/** Where a 0 the call runs with is written: the request, its client, or the client it was derived from. */
function zeroRetriesSource(call: ClaudeCall, clients: readonly ClientConstruction[]): ZeroSource | undefined {
  if (call.requestMaxRetries.kind !== 'absent') {
    return call.requestMaxRetries.kind === 'value' && call.requestMaxRetries.value === 0 ? { option: call.requestMaxRetries } : undefined;
  }
  let client = call.client;
  for (let depth = 0; client && depth < 5; depth++) {
    const option = client.maxRetries;
    if (option.kind === 'value') return option.value === 0 ? { option, client } : undefined;
    if (option.kind === 'unreadable') return undefined;
    const parent = client.derivedFrom;
    client = parent ? clients.find((candidate) => candidate.boundTo === parent && candidate !== client) : undefined;
  }
  return undefined;
}
