/**
 * One document's analysis, kept up to date across edits: the syntax tree is edited and re-parsed
 * incrementally, and only when a `claude-` candidate exists at all (a file without Claude usage costs
 * one `indexOf` per analysis and is never parsed). Pure: no `vscode` import.
 */
import type { Tree } from 'web-tree-sitter';
import { findModelLiterals } from './findLiterals';
import { LineIndex } from './lineIndex';
import type { LinePosition } from './lineIndex';
import { findModelIdCandidates } from './modelIdCandidates';
import { defaultParseTimeoutMs } from './parsers';
import type { LanguageParser, TreeEdit, TreeSitterParsers } from './parsers';
import { hasLineLongerThan, maxLineLength, mayContainModelId, sizeSkipReason, skipReasonFor } from './prefilter';
import type { DocumentChange, LanguageId, ModelLiteral, SkipReason } from './types';

export interface DocumentAnalysisOptions {
  /** A parse running longer than this is abandoned; the text-level fallback finds the literals then. */
  parseTimeoutMs?: number;
  /**
   * While the buffer has syntax errors, trust the last error-free analysis for literals whose text is
   * untouched: keep their roles (error recovery often turns an `apiCall` into `other`) and bring back
   * those the broken parse lost, so diagnostics do not flicker while typing. Recommended in the editor.
   * Off by default: then `literals()` always equals a fresh analysis of the text.
   */
  keepLastGoodWhileBroken?: boolean;
}

/** After this many abandoned parses in a row, a document is analysed from its text alone. */
const maxParseFailures = 2;

export class DocumentAnalysis {
  private text = '';
  private tree: Tree | null = null;
  /** The tree has been edited since it was parsed. */
  private treeStale = false;
  /** Line starts; exists whenever the tree does (tree edits need points). */
  private lines: LineIndex | undefined;
  private cached: ModelLiteral[] | undefined;
  private skip: SkipReason | undefined;
  /** The linear skip checks (binary, minified) have run on the current text. */
  private skipChecked = false;
  private parseFailures = 0;
  /** Literals of the last analysis whose tree had no errors, with offsets moved along with later edits. */
  private lastGood: ModelLiteral[] = [];
  private disposed = false;
  private readonly parseTimeoutMs: number;
  private readonly keepLastGood: boolean;

  /** `parser` undefined: the grammar could not be loaded, so literals come from the text alone. */
  constructor(
    private readonly parser: LanguageParser | undefined,
    options: DocumentAnalysisOptions = {},
  ) {
    this.parseTimeoutMs = options.parseTimeoutMs ?? defaultParseTimeoutMs;
    this.keepLastGood = options.keepLastGoodWhileBroken ?? false;
  }

  /** Loads the language's grammar (first time only) and returns an analysis; never rejects (text-only if the grammar fails to load). */
  static async create(language: LanguageId, parsers: TreeSitterParsers, options?: DocumentAnalysisOptions): Promise<DocumentAnalysis> {
    let parser: LanguageParser | undefined;
    try {
      parser = await parsers.parserFor(language);
    } catch {
      parser = undefined;
    }
    return new DocumentAnalysis(parser, options);
  }

  /** Why the current text is not analysed, or undefined. Known after `literals()`. */
  get skipReason(): SkipReason | undefined {
    return this.skip;
  }

  /** Starts over with `text` (a newly opened document, or one whose edits cannot be followed). */
  open(text: string): void {
    if (this.disposed) return;
    this.dropTree();
    this.text = text;
    this.lines = undefined;
    this.cached = undefined;
    this.lastGood = [];
    this.parseFailures = 0;
    this.skip = sizeSkipReason(text);
    this.skipChecked = false;
  }

