/**
 * Cheap text checks that run before any parsing: does the text mention Claude at all, and is it
 * something we should not parse (huge, binary, minified). Pure: no `vscode` import.
 */
import { maxFileBytes } from '../files/limits';
import type { SkipReason } from './types';

/**
 * The substring every model ID contains. `laude-` rather than `claude-` so that `Claude-3-Opus` (a typo
 * the rules should see) is found by the same single scan; the `c`/`C` before it is checked afterwards.
 */
export const modelIdNeedle = 'laude-';

/**
 * Text that Claude usage without a model ID contains: the SDK / provider name (`Anthropic`, `anthropic`)
 * and a key prefix (`sk-ant-`). Searched as `hropic` and `-ant-`: indexOf is several times faster with a
 * needle whose first character is rare in code (`n` and `s` are everywhere), and what else they match only
 * costs a parse.
 */
export const otherUsageNeedles: readonly string[] = ['hropic', '-ant-'];

/** Longest text analysed, in UTF-16 code units: the file-size limit (src/files/limits.ts) of mostly-ASCII source. */
export const maxDocumentLength = maxFileBytes;

/** A line longer than this marks generated or minified code, which nobody edits model IDs in. */
export const maxLineLength = 10_000;

/** Only the start is checked for NUL characters, like git's binary check: a text file has none anywhere. */
const binaryCheckLength = 8_000;

/** False if the text cannot contain a model ID: one `indexOf`, the whole cost for files without Claude. */
export function mayContainModelId(text: string): boolean {
  return text.indexOf(modelIdNeedle) !== -1;
}

/** Why `text` is too large to analyse, or undefined. Constant time. */
export function sizeSkipReason(text: string): SkipReason | undefined {
  return text.length > maxDocumentLength ? 'tooLarge' : undefined;
}

/** Why `text` should not be analysed (too large, binary, minified), or undefined. Linear in the text's length. */
export function skipReasonFor(text: string): SkipReason | undefined {
  const sizeReason = sizeSkipReason(text);
  if (sizeReason) return sizeReason;
  if (text.lastIndexOf('\0', binaryCheckLength) !== -1) return 'binary';
  if (text.length > maxLineLength && hasLineLongerThan(text, 0, text.length, maxLineLength)) return 'minified';
  return undefined;
}

/** True if a line that overlaps `from`…`to` is longer than `limit`. */
export function hasLineLongerThan(text: string, from: number, to: number, limit: number): boolean {
  let lineStart = from === 0 ? 0 : text.lastIndexOf('\n', from - 1) + 1;
  for (;;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (lineEnd - lineStart > limit) return true;
    if (newline === -1 || newline >= to) return false;
    lineStart = newline + 1;
  }
}
