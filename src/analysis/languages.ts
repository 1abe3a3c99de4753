/** Which languages the analyser reads, and which tree-sitter grammar parses each. Pure: no `vscode` import. */
import type { LanguageId } from './types';

/** A tree-sitter grammar the analyser ships (one `.wasm` file each). */
export type GrammarName = 'python' | 'typescript' | 'tsx' | 'javascript';

/**
 * Grammar per language. JavaScript and JSX use the JavaScript grammar (it parses JSX too) rather than
 * TSX: it is the language's own grammar (TSX reads `a < b > (c)` as a call with type arguments), a
 * quarter of TSX's size, and re-parses a 2,000-line file as fast (see parsers.ts for the figures).
 */
const grammarByLanguage: Readonly<Record<LanguageId, GrammarName>> = {
  python: 'python',
  typescript: 'typescript',
  typescriptreact: 'tsx',
  javascript: 'javascript',
  javascriptreact: 'javascript',
};

/**
 * The `.wasm` file of each grammar, as shipped in `dist/grammars/` (esbuild.js copies them there).
 * Python and JavaScript come from the grammars' own npm packages (0.23.x), TypeScript and TSX from
 * `@vscode/tree-sitter-wasm`: see parsers.ts for why.
 */
export const grammarFileNames: Readonly<Record<GrammarName, string>> = {
  python: 'tree-sitter-python.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
};

const languageByExtension: Readonly<Record<string, LanguageId>> = {
  '.py': 'python',
  '.pyi': 'python',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
};

/** All languages the analyser supports, in a stable order. */
export const supportedLanguages: readonly LanguageId[] = Object.keys(grammarByLanguage) as LanguageId[];

/** File extensions (with the dot) the analyser reads, e.g. for the CLI's file walk. */
export const supportedExtensions: readonly string[] = Object.keys(languageByExtension);

/** The grammar that parses `language`. */
export function grammarForLanguage(language: LanguageId): GrammarName {
  return grammarByLanguage[language];
}

/** Maps a VS Code language identifier (`TextDocument.languageId`) to ours, or undefined if unsupported. */
export function languageFromVsCodeId(languageId: string): LanguageId | undefined {
  return Object.prototype.hasOwnProperty.call(grammarByLanguage, languageId) ? (languageId as LanguageId) : undefined;
}

/** Maps a file name or path to a language by its extension (case-insensitive), or undefined if unsupported. */
export function languageFromFileName(fileName: string): LanguageId | undefined {
  const dot = fileName.lastIndexOf('.');
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  if (dot <= slash + 1) return undefined; // no extension, or a dotfile such as `.py`
  return languageByExtension[fileName.slice(dot).toLowerCase()];
}
