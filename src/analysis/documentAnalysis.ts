/**
 * One document's analysis, kept up to date across edits: the syntax tree is edited and re-parsed
 * incrementally, and only when the text mentions Claude at all (a model ID, `anthropic`, a key: a file
 * without Claude usage costs one text scan per analysis and is never parsed). From the tree come the
 * model literals and the file's Claude usage (usage/build.ts), whose per-statement facts are cached so a
 * keystroke re-reads only the statement it touched. Pure: no `vscode` import.
 */
import type { Tree } from 'web-tree-sitter';
import { findModelLiterals } from './findLiterals';
import { LineIndex } from './lineIndex';
import type { LinePosition } from './lineIndex';
import { findModelIdCandidates } from './modelIdCandidates';
import { defaultParseTimeoutMs } from './parsers';
import type { LanguageParser, TreeEdit, TreeSitterParsers } from './parsers';
import { hasLineLongerThan, maxLineLength, otherUsageNeedles, sizeSkipReason, skipReasonFor } from './prefilter';
import type { DocumentChange, LanguageId, ModelLiteral, SkipReason } from './types';
import { buildFileUsage, mayContainClaudeUsage, UsageCache, usageLanguageOf } from './usage/build';
import { emptyUsage, type FileUsage, type UsageLanguage } from './usage/types';

export interface DocumentAnalysisOptions {
  /** A parse running longer than this (in all, across its slices) is abandoned; the text-level fallback finds the literals then. */
  parseTimeoutMs?: number;
  /**
   * Bounds each `literals()` call: a parse running longer than this pauses, `literals()` answers from the
   * last good analysis and the text meanwhile, and `parsePending` stays true; each later `literals()`
   * call runs one more slice of the same parse, until it is done. For the editor's thread, where a
   * syntax-breaking keystroke in a large Python file would otherwise parse for 100-300 ms in one go.
   * The slices run on a parser of this analysis's own (a shared parser's paused state would be lost).
   */
  parseSliceMs?: number;
  /**
   * While the buffer has syntax errors, trust the last error-free analysis for literals whose text is
   * untouched: keep their roles (error recovery often turns an `apiCall` into `other`) and bring back
   * those the broken parse lost, so diagnostics do not flicker while typing. Recommended in the editor.
   * Off by default: then `literals()` always equals a fresh analysis of the text.
   */
  keepLastGoodWhileBroken?: boolean;
}

/**
 * How open documents are analysed in the editor (ModelDiagnostics; the bench measures the same): the
 * last good result stands while the buffer is broken, and no parse step holds the extension host's
 * thread longer than about 15 ms (a syntax-breaking keystroke in a large Python file pauses its parse
 * and finishes it in further steps, between which other extensions run). With the thread kept free, the
 * parse's total limit only guards against a pathological parse, and it is generous because it is wall time:
 * a 24,000-line Python file parses in 0.3-1.1 s here (cold WebAssembly first), and longer while the language
 * servers that start with a workspace share the CPU. At 1 s such a file fell back to its text (a call in a
 * docstring reported) until the next keystroke.
 */
