/**
 * Types of the helper templates the retry quick fixes insert. Pure: no `vscode`, no tree-sitter.
 * A template is text rendered in the target file's style, plus the imports it needs as data,
 * so an edit builder adds only the missing ones and inserts each helper once per file.
 */

/** The target file's style, as the edit builder reads it from the document. */
export interface HelperStyle {
  /** One level of indentation as the file writes it: '    ', '  ', '\t'. */
  indent: string;
  /** The quote the file uses for strings. */
  quote: "'" | '"';
  /** Python: the async variant (asyncio); TS/JS helpers are always async. */
  async: boolean;
  /** TS/JS: end statements with `;` (default true). */
  semicolons?: boolean;
}

export type HelperLanguage = 'python' | 'typescript' | 'javascript';

/**
 * One import a helper needs.
 * Python: `names` absent = `import module`; present = `from module import a, b`.
 * TS/JS: named imports, `import { a, b } from 'module'` (ESM) or `const { a, b } = require('module')` (CommonJS);
 * `defaultName` = `import name from 'module'` (CommonJS: `const name = require('module')`, p-retry is ESM-only).
 */
export interface ImportNeed {
  module: string;
  names?: string[];
  defaultName?: string;
}

/** A helper as it goes into a file: one contiguous top-level block. */
export interface HelperSource {
  /** The block's identifying name: a later fix finds a definition with this name and reuses it. */
  name: string;
  /** Every top-level name the block defines (the identifying name included). */
  defines: string[];
  /** Names of other helper blocks that must be in the file first (insert those not there yet, in this order). */
  requires: string[];
  imports: ImportNeed[];
  /** The block's text, ending with a newline; no imports in it. */
  text: string;
}
