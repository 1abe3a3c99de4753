/**
 * The CLI's way to the model literals of one file: the analysis core's text scan and classification,
 * with tree-sitter loaded only for the first file that really has a candidate ID, and only the windows
 * around the candidates parsed (see parseWindows.ts).
 */
import { findModelLiterals } from '../analysis/findLiterals';
import { LineIndex } from '../analysis/lineIndex';
import { findModelIdCandidates, type ModelIdCandidate } from '../analysis/modelIdCandidates';
import { TreeSitterParsers, type LanguageParser, type WasmLocator } from '../analysis/parsers';
import { skipReasonFor } from '../analysis/prefilter';
import type { LanguageId, ModelLiteral } from '../analysis/types';
import { parseWindows } from './parseWindows';

/** The candidate IDs of a text worth a parse; none for generated, minified or binary text (as in the editor). */
export function candidatesWorthParsing(text: string): readonly ModelIdCandidate[] {
  return skipReasonFor(text) === undefined ? findModelIdCandidates(text) : [];
}

/** A file is linted once, with no earlier good parse to fall back on: an unclosed quote is read from the text. */
const findOptions = { unclosedStringsFromText: true } as const;

/** Finds literals; `prepare` starts loading what a text will need, without waiting. */
export interface LiteralFinder {
  prepare(text: string, language: LanguageId): void;
  /** Never rejects: without a grammar, literals are found from the text alone. */
  find(text: string, language: LanguageId): Promise<ModelLiteral[]>;
}

/**
 * A finder whose wasm files are found with `wasm` (the bundle's folder for `dist/cli.js`).
 * `onParserMissing` hears, once per language, that its grammar could not be loaded.
 */
export function createLiteralFinder(wasm: WasmLocator, onParserMissing: (language: LanguageId, error: unknown) => void = () => undefined): LiteralFinder {
  let parsers: TreeSitterParsers | undefined;
  const missing = new Set<LanguageId>();
  const parserFor = (language: LanguageId): Promise<LanguageParser> => (parsers ??= new TreeSitterParsers(wasm)).parserFor(language);
  return {
    prepare(text, language) {
      if (candidatesWorthParsing(text).length > 0) parserFor(language).catch(() => undefined); // find() reports it
    },
    async find(text, language) {
      const candidates = candidatesWorthParsing(text);
      if (candidates.length === 0) return [];
      let parser: LanguageParser | undefined;
      try {
        parser = await parserFor(language);
      } catch (error) {
        if (!missing.has(language)) onParserMissing(language, error);
        missing.add(language);
      }
      if (!parser) return findModelLiterals(text, null, undefined, candidates, findOptions); // from the text alone
      const lines = LineIndex.of(text); // one line index for the windows and the literal ranges
      const windows = parseWindows(text, lines, candidates);
      let tree = windows ? parser.parseRanges(text, windows) : null;
      if (!tree || tree.rootNode.hasError) {
        tree?.delete();
        tree = parser.parse(text); // what the editor sees: the whole file, errors and all
      }
      try {
        return findModelLiterals(text, tree, lines, candidates, findOptions);
      } finally {
        tree?.delete();
      }
    },
  };
}
