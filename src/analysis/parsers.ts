/**
 * Lazy tree-sitter parsers. Nothing loads until the first parse of a language: the WASM runtime
 * (`Parser.init`) once per process, then each grammar on first use. Pure: no `vscode` import.
 *
 * Grammar choice, measured with scripts/bench/analysis.mjs (raw re-parse after one letter typed in an
 * identifier, median over several runs, 2k / 20k-line generated files, 2-core dev machine):
 * - Python: `tree-sitter-python@0.23.6`'s wasm, 0.36 / 3.8–4.7 ms, not the 0.25 grammar in
 *   `@vscode/tree-sitter-wasm`, 0.89–0.98 / 13–14 ms (p90 at 20k up to 20.6 ms: the whole 20 ms
 *   keystroke budget before any analysis). Full parses and error recovery cost the same in both.
 * - JavaScript/JSX: `tree-sitter-javascript@0.23.1`'s wasm (JSX included), 0.10 / 0.9–2.3 ms, against
 *   0.29–0.31 / 3.7–4.3 ms for 0.25 (@vscode) and 0.10 / 1.2–1.3 ms for TSX: as fast where it matters,
 *   the language's own grammar (TSX reads some JavaScript as type syntax), a quarter of TSX's size.
 * - TypeScript/TSX: `@vscode/tree-sitter-wasm` (the only packaged wasm of them here), 0.11 / 1.5–1.8 ms.
 */
import * as path from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';
import type { Parser, Point, Range, Tree } from 'web-tree-sitter';
import { grammarFileNames, grammarForLanguage } from './languages';
import type { GrammarName } from './languages';
import type { LanguageId } from './types';

/**
 * Where the `.wasm` files are: a directory holding `web-tree-sitter.wasm` and `grammars/<grammar>.wasm`
 * (the layout of `dist/`), or a function from a file name (`web-tree-sitter.wasm`,
 * `tree-sitter-python.wasm`, …) to its path.
 */
export type WasmLocator = string | ((fileName: string) => string);

/** The runtime's own wasm file name. */
export const runtimeWasmFileName = 'web-tree-sitter.wasm';

/** Default limit of one parse; a parse running longer is abandoned (huge or pathological input). */
export const defaultParseTimeoutMs = 1000;

/** Resolves a wasm file name to a path with a locator. */
export function resolveWasm(locator: WasmLocator, fileName: string): string {
  if (typeof locator === 'function') return locator(fileName);
  return fileName === runtimeWasmFileName ? path.join(locator, fileName) : path.join(locator, 'grammars', fileName);
}

/**
 * Locates the wasm files in an installed `node_modules` (unit tests, the bench, running from source).
 * Mirrors the copy list in esbuild.js.
 */
export function nodeModulesWasmLocator(nodeModulesDir: string): (fileName: string) => string {
  const packagePaths: Record<string, string> = {
    [runtimeWasmFileName]: 'web-tree-sitter/web-tree-sitter.wasm',
    'tree-sitter-python.wasm': 'tree-sitter-python/tree-sitter-python.wasm',
    'tree-sitter-javascript.wasm': 'tree-sitter-javascript/tree-sitter-javascript.wasm',
    'tree-sitter-typescript.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm',
    'tree-sitter-tsx.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-tsx.wasm',
  };
  return (fileName) => path.join(nodeModulesDir, packagePaths[fileName] ?? fileName);
}

/** One text change in tree-sitter's terms (indices and columns in UTF-16 code units, as web-tree-sitter counts them). */
export interface TreeEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Point;
  oldEndPosition: Point;
  newEndPosition: Point;
}

type TreeSitterModule = typeof TreeSitter;

/** How one slice of a resumable parse ended. */
export type ParseSlice = { kind: 'done'; tree: Tree } | { kind: 'paused' } | { kind: 'failed' };

/** One grammar's parser. Parsing is synchronous and never throws. */
export class LanguageParser {
  constructor(
    readonly grammar: GrammarName,
    private readonly parser: Parser,
    private readonly treeSitter: TreeSitterModule,
  ) {}

  /** Edits `tree` to match a change of its text, before an incremental `parse`. */
  editTree(tree: Tree, edit: TreeEdit): void {
    tree.edit(new this.treeSitter.Edit(edit));
  }