export const editorAnalysisOptions: Readonly<DocumentAnalysisOptions> = { keepLastGoodWhileBroken: true, parseSliceMs: 15, parseTimeoutMs: 5_000 };

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
  /** The last parse of the current text was abandoned (a time limit, or a failure): `retryParse` may try again. */
  private lastParseAbandoned = false;
  /** Literals of the last analysis whose tree had no errors, with offsets moved along with later edits. */
  private lastGood: ModelLiteral[] = [];
  private disposed = false;
  private readonly parseTimeoutMs: number;
  private readonly parseSliceMs: number | undefined;
  private readonly keepLastGood: boolean;
  /** This analysis's own parser for sliced parses (created on the first one, deleted in `dispose`). */
  private slicingParser: LanguageParser | undefined;
  /** A sliced parse of the current text is paused, and how long its slices have run so far. */
  private parsePaused = false;
  private pausedParseMs = 0;
  /** What `literals()` answers while the parse of the current text is paused (computed once per text). */
  private literalsWhilePaused: ModelLiteral[] | undefined;
  /** The usage of the last analysis (with the literals it was built from), built on the first `usage()` call. */
  private usageResult: FileUsage | undefined;
  /** The tree the last literals came from (null: none, or paused), for `usage()`; valid until the next analysis. */
  private resultTree: Tree | null = null;
  /** Statement facts by text, so an edit re-reads only the statements it touched. */
  private readonly usageCache = new UsageCache();
  private readonly usageLanguage: UsageLanguage;

  /** `parser` undefined: the grammar could not be loaded, so literals come from the text alone. */
  constructor(
    private readonly parser: LanguageParser | undefined,
    options: DocumentAnalysisOptions = {},
    language?: LanguageId,
  ) {
    this.usageLanguage = language ? usageLanguageOf(language) : parser?.grammar === 'python' ? 'python' : 'javascript';
    this.parseTimeoutMs = options.parseTimeoutMs ?? defaultParseTimeoutMs;
    this.parseSliceMs = options.parseSliceMs;
    this.keepLastGood = options.keepLastGoodWhileBroken ?? false;
  }

  /**
   * True while a sliced parse (`parseSliceMs`) of the current text is unfinished: `literals()` came
   * from the last good analysis and the text, and calling it again continues the parse.
   */
  get parsePending(): boolean {
    return this.parsePaused;
  }

  /**
   * True when the last parse of the current text was abandoned and one more try is allowed: the results came
   * from the text alone. A parse cut by its time limit may only have met a busy machine, so the editor tries
   * once more a little later (`retryParse`) instead of keeping the text's answer until the next keystroke.
   */
  get parseAbandoned(): boolean {
    return this.lastParseAbandoned && this.parseFailures < maxParseFailures && !this.disposed;
  }

  /** After an abandoned parse (`parseAbandoned`), makes the next `literals()` / `usage()` parse the same text again. */
  retryParse(): void {
    if (!this.parseAbandoned) return;
    this.lastParseAbandoned = false;
    this.cached = undefined;
    this.usageResult = undefined;
  }

  /** Loads the language's grammar (first time only) and returns an analysis; never rejects (text-only if the grammar fails to load). */
  static async create(language: LanguageId, parsers: TreeSitterParsers, options?: DocumentAnalysisOptions): Promise<DocumentAnalysis> {
    let parser: LanguageParser | undefined;
    try {
      parser = await parsers.parserFor(language);
    } catch {
      parser = undefined;
    }
    return new DocumentAnalysis(parser, options, language);
  }

  /**
   * True while the usage of the current text is partial: its first build ran out of the slice budget
   * (`parseSliceMs`); it has literals and keys but no clients or calls yet. Calling `usage()` again goes on.
   */
  get usagePending(): boolean {
    return this.usageCache.incomplete && this.usageResult !== undefined;
  }

  /** How many top-level statements the last `usage()` build read afresh (the rest came from its cache): for tests and the bench. */
  get usageStatementsRead(): number {
    return this.usageCache.statementsRead;
  }

  /** Why the current text is not analysed, or undefined. Known after `literals()`. */
  get skipReason(): SkipReason | undefined {
    return this.skip;
  }

  /** Starts over with `text` (a newly opened document, or one whose edits cannot be followed). */
  open(text: string): void {
    if (this.disposed) return;
    this.dropTree();
    this.parsePaused = false;
    this.literalsWhilePaused = undefined;
    this.text = text;
    this.lines = undefined;
    this.cached = undefined;
    this.lastGood = [];
    this.parseFailures = 0;
    this.lastParseAbandoned = false;
    this.skip = sizeSkipReason(text);
    this.skipChecked = false;
  }

  /**
   * Applies VS Code's `contentChanges`, in order, then takes `newFullText` as the document's text. If the
   * changes do not lead to a text of that length, starts over with `open(newFullText)`.
   */
  applyEdits(edits: readonly DocumentChange[], newFullText: string): void {
    if (this.disposed) return;
    // Nothing changed (ModelDiagnostics continuing a paused parse): keep the parse and the results.
    if (edits.length === 0 && newFullText === this.text) return;
    if (!editsFit(this.text.length, edits, newFullText.length)) {
      this.open(newFullText);
      return;
    }
    this.cached = undefined;
    this.lastParseAbandoned = false; // the next analysis parses the new text anyway
    this.parsePaused = false; // a paused parse was of the old text; the next one starts over from the edited tree
    this.literalsWhilePaused = undefined;
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
    if (!this.cached || this.parsePaused) {
      try {
        this.cached = this.analyse();
      } catch {
        // tree-sitter failed in a way parse() could not catch: forget the tree, keep what the text shows.
        this.dropTree();
        this.cached = this.skip ? [] : findModelLiterals(this.text, null);
        this.usageResult = undefined;
      }
    }
    return this.cached.slice();
  }

  /**
   * The Claude usage of the current text (clients, calls and their retry context, model and key literals),
   * from the same tree as `literals()`; only the top-level statements whose text changed are read again.
   * While a parse is paused: what the text alone gives (literals, keys). Never throws.
   */
  usage(): FileUsage {
    const literals = this.literals();
    const current = this.cached ?? literals;
    if (this.usageResult && this.usageResult.modelLiterals === current && !this.usageCache.incomplete) return this.usageResult;
    if (this.disposed || this.skip || !mayContainClaudeUsage(this.text)) return (this.usageResult = emptyUsage(this.usageLanguage, current));
    try {
      this.lines ??= LineIndex.of(this.text);
      const tree = this.parsePaused ? null : this.resultTree;
      this.usageResult = buildFileUsage(this.text, tree, this.lines, current, this.usageLanguage, this.usageCache, this.parseSliceMs);
    } catch {
      this.usageResult = emptyUsage(this.usageLanguage, current);
    }
    return this.usageResult;
  }

  /** Frees the syntax tree (WASM memory is not garbage-collected). The analysis is unusable afterwards. */
  dispose(): void {
    this.dropTree();
    this.disposed = true;
    this.lastGood = [];
    this.parsePaused = false;
    this.slicingParser?.delete();
    this.slicingParser = undefined;
  }

  private analyse(): ModelLiteral[] {
    this.resultTree = null;
    const result = this.analyseLiterals();
    if (this.usageResult?.modelLiterals !== result) this.usageResult = undefined; // built on demand by usage()
    return result;
  }

  private analyseLiterals(): ModelLiteral[] {
    const text = this.text;
    if (this.skip || !mayContainClaudeUsage(text)) return this.withoutUsage([]);
    if (!this.skipChecked) {
      this.skip = skipReasonFor(text);
      this.skipChecked = true;
      if (this.skip) {
        this.dropTree();
        return this.withoutUsage([]);
      }
    }
    let resumed: Tree | null | undefined;
    if (this.parsePaused && this.literalsWhilePaused) {
      resumed = this.currentTree(); // one more slice; the answer meanwhile stays what it was
      if (this.parsePaused) return this.literalsWhilePaused;
    }
    const candidates = findModelIdCandidates(text);
    // Without a model ID and without `anthropic` or a key, the tree may stay stale: edits accumulate until it is needed.
    if (candidates.length === 0 && !mayContainNonModelUsage(text)) return this.withoutUsage([]);
    this.lines ??= LineIndex.of(text);
    const tree = resumed !== undefined ? resumed : this.currentTree();
    const literals = candidates.length > 0 ? findModelLiterals(text, tree, this.lines, candidates) : [];
    const broken = !tree || tree.rootNode.hasError;
    if (!broken && this.keepLastGood) this.lastGood = literals;
    const result = broken && this.keepLastGood ? withLastGood(literals, this.lastGood, text, this.lines) : literals;
    this.literalsWhilePaused = this.parsePaused ? result : undefined;
    this.resultTree = this.parsePaused ? null : tree;
    return result;
  }

  private withoutUsage(literals: ModelLiteral[]): ModelLiteral[] {
    this.usageResult = emptyUsage(this.usageLanguage, literals);
    return literals;
  }

  /** The tree of the current text: parsed incrementally from the edited tree, or in full; null if parsing failed. */
  private currentTree(): Tree | null {
    if (!this.parser || this.parseFailures >= maxParseFailures) return null;
    if (this.tree && !this.treeStale) return this.tree;
    const oldTree = this.tree;
    let tree: Tree | null;
    if (this.parseSliceMs === undefined) {
      tree = this.parser.parse(this.text, oldTree, this.parseTimeoutMs);
    } else {
      const slice = this.parseOneSlice(this.parseSliceMs);
      if (slice === 'paused') return null; // the old tree stays, edited, for the parse's next start
      tree = slice;
    }
    oldTree?.delete();
    this.tree = tree;
    this.treeStale = false;
    this.parseFailures = tree ? 0 : this.parseFailures + 1;
    this.lastParseAbandoned = !tree;
    return tree;
  }

  /** One slice of a resumable parse of the current text: its tree, null if it failed or ran too long in all, or 'paused'. */
  private parseOneSlice(sliceMs: number): Tree | null | 'paused' {
    const parser = (this.slicingParser ??= this.parser?.fork());
    if (!parser) return null;
    const resume = this.parsePaused;
    if (!resume) this.pausedParseMs = 0;
    const started = performance.now();
    const slice = parser.parseSlice(this.text, this.tree, Math.min(sliceMs, this.parseTimeoutMs - this.pausedParseMs), resume);
    this.pausedParseMs += performance.now() - started;
    this.parsePaused = false;
    if (slice.kind === 'done') return slice.tree;
    if (slice.kind === 'paused' && this.pausedParseMs < this.parseTimeoutMs) {
      this.parsePaused = true;
      return 'paused';
    }
    return null; // failed, or over the whole parse's time limit: count it as an abandoned parse
  }

  private dropTree(): void {
    this.tree?.delete();
    this.tree = null;
    this.resultTree = null;
    this.usageResult = undefined;
    this.treeStale = false;
    // A paused parse started from that tree: start any next one afresh.
    this.parsePaused = false;
    this.literalsWhilePaused = undefined;
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

/**
 * Owns the one analysis of one document, created on first need (creating it loads the grammar, so it
 * is asynchronous). Concurrent first requests share the one creation: two analyses of one document
 * would each hold a syntax tree, and the one overwritten would never be freed (WASM memory is not
 * garbage-collected).
 */
export class DocumentAnalysisOwner {
  private creating: Promise<DocumentAnalysis> | undefined;
  private analysis: DocumentAnalysis | undefined;
  private disposed = false;

  constructor(
    private readonly language: LanguageId,
    private readonly parsers: TreeSitterParsers,
    private readonly options?: DocumentAnalysisOptions,
  ) {}

  /** The analysis, once created. */
  get current(): DocumentAnalysis | undefined {
    return this.analysis;
  }

  /** The analysis, creating it on the first call; undefined if the owner was disposed meanwhile. Never rejects. */
  async ensure(): Promise<DocumentAnalysis | undefined> {
    if (this.disposed) return undefined;
    this.creating ??= DocumentAnalysis.create(this.language, this.parsers, this.options).then((analysis) => {
      if (this.disposed) analysis.dispose();
      else this.analysis = analysis;
      return analysis;
    });
    await this.creating;
    return this.disposed ? undefined : this.analysis;
  }

  /** Frees the analysis, now or as soon as its creation ends. */
  dispose(): void {
    this.disposed = true;
    this.analysis?.dispose();
    this.analysis = undefined;
  }
}

/** The literals and skip reason of a text analysed once; frees everything before returning. */
export function analyzeText(
  text: string,
  parser: LanguageParser | undefined,
  options?: DocumentAnalysisOptions,
): { literals: ModelLiteral[]; skipReason: SkipReason | undefined } {
  const { usage, skipReason } = analyzeUsage(text, parser, options);
  return { literals: usage.modelLiterals.slice(), skipReason };
}

/** The Claude usage and skip reason of a text analysed once; frees everything before returning. */
export function analyzeUsage(
  text: string,
  parser: LanguageParser | undefined,
  options?: DocumentAnalysisOptions,
  language?: LanguageId,
): { usage: FileUsage; skipReason: SkipReason | undefined } {
  const analysis = new DocumentAnalysis(parser, options, language);
  try {
    analysis.open(text);
    return { usage: analysis.usage(), skipReason: analysis.skipReason };
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

/** `anthropic` or a key in the text: usage worth a parse even without a model ID. */
function mayContainNonModelUsage(text: string): boolean {
  return otherUsageNeedles.some((needle) => text.indexOf(needle) !== -1);
}