  /**
   * Applies VS Code's `contentChanges`, in order, then takes `newFullText` as the document's text. If the
   * changes do not lead to a text of that length, starts over with `open(newFullText)`.
   */
  applyEdits(edits: readonly DocumentChange[], newFullText: string): void {
    if (this.disposed) return;
    if (!editsFit(this.text.length, edits, newFullText.length)) {
      this.open(newFullText);
      return;
    }
    this.cached = undefined;
    for (const edit of edits) {
      if (this.tree && this.lines && this.parser) {
        try {
          this.parser.editTree(this.tree, treeEdit(this.lines, edit));
        } catch {
          this.dropTree(); // parse afresh next time
        }
      }
      this.lines?.applyEdit(edit.startOffset, edit.oldEndOffset, edit.newText);
      if (this.lastGood.length > 0) this.lastGood = moveAlong(this.lastGood, edit);
    }
    if (this.tree) this.treeStale = true;
    this.text = newFullText;
    this.updateSkip(edits);
  }

  /** The model literals of the current text, in text order. Never throws. */
  literals(): ModelLiteral[] {
    if (this.disposed) return [];
    if (!this.cached) {
      try {
        this.cached = this.analyse();
      } catch {
        // tree-sitter failed in a way parse() could not catch: forget the tree, keep what the text shows.
        this.dropTree();
        this.cached = this.skip ? [] : findModelLiterals(this.text, null);
      }
    }
    return this.cached.slice();
  }

  /** Frees the syntax tree (WASM memory is not garbage-collected). The analysis is unusable afterwards. */
  dispose(): void {
    this.dropTree();
    this.disposed = true;
    this.lastGood = [];
  }

  private analyse(): ModelLiteral[] {
    const text = this.text;
    if (this.skip || !mayContainModelId(text)) return [];
    if (!this.skipChecked) {
      this.skip = skipReasonFor(text);
      this.skipChecked = true;
      if (this.skip) {
        this.dropTree();
        return [];
      }
    }
    const candidates = findModelIdCandidates(text);
    if (candidates.length === 0) return []; // the tree may stay stale: edits accumulate until it is needed
    this.lines ??= LineIndex.of(text);
    const tree = this.currentTree();
    const literals = findModelLiterals(text, tree, this.lines, candidates);
    const broken = !tree || tree.rootNode.hasError;
    if (!broken && this.keepLastGood) this.lastGood = literals;
    return broken && this.keepLastGood ? withLastGood(literals, this.lastGood, text, this.lines) : literals;
  }

  /** The tree of the current text: parsed incrementally from the edited tree, or in full; null if parsing failed. */
  private currentTree(): Tree | null {
    if (!this.parser || this.parseFailures >= maxParseFailures) return null;
    if (this.tree && !this.treeStale) return this.tree;
    const oldTree = this.tree;
    const tree = this.parser.parse(this.text, oldTree, this.parseTimeoutMs);
    oldTree?.delete();
    this.tree = tree;
    this.treeStale = false;
    this.parseFailures = tree ? 0 : this.parseFailures + 1;
    return tree;
  }

  private dropTree(): void {
    this.tree?.delete();
    this.tree = null;
    this.treeStale = false;
  }

  /** Keeps the skip reason current in time proportional to the edits (the full check runs in `analyse`). */
  private updateSkip(edits: readonly DocumentChange[]): void {
    const text = this.text;
    if (this.skip) {
      // Maybe no longer skipped: check again from scratch at the next analysis.
      this.skip = sizeSkipReason(text);
      this.skipChecked = false;
      return;
    }
    this.skip = sizeSkipReason(text);
    if (this.skip || !this.skipChecked) return;
    if (edits.some((edit) => edit.newText.includes('\0'))) this.skip = 'binary';
    else if (editsMakeLongLine(text, edits)) this.skip = 'minified';
    if (this.skip) this.dropTree();
  }
}

/** The literals and skip reason of a text analysed once (the CLI); frees everything before returning. */
export function analyzeText(
  text: string,
  parser: LanguageParser | undefined,
  options?: DocumentAnalysisOptions,
): { literals: ModelLiteral[]; skipReason: SkipReason | undefined } {
  const analysis = new DocumentAnalysis(parser, options);
  try {
    analysis.open(text);
    return { literals: analysis.literals(), skipReason: analysis.skipReason };
  } finally {
    analysis.dispose();
  }
}