  /**
   * Parses `text`, re-using `oldTree` if given (it must already be edited to match `text`).
   * Returns null if the parse ran longer than `timeoutMs` or failed; the caller owns the tree.
   */
  parse(text: string, oldTree: Tree | null = null, timeoutMs: number = defaultParseTimeoutMs): Tree | null {
    const deadline = performance.now() + timeoutMs;
    return this.parseSafely(() => this.parser.parse(text, oldTree, { progressCallback: () => performance.now() > deadline }));
  }

  /**
   * Parses only `ranges` of `text` (the CLI's windows around candidate IDs). No time limit: windows are
   * small, and the progress callback that enforces one, crossing from WebAssembly to JavaScript every few
   * hundred steps, doubles the cost of a parse.
   */
  parseRanges(text: string, ranges: Range[]): Tree | null {
    return this.parseSafely(() => this.parser.parse(text, null, { includedRanges: ranges }));
  }

  /**
   * Runs a parse of `text` for at most about `sliceMs`. `paused` keeps the parser's state: the next call
   * with `resume` (and the same text) carries on where this one stopped. Without `resume`, any paused
   * parse is dropped and a new one starts (from `oldTree`, edited to match `text`). Use a parser of your
   * own for this (`fork`): a shared one is reset by its other users.
   */
  parseSlice(text: string, oldTree: Tree | null, sliceMs: number, resume: boolean): ParseSlice {
    if (!resume) this.parser.reset();
    const deadline = performance.now() + sliceMs;
    try {
      const tree = this.parser.parse(text, oldTree, { progressCallback: () => performance.now() > deadline });
      return tree ? { kind: 'done', tree } : { kind: 'paused' };
    } catch {
      this.parser.reset();
      return { kind: 'failed' };
    }
  }

  /** A new parser of the same grammar, for one owner's resumable parses; the owner calls `delete()`. */
  fork(): LanguageParser {
    const parser = new this.treeSitter.Parser();
    parser.setLanguage(this.parser.language);
    return new LanguageParser(this.grammar, parser, this.treeSitter);
  }

  /** Frees a forked parser (WASM memory). Not for the shared parsers `TreeSitterParsers` hands out. */
  delete(): void {
    this.parser.delete();
  }

  private parseSafely(parse: () => Tree | null): Tree | null {
    try {
      const tree = parse();
      // A cancelled parse would otherwise resume, with the stale input, on the next call.
      if (!tree) this.parser.reset();
      return tree;
    } catch {
      this.parser.reset();
      return null;
    }
  }
}

let runtimeReady: Promise<TreeSitterModule> | undefined;

/**
 * Requires web-tree-sitter (~4 ms, so not at activation) and runs `Parser.init` once per process; the
 * first locator wins (the runtime is a process-wide WASM module).
 */
function initRuntime(locator: WasmLocator): Promise<TreeSitterModule> {
  runtimeReady ??= (async () => {
    const treeSitter = await import('web-tree-sitter');
    await treeSitter.Parser.init({ locateFile: (fileName: string) => resolveWasm(locator, fileName) });
    return treeSitter;
  })().catch((error: unknown) => {
    runtimeReady = undefined; // let a later call retry
    throw error;
  });
  return runtimeReady;
}

/** Loads grammars on first use and hands out one shared parser per grammar. */
export class TreeSitterParsers {
  private readonly loading = new Map<GrammarName, Promise<LanguageParser>>();
  private readonly loaded = new Map<GrammarName, LanguageParser>();

  constructor(private readonly locator: WasmLocator) {}

  /** The parser of `language`, loading the runtime and the grammar on first call. Rejects if a wasm file fails to load. */
  parserFor(language: LanguageId): Promise<LanguageParser> {
    const grammar = grammarForLanguage(language);
    let pending = this.loading.get(grammar);
    if (!pending) {
      pending = this.load(grammar);
      this.loading.set(grammar, pending);
      pending.catch(() => this.loading.delete(grammar)); // retry on the next request
    }
    return pending;
  }

  /** The parser of `language` if its grammar is loaded already, without loading anything. */
  loadedParserFor(language: LanguageId): LanguageParser | undefined {
    return this.loaded.get(grammarForLanguage(language));
  }

  private async load(grammar: GrammarName): Promise<LanguageParser> {
    const treeSitter = await initRuntime(this.locator);
    const language = await treeSitter.Language.load(resolveWasm(this.locator, grammarFileNames[grammar]));
    const parser = new treeSitter.Parser();
    parser.setLanguage(language);
    const languageParser = new LanguageParser(grammar, parser, treeSitter);
    this.loaded.set(grammar, languageParser);
    return languageParser;
  }
}
