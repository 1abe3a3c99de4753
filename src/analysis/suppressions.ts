/**
 * Suppression comments: `claude-health-ignore-next-line` silences the line below it,
 * `claude-health-ignore-line` its own line; in `#`, `//` or `/* … *\/` comments. Pure: no `vscode` import.
 */

export const ignoreNextLineMarker = 'claude-health-ignore-next-line';
export const ignoreLineMarker = 'claude-health-ignore-line';
const markerPrefix = 'claude-health-ignore-';

/**
 * Whether `offset` is inside a comment, judged from the text alone (used when there is no syntax tree):
 * a `#`, `//` or `/*` earlier on the same line, or a line inside a block comment that starts with `*`.
 */
export function looksLikeCommentAt(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return before.includes('#') || before.includes('//') || before.includes('/*') || before.trimStart().startsWith('*');
}

/**
 * The 0-based lines silenced by suppression comments in `text`.
 * `lineAt(offset)` gives an offset's line; `isInComment(offset)` says whether a marker there is in a comment.
 */
export function findSuppressedLines(
  text: string,
  lineAt: (offset: number) => number,
  isInComment: (offset: number) => boolean = (offset) => looksLikeCommentAt(text, offset),
): Set<number> {
  const lines = new Set<number>();
  for (let at = text.indexOf(markerPrefix); at !== -1; at = text.indexOf(markerPrefix, at + markerPrefix.length)) {
    const nextLine = text.startsWith(ignoreNextLineMarker, at);
    if (!nextLine && !text.startsWith(ignoreLineMarker, at)) continue;
    if (!isInComment(at)) continue;
    const line = lineAt(at);
    lines.add(nextLine ? line + 1 : line);
  }
  return lines;
}
