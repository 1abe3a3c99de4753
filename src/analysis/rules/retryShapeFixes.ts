/**
 * Small local fixes of the retry-shape rules on Python retry decorators: tenacity gets a full-jitter
 * exponential wait (`wait_random_exponential(multiplier=1, max=60)`) or a cap (`stop_after_attempt(6)`),
 * `wait_exponential` becomes `wait_random_exponential` (same arguments: it is its subclass), backoff gets
 * `max_tries=6`. Loops and JS libraries get no fix here (see the rule pages). Pure: no `vscode` import.
 */
import type { Fix, OffsetEdit } from '../types';
import type { FileUsage } from '../usage/types';
import type { MechanismSite } from './retryShape';

/** What the fixes write (six attempts: about a minute of overload with a 60 s cap on each wait). */
export const fixedWait = 'wait_random_exponential(multiplier=1, max=60)';
export const fixedStop = 'stop_after_attempt(6)';
export const fixedMaxTries = 6;

/** tenacity with no wait or a constant one: wait with exponential backoff and full jitter. */
export function tenacityWaitFix(usage: FileUsage, site: MechanismSite): Fix | undefined {
  const at = tenacityDecorator(usage, site);
  if (!at) return undefined;
  const helper = tenacityName(usage, site, 'wait_random_exponential');
  if (!helper) return undefined;
  const existing = at.keywords.wait;
  const edits = existing
    ? [{ startOffset: existing.startOffset, endOffset: existing.endOffset, newText: fixedWait.replace('wait_random_exponential', helper.name) }]
    : [addKeyword(at, `wait=${fixedWait.replace('wait_random_exponential', helper.name)}`)];
  return behaviourFix(`Back off with full jitter: wait=${fixedWait}`, [...helper.edits, ...edits]);
}

/** tenacity `wait_exponential(…)`: the same with full jitter, `wait_random_exponential(…)`. */
export function tenacityJitterFix(usage: FileUsage, site: MechanismSite): Fix | undefined {
  const at = tenacityDecorator(usage, site);
  const callee = at?.keywordCallees.wait;
  const wait = site.mechanism.arguments?.named.wait;
  if (!at || !callee || wait?.kind !== 'call' || !/(^|\.)wait_exponential$/.test(wait.callee)) return undefined;
  const qualified = wait.callee.includes('.');
  const helper = qualified ? { name: wait.callee.replace(/wait_exponential$/, 'wait_random_exponential'), edits: [] } : tenacityName(usage, site, 'wait_random_exponential');
  if (!helper) return undefined;
  return behaviourFix('Add full jitter: wait_random_exponential', [...helper.edits, { startOffset: callee.startOffset, endOffset: callee.endOffset, newText: helper.name }]);
}

/** tenacity with no stop: cap the attempts. */
export function tenacityStopFix(usage: FileUsage, site: MechanismSite): Fix | undefined {
  const at = tenacityDecorator(usage, site);
  if (!at || at.keywords.stop) return undefined;
  const helper = tenacityName(usage, site, 'stop_after_attempt');
  if (!helper) return undefined;
  return behaviourFix(`Cap the attempts: stop=${fixedStop}`, [...helper.edits, addKeyword(at, `stop=${fixedStop.replace('stop_after_attempt', helper.name)}`)]);
}

/** backoff with neither max_tries nor max_time: cap the attempts. */
export function backoffMaxTriesFix(site: MechanismSite): Fix | undefined {
  const at = site.mechanism.argumentEdits;
  if (site.mechanism.policy.mechanism !== 'backoff' || site.mechanism.source !== 'decorator' || !at || at.bare || at.keywords.max_tries) return undefined;
  return behaviourFix(`Cap the attempts: max_tries=${fixedMaxTries}`, [addKeyword(at, `max_tries=${fixedMaxTries}`)]);
}

type ArgumentEdits = NonNullable<MechanismSite['mechanism']['argumentEdits']>;

function tenacityDecorator(usage: FileUsage, site: MechanismSite): ArgumentEdits | undefined {
  const { mechanism } = site;
  if (usage.language !== 'python' || mechanism.policy.mechanism !== 'tenacity' || mechanism.source !== 'decorator') return undefined;
  return mechanism.argumentEdits;
}

function addKeyword(at: ArgumentEdits, keyword: string): OffsetEdit {
  const newText = at.bare ? `(${keyword})` : at.hasArguments ? `, ${keyword}` : keyword;
  return { startOffset: at.insertAt, endOffset: at.insertAt, newText };
}

/**
 * How this file names a tenacity function: through the module when the decorator is written `tenacity.retry`
 * (or an alias of the module), by the name it already imports, or by a new `from tenacity import …` line.
 */
function tenacityName(usage: FileUsage, site: MechanismSite, name: string): { name: string; edits: OffsetEdit[] } | undefined {
  const callee = site.mechanism.arguments?.callee ?? '';
  const dot = callee.lastIndexOf('.');
  if (dot > 0) return { name: `${callee.slice(0, dot)}.${name}`, edits: [] };
  for (const use of usage.imports) {
    if (use.module !== 'tenacity') continue;
    const local = Object.entries(use.names).find(([, imported]) => imported === name)?.[0];
    if (local) return { name: local, edits: [] };
  }
  if (usage.importInsertAt > site.head.startOffset) return undefined; // nowhere safe for the import
  return { name, edits: [{ startOffset: usage.importInsertAt, endOffset: usage.importInsertAt, newText: `from tenacity import ${name}${usage.eol}` }] };
}

function behaviourFix(title: string, edits: OffsetEdit[]): Fix {
  return { title, edits, isPreferred: true, kind: 'behaviour' };
}
