/**
 * Line starts of a text, kept up to date across edits, for offset → (line, UTF-16 column) and the
 * points tree-sitter's `Tree.edit` needs. Lines end at `\n` (so a CRLF line's `\r` is its last
 * character, as in VS Code). Pure: no `vscode` import.
 */

/** A 0-based line and 0-based UTF-16 column. */
export interface LinePosition {
  line: number;
  column: number;
}

export class LineIndex {
  /** Offset of the first character of each line; `starts[0]` is 0. */
  private readonly starts: number[];

  private constructor(starts: number[]) {
    this.starts = starts;
  }

  static of(text: string): LineIndex {
    const starts = [0];
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    return new LineIndex(starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset where `line` starts. */
  lineStart(line: number): number {
    return this.starts[line];
  }

  /** The line holding `offset` (binary search). */
  lineAt(offset: number): number {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  positionAt(offset: number): LinePosition {
    const line = this.lineAt(offset);
    return { line, column: offset - this.starts[line] };
  }

  /** Length of `line` without its `\n`, in a text of `textLength` characters. */
  lineLength(line: number, textLength: number): number {
    const end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : textLength;
    return end - this.starts[line];
  }

  /** Replaces the text between `startOffset` and `oldEndOffset` by `newText` (one change; apply several in order). */
  applyEdit(startOffset: number, oldEndOffset: number, newText: string): void {
    const starts = this.starts;
    const firstAfterStart = this.lineAt(startOffset) + 1;
    let firstAfterOldEnd = firstAfterStart;
    while (firstAfterOldEnd < starts.length && starts[firstAfterOldEnd] <= oldEndOffset) firstAfterOldEnd++;
    const inserted: number[] = [];
    for (let at = newText.indexOf('\n'); at !== -1; at = newText.indexOf('\n', at + 1)) inserted.push(startOffset + at + 1);
    const delta = newText.length - (oldEndOffset - startOffset);
    if (delta !== 0) for (let i = firstAfterOldEnd; i < starts.length; i++) starts[i] += delta;
    const removed = firstAfterOldEnd - firstAfterStart;
    if (removed === inserted.length) {
      for (let i = 0; i < removed; i++) starts[firstAfterStart + i] = inserted[i];
    } else {
      // No `splice(…, ...inserted)`: a paste of many lines would overflow the argument limit.
      const rest = starts.splice(firstAfterStart);
      for (const start of inserted) starts.push(start);
      for (let i = removed; i < rest.length; i++) starts.push(rest[i]);
    }
  }
}
