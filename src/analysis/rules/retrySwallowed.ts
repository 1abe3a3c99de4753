/**
 * claude/retry-swallowed: (a) a retry that can never fire because the code inside catches every failure and
 * returns (then the mechanism's other findings are not reported: its settings never take effect; evaluate
 * drops them); (b) a retry that drops the last error: backoff `raise_on_giveup=False`, a bounded loop whose
 * handler never raises with nothing raising after it. A `while True` that never ends is unbounded, not
 * swallowed. Pure: no `vscode` import.
 */
import type { Finding, Rule } from '../types';
import type { FileUsage } from '../usage/types';
import { ruleDocsUrl } from './docs';
import { mechanismFinding, mechanismLabel, retryMechanisms, type Mechanism } from './retryMechanisms';

export const retrySwallowedRule: Rule = {
  id: 'claude/retry-swallowed',
  defaultSeverity: 'warning',
  description: 'A retry that can never fire (the code inside catches everything), or one that throws the last error away.',
  fullDescription:
    "Either the function under the retry decorator or retry call catches every exception itself and returns (`except Exception: return None`, `catch { return undefined }`), so the retry never sees a failure and none of its settings take effect; or the retry gives up silently: backoff with raise_on_giveup=False, or a bounded loop whose handler never re-raises and after which nothing raises, so the caller gets None / undefined and never learns that Claude failed or why. Let the failure reach the retry (catch only what you handle, or move the catch outside it), and after the last attempt raise the error, or a clear one of your own.",
  docsUrl: ruleDocsUrl('retry-swallowed'),
  check(usage: FileUsage): Finding[] {
    const findings: Finding[] = [];
    for (const mechanism of retryMechanisms(usage)) {
      const message = swallowedMessage(mechanism);
      if (message) findings.push(mechanismFinding('claude/retry-swallowed', 'warning', mechanism, message));
    }
    return findings;
  },
};

function swallowedMessage(mechanism: Mechanism): string | undefined {
  const label = mechanismLabel(mechanism.use);
  const Label = `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  if (mechanism.neverFires) {
    return `${Label} can never fire: the code inside catches every failure and returns, so no 429 or 529 ever reaches it and its settings never take effect. Catch only what you handle there, or move the catch outside the retry.`;
  }
  const { policy } = mechanism.use;
  const { onExhaustion } = policy;
  // cockatiel's and backoff.on_predicate's "swallow" is the last result the caller asked to test: no error is dropped.
  if (onExhaustion.value !== 'swallow' || onExhaustion.fromDefault || policy.mechanism === 'cockatiel') return undefined;
  if (policy.maxAttempts.value === null) return undefined; // it never gives up: claude/unbounded-retry's business
  if (policy.mechanism === 'backoff') {
    return `${Label} gives up silently (raise_on_giveup=False): after the last try the caller gets None and never learns that Claude failed or why. Let it raise (the default), and handle the error where the result is used.`;
  }
  return `${Label} throws the last error away: after the final attempt nothing raises, so the caller gets ${mechanism.calls.some(({ call }) => call.enclosingFunction) ? 'None / undefined (or an unset result)' : 'nothing'} and never learns that Claude failed or why. Re-raise the last error (or raise one of your own) when the attempts run out.`;
}
