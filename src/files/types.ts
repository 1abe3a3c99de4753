/** What file discovery and reading hand to the CLI and Scan Workspace. Pure: no `vscode` import. */
import type { LanguageId, SkipReason } from '../analysis/types';
import { maxLineLength } from '../analysis/prefilter';
import { maxFileSizeText } from './limits';

/** A file to lint. */
export interface SourceFile {
  /** Absolute path. */
  path: string;
  language: LanguageId;
  /** Named on the command line (so a skip is worth a note). */
  explicit: boolean;
}

/** Why a file was not checked: the analyser's reasons, or not a language we check. */
export type FileSkipReason = SkipReason | 'unsupported';

/** A file that was deliberately not checked. */
export interface SkippedFile {
  /** Absolute. */
  path: string;
  reason: FileSkipReason;
}

/** A file or folder that could not be checked: unreadable, or the analysis failed. */
export interface FileError {
  /** Absolute. */
  path: string;
  message: string;
}

/** A skip reason as a reader would put it. */
export function describeSkip(reason: FileSkipReason): string {
  switch (reason) {
    case 'unsupported':
      return 'not a Python, TypeScript or JavaScript file';
    case 'tooLarge':
      return `larger than ${maxFileSizeText}`;
    case 'binary':
      return 'binary (it holds NUL bytes)';
    case 'minified':
      return `minified or generated (a line longer than ${maxLineLength.toLocaleString('en-US')} characters)`;
  }
}

/** An error's code (`EACCES`) or text, for a one-line message. */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
