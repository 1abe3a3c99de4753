/**
 * tree-sitter parsers for the CLI. The editor's `TreeSitterParsers` parses whole documents (and re-parses
 * them incrementally); the CLI parses each file once, often only windows of it (`includedRanges`), which
 * that class does not offer. Same wasm files, same locator, loaded only when a file needs a parse.
 */
import type * as TreeSitter from 'web-tree-sitter';
import type { Parser, Range, Tree } from 'web-tree-sitter';
import { grammarFileNames, grammarForLanguage, type GrammarName } from '../analysis/languages';
import { defaultParseTimeoutMs, resolveWasm, type WasmLocator } from '../analysis/parsers';
import type { LanguageId } from '../analysis/types';

/** Parses a text, whole or in windows; null when the parse failed or ran past the time limit. */
export type TextParser = (text: string, ranges?: Range[]) => Tree | null;

export class CliParsers {
  private runtime: Promise<typeof TreeSitter> | undefined;
  private readonly grammars = new Map<GrammarName, Promise<TextParser>>();

  constructor(private readonly locator: WasmLocator) {}

  /** The parser of `language`, loading the runtime and grammar on first call. Rejects if a wasm file fails to load. */
  parserFor(language: LanguageId): Promise<TextParser> {
    const grammar = grammarForLanguage(language);
    let pending = this.grammars.get(grammar);
    if (!pending) {
      pending = this.load(grammar);
      this.grammars.set(grammar, pending);
    }
    return pending;
  }

  private async load(grammar: GrammarName): Promise<TextParser> {
    this.runtime ??= (async () => {
      const treeSitter = await import('web-tree-sitter');
      if (!isInitialised(treeSitter)) await treeSitter.Parser.init({ locateFile: (fileName: string) => resolveWasm(this.locator, fileName) });
      return treeSitter;
    })();
    const treeSitter = await this.runtime;
    const language = await treeSitter.Language.load(resolveWasm(this.locator, grammarFileNames[grammar]));
    const parser = new treeSitter.Parser();
    parser.setLanguage(language);
    return (text, ranges) => parseWithin(parser, text, ranges);
  }
}

/**
 * True if the process-wide runtime is initialised already (by the analysis core's parsers, in a process
 * that uses both): a second `Parser.init` would replace the WebAssembly module under their parsers.
 */
function isInitialised(treeSitter: typeof TreeSitter): boolean {
  try {
    new treeSitter.Parser().delete();
    return true;
  } catch {
    return false; // before init, creating a parser fails
  }
}

/**
 * A whole-file parse is bounded by a time limit, as in the editor. Window parses are small and skip it:
 * the progress callback that enforces the limit runs every few hundred parser steps and, crossing from
 * WebAssembly to JavaScript each time, doubles the cost of a parse (measured on the bench tree).
 */
function parseWithin(parser: Parser, text: string, ranges: Range[] | undefined): Tree | null {
  const deadline = performance.now() + defaultParseTimeoutMs;
  try {
    const tree = ranges ? parser.parse(text, null, { includedRanges: ranges }) : parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
    if (!tree) parser.reset(); // a cancelled parse would resume with stale input next time
    return tree;
  } catch {
    parser.reset();
    return null;
  }
}
