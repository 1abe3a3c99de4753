/**
 * The CLI's way to the model literals of one file: the analysis core's text scan and classification,
 * with tree-sitter loaded only for the first file that really has a candidate ID, and only the windows
 * around the candidates parsed (see parseWindows.ts).
 */
import { findModelLiterals } from '../analysis/findLiterals';
import { LineIndex } from '../analysis/lineIndex';
import { findModelIdCandidates, type ModelIdCandidate } from '../analysis/modelIdCandidates';
import { TreeSitterParsers, type LanguageParser, type WasmLocator } from '../analysis/parsers';
import { otherUsageNeedles, skipReasonFor } from '../analysis/prefilter';
import { buildFileUsage, usageLanguageOf } from '../analysis/usage/build';
import { emptyUsage, type FileUsage } from '../analysis/usage/types';
import type { LanguageId, ModelLiteral } from '../analysis/types';
import { parseWindows } from './parseWindows';

/** The candidate IDs of a text worth a parse; none for generated, minified or binary text (as in the editor). */
export function candidatesWorthParsing(text: string): readonly ModelIdCandidate[] {
  return skipReasonFor(text) === undefined ? findModelIdCandidates(text) : [];
}

/** Usage other than model IDs (an `Anthropic` client, a key) needs the whole file's tree. */
function needsWholeTree(text: string): boolean {
  return otherUsageNeedles.some((needle) => text.includes(needle)) && skipReasonFor(text) === undefined;
}

/** A file is linted once, with no earlier good parse to fall back on: an unclosed quote is read from the text. */
const findOptions = { unclosedStringsFromText: true } as const;

/** Finds literals; `prepare` starts loading what a text will need, without waiting. */
export interface LiteralFinder {
  prepare(text: string, language: LanguageId): void;
  /** Never rejects: without a grammar, literals are found from the text alone. */
  find(text: string, language: LanguageId): Promise<ModelLiteral[]>;
  /** The file's Claude usage (model literals included). Never rejects: without a grammar, what the text alone gives. */
  findUsage?(text: string, language: LanguageId): Promise<FileUsage>;
}

/**
 * A finder whose wasm files are found with `wasm` (the bundle's folder for `dist/cli.js`).
 * `onParserMissing` hears, once per language, that its grammar could not be loaded.
 */
export function createLiteralFinder(wasm: WasmLocator, onParserMissing: (language: LanguageId, error: unknown) => void = () => undefined): LiteralFinder {
  let parsers: TreeSitterParsers | undefined;
  const missing = new Set<LanguageId>();
  const parserFor = (language: LanguageId): Promise<LanguageParser> => (parsers ??= new TreeSitterParsers(wasm)).parserFor(language);
  const finder: LiteralFinder = {
    prepare(text, language) {
      if (candidatesWorthParsing(text).length > 0 || needsWholeTree(text)) parserFor(language).catch(() => undefined); // find() reports it
    },
    async find(text, language) {
      return (await findUsage(text, language)).modelLiterals;
    },
    findUsage: (text, language) => findUsage(text, language),
  };
  async function findUsage(text: string, language: LanguageId): Promise<FileUsage> {
    const usageLanguage = usageLanguageOf(language);
    const candidates = candidatesWorthParsing(text);
    const wholeTree = needsWholeTree(text);
    if (candidates.length === 0 && !wholeTree) return emptyUsage(usageLanguage);
    let parser: LanguageParser | undefined;
    try {
      parser = await parserFor(language);
    } catch (error) {
      if (!missing.has(language)) onParserMissing(language, error);
      missing.add(language);
    }
    const lines = LineIndex.of(text); // one line index for the windows and the literal ranges
    if (!parser) return buildFileUsage(text, null, lines, findModelLiterals(text, null, lines, candidates, findOptions), usageLanguage); // from the text alone
    // Model IDs alone: only the windows around them are parsed; clients, calls and keys need the whole file.
    const windows = wholeTree ? undefined : parseWindows(text, lines, candidates);
    let tree = windows ? parser.parseRanges(text, windows) : null;
    if (!tree || tree.rootNode.hasError) {
      tree?.delete();
      tree = parser.parse(text); // what the editor sees: the whole file, errors and all
    }
    try {
      const literals = candidates.length > 0 ? findModelLiterals(text, tree, lines, candidates, findOptions) : [];
      return buildFileUsage(text, wholeTree ? tree : null, lines, literals, usageLanguage);
    } finally {
      tree?.delete();
    }
  }
  return finder;
}