/** True if `edits`, applied in order to a text of `oldLength`, stay in bounds and give `newLength`. */
function editsFit(oldLength: number, edits: readonly DocumentChange[], newLength: number): boolean {
  let length = oldLength;
  for (const { startOffset, oldEndOffset, newText } of edits) {
    if (!(startOffset >= 0 && startOffset <= oldEndOffset && oldEndOffset <= length)) return false;
    length += newText.length - (oldEndOffset - startOffset);
  }
  return length === newLength;
}

/** tree-sitter's edit for one change, with points from the line index as it is before the change. */
function treeEdit(lines: LineIndex, edit: DocumentChange): TreeEdit {
  const start = lines.positionAt(edit.startOffset);
  const oldEnd = lines.positionAt(edit.oldEndOffset);
  return {
    startIndex: edit.startOffset,
    oldEndIndex: edit.oldEndOffset,
    newEndIndex: edit.startOffset + edit.newText.length,
    startPosition: point(start),
    oldEndPosition: point(oldEnd),
    newEndPosition: point(endOfInsertion(start, edit.newText)),
  };
}

function point(position: LinePosition): { row: number; column: number } {
  return { row: position.line, column: position.column };
}

function endOfInsertion(start: LinePosition, newText: string): LinePosition {
  const lastNewline = newText.lastIndexOf('\n');
  if (lastNewline === -1) return { line: start.line, column: start.column + newText.length };
  let newlines = 0;
  for (let at = newText.indexOf('\n'); at !== -1; at = newText.indexOf('\n', at + 1)) newlines++;
  return { line: start.line + newlines, column: newText.length - lastNewline - 1 };
}

/** True if a line an edit wrote to is now longer than the minified limit. */
function editsMakeLongLine(text: string, edits: readonly DocumentChange[]): boolean {
  if (edits.length !== 1) return hasLineLongerThan(text, 0, text.length, maxLineLength); // rare; positions shift between edits
  const { startOffset, newText } = edits[0];
  return hasLineLongerThan(text, startOffset, startOffset + newText.length, maxLineLength);
}

/** Moves literals along with one change; literals the change touches are dropped. */
function moveAlong(literals: readonly ModelLiteral[], edit: DocumentChange): ModelLiteral[] {
  const delta = edit.newText.length - (edit.oldEndOffset - edit.startOffset);
  const moved: ModelLiteral[] = [];
  for (const literal of literals) {
    if (literal.endOffset < edit.startOffset) moved.push(literal);
    else if (literal.startOffset > edit.oldEndOffset) moved.push({ ...literal, startOffset: literal.startOffset + delta, endOffset: literal.endOffset + delta });
  }
  return moved;
}

/**
 * While the buffer is broken: each literal the last good analysis also had (same offset and ID) takes
 * its role and flags from then (error recovery blurs the syntax around it), and last good literals the
 * broken parse lost come back if their text is unchanged. In text order.
 */
function withLastGood(literals: readonly ModelLiteral[], lastGood: readonly ModelLiteral[], text: string, lines: LineIndex): ModelLiteral[] {
  if (lastGood.length === 0) return [...literals];
  const goodByOffset = new Map(lastGood.map((literal) => [literal.startOffset, literal]));
  const merged = literals.map((literal) => {
    const good = goodByOffset.get(literal.startOffset);
    if (!good || good.model !== literal.model) return literal;
    goodByOffset.delete(literal.startOffset);
    return { ...literal, role: good.role, inComment: good.inComment, inTemplate: good.inTemplate };
  });
  const present = new Set(literals.map((literal) => literal.startOffset));
  for (const good of goodByOffset.values()) {
    if (present.has(good.startOffset) || !text.startsWith(good.model, good.startOffset)) continue;
    const start = lines.positionAt(good.startOffset);
    const length = good.endOffset - good.startOffset;
    merged.push({ ...good, range: { startLine: start.line, startColumn: start.column, endLine: start.line, endColumn: start.column + length } });
  }
  return merged.sort((a, b) => a.startOffset - b.startOffset);
}
