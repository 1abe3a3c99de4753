/**
 * The retry quick fixes as edit sets, built from the helper templates (templates/): wrap a Claude call in
 * the retry helper, fall back to other models on overload, handle an overload that arrives mid-stream.
 * Each returns a `behaviour` fix (never part of fix-all), or undefined where it cannot build one safely.
 * Pure: no `vscode`.
 *
 * PLACEHOLDER for the wave-2 fixes builder: the rules call these now and the builder fills them in. The
 * lead removes the calls if the builder does not land, so no rule ships a fix that does nothing.
 */
import type { Fix, RuleContext } from '../types';
import type { ClaudeCall, FileUsage } from '../usage/types';

/** Wraps the call in the retry helper (tenacity / p-retry where the project uses them), inserting the helper once per file. */
export function wrapInRetryFix(_usage: FileUsage, _call: ClaudeCall, _context: RuleContext): Fix | undefined {
  return undefined;
}

/** Wraps the call in the fallback helper, with a chain of current lower-tier models from the catalog. */
export function fallbackFix(_usage: FileUsage, _call: ClaudeCall, _context: RuleContext): Fix | undefined {
  return undefined;
}

/** Wraps a streamed call in the stream helper: restart once on a mid-stream overload, then fall back. */
export function streamOverloadFix(_usage: FileUsage, _call: ClaudeCall, _context: RuleContext): Fix | undefined {
  return undefined;
}
