/**
 * Which parts of a file the CLI parses. A model ID's literal is classified from the syntax tree around it
 * (the string, its call or assignment), never from code far away, so parsing the top-level statements
 * that hold the candidates is enough and costs a fraction of the whole file (the CLI's main cost on a
 * large tree). The windows are tree-sitter `includedRanges`: nodes keep their offsets in the full text.
 * When a window could start inside a multi-line string or comment, or covers most of the file anyway,
 * the whole file is parsed; the caller also re-parses the whole file if a window parse has errors.
 */
import type { Range } from 'web-tree-sitter';
import type { LineIndex } from '../analysis/lineIndex';
import type { ModelIdCandidate } from '../analysis/modelIdCandidates';

/** Windows covering more than this share of the text are not worth it: parse everything. */
const maxCoveredShare = 0.5;

/** Tokens that open something spanning lines; an odd count before a window start means we may be inside one. */
const pairedTokens = ['"""', "'''", '`'];

/**
 * The ranges to parse for `candidates` (sorted, as `findModelIdCandidates` returns them), or undefined to
 * parse the whole text. Each window runs from the start of the top-level statement above the candidate's
 * line (so a `claude-health-ignore-next-line` comment is inside) to the start of the next top-level
 * statement after it.
 */
export function parseWindows(text: string, lines: LineIndex, candidates: readonly ModelIdCandidate[]): Range[] | undefined {
  if (candidates.length === 0) return undefined;
  const lineCount = lines.lineCount;
  const windows: Array<{ startRow: number; endRow: number }> = [];
  for (const candidate of candidates) {
    const row = lines.lineAt(candidate.start);
    let startRow = Math.max(0, row - 1);
    while (startRow > 0 && !startsStatement(text, lines.lineStart(startRow))) startRow--;
    let endRow = row + 1;
    while (endRow < lineCount && !startsStatement(text, lines.lineStart(endRow))) endRow++;
    const last = windows[windows.length - 1];
    if (last && startRow <= last.endRow) last.endRow = Math.max(last.endRow, endRow);
    else windows.push({ startRow, endRow });
  }
  const offsetOfRow = (row: number): number => (row < lineCount ? lines.lineStart(row) : text.length);
  let covered = 0;
  for (const window of windows) covered += offsetOfRow(window.endRow) - offsetOfRow(window.startRow);
  if (covered > text.length * maxCoveredShare) return undefined;
  if (windows.some((window) => mayBeInsideMultilineToken(text, offsetOfRow(window.startRow)))) return undefined;
  return windows.map(({ startRow, endRow }) => ({
    startIndex: offsetOfRow(startRow),
    endIndex: offsetOfRow(endRow),
    startPosition: { row: startRow, column: 0 },
    endPosition: endRow < lineCount ? { row: endRow, column: 0 } : { row: lineCount - 1, column: text.length - lines.lineStart(lineCount - 1) },
  }));
}

/**
 * A line that starts at column 0 with something other than a closing bracket or a continuation
 * (`.method()`, `, item`) begins a top-level statement in formatted Python, TypeScript and JavaScript.
 */
function startsStatement(text: string, offset: number): boolean {
  if (offset >= text.length) return false;
  const first = text.charCodeAt(offset);
  // space, tab, \r, \n, ) ] } . ,
  return !(first === 32 || first === 9 || first === 13 || first === 10 || first === 41 || first === 93 || first === 125 || first === 46 || first === 44);
}

/** True if `offset` may be inside a triple-quoted string, template literal or block comment (counting crudely: a miscount only costs a full parse). */
function mayBeInsideMultilineToken(text: string, offset: number): boolean {
  const before = text.slice(0, offset);
  for (const token of pairedTokens) if (countOf(before, token) % 2 === 1) return true;
  return countOf(before, '/*') > countOf(before, '*/');
}

function countOf(text: string, token: string): number {
  let count = 0;
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + token.length)) count++;
  return count;
}
