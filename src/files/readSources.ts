/**
 * Reads the files to lint (the CLI) and keeps only those that may hold a model ID. Speed matters here:
 * most files in a tree never mention Claude, so each is read into one reused buffer and checked for
 * `claude-` as bytes, and only the few that match are decoded to text. Pure: no `vscode` import.
 */
import * as fs from 'fs';
import { modelIdNeedle, otherUsageNeedles, skipReasonFor } from '../analysis/prefilter';
import { maxFileBytes } from './limits';
import { describeError, type FileError, type SkippedFile, type SourceFile } from './types';

/** The analyser's own prefilter needle, as bytes: every model ID spelling contains it. */
const needle = Buffer.from(modelIdNeedle);
/** Claude usage without a model ID (an `Anthropic()` client, a key literal) is checked too. */
const otherNeedles = otherUsageNeedles.map((text) => Buffer.from(text));

/** A file whose text mentions `claude-` (or `anthropic`, or a key prefix), ready for analysis. */
export interface CandidateSource {
  file: SourceFile;
  text: string;
}

export interface ReadResult {
  /** Files read and checked (skipped ones not counted). */
  analysed: number;
  candidates: CandidateSource[];
  /** Files named on the command line that are not checked: too large, binary, minified. */
  skipped: SkippedFile[];
  /** Files that could not be read. */
  errors: FileError[];
}

/** How often reading pauses for the event loop, so that work started meanwhile (grammar loading) moves on. */
const filesBetweenPauses = 256;

/**
 * Reads `files` in order. Sync reads into one buffer beat many small async reads on a warm cache by a wide
 * margin (measured: 10,000 files in ~80 ms against ~200 ms with 16 reads in flight). `onCandidate` hears
 * of each file that mentions the needle as soon as it is read, so its analysis can get ready meanwhile.
 */
export async function readCandidateSources(files: readonly SourceFile[], onCandidate?: (candidate: CandidateSource) => void): Promise<ReadResult> {
  const result: ReadResult = { analysed: 0, candidates: [], skipped: [], errors: [] };
  // One byte more than the limit tells "exactly 1 MB" from "larger".
  const buffer = Buffer.allocUnsafe(maxFileBytes + 1);
  for (let i = 0; i < files.length; i++) {
    if (i > 0 && i % filesBetweenPauses === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const file = files[i];
    try {
      const bytes = readUpTo(file.path, buffer);
      if (bytes === undefined) {
        if (file.explicit) result.skipped.push({ path: file.path, reason: 'tooLarge' });
        continue;
      }
      const mentionsClaude = bytes.indexOf(needle) >= 0 || otherNeedles.some((other) => bytes.indexOf(other) >= 0);
      // Binary and minified text is not analysed (as in the editor); a named file is told why, even
      // without a mention (its user asked for it); a walked one is checked only if it matters.
      if (!mentionsClaude && !file.explicit) {
        result.analysed++;
        continue;
      }
      const text = bytes.toString('utf8');
      const skip = skipReasonFor(text);
      if (skip) {
        if (file.explicit) result.skipped.push({ path: file.path, reason: skip });
        continue;
      }
      result.analysed++;
      if (!mentionsClaude) continue;
      const candidate = { file, text };
      result.candidates.push(candidate);
      onCandidate?.(candidate);
    } catch (error) {
      result.errors.push({ path: file.path, message: `cannot be read (${describeError(error)})` });
    }
  }
  return result;
}

/** The file's bytes (a view into `buffer`, valid until the next read), or undefined when it does not fit. */
function readUpTo(filePath: string, buffer: Buffer): Buffer | undefined {
  const fd = fs.openSync(filePath, 'r');
  try {
    let length = 0;
    while (length < buffer.length) {
      const wanted = buffer.length - length;
      const read = fs.readSync(fd, buffer, length, wanted, null);
      length += read;
      // A regular file returns less than asked only at its end: saves the second read (one syscall per file).
      if (read < wanted) break;
    }
    return length > maxFileBytes ? undefined : buffer.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}
