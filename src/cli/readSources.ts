/**
 * Reads the files to lint and keeps only those that may hold a model ID. Speed matters here: most files
 * in a tree never mention Claude, so each is read into one reused buffer and checked for `claude-` as
 * bytes, and only the few that match are decoded to text.
 */
import * as fs from 'fs';
import { modelIdNeedle } from '../analysis/prefilter';
import type { PathNote, SourceFile } from './walker';

/** Larger files are skipped (minified bundles, generated data): the analyser would refuse them anyway. */
export const maxFileBytes = 1024 * 1024;

/** The analyser's own prefilter needle, as bytes: every model ID spelling contains it. */
const needle = Buffer.from(modelIdNeedle);

/** A file whose text mentions `claude-`, ready for analysis. */
export interface CandidateSource {
  file: SourceFile;
  text: string;
}

export interface ReadResult {
  /** Files read and checked (skipped ones not counted). */
  analysed: number;
  candidates: CandidateSource[];
  notes: PathNote[];
}

/** How often reading pauses for the event loop, so that work started meanwhile (grammar loading) moves on. */
const filesBetweenPauses = 256;

/**
 * Reads `files` in order. Sync reads into one buffer beat many small async reads on a warm cache by a wide
 * margin (measured: 10,000 files in ~80 ms against ~200 ms with 16 reads in flight). `onCandidate` hears
 * of each file that mentions the needle as soon as it is read, so its analysis can get ready meanwhile.
 */
export async function readCandidateSources(files: readonly SourceFile[], onCandidate?: (candidate: CandidateSource) => void): Promise<ReadResult> {
  const result: ReadResult = { analysed: 0, candidates: [], notes: [] };
  // One byte more than the limit tells "exactly 1 MB" from "larger".
  const buffer = Buffer.allocUnsafe(maxFileBytes + 1);
  for (let i = 0; i < files.length; i++) {
    if (i > 0 && i % filesBetweenPauses === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const file = files[i];
    try {
      const bytes = readUpTo(file.path, buffer);
      if (bytes === undefined) {
        if (file.explicit) result.notes.push({ path: file.path, problem: 'skipped: larger than 1 MB' });
        continue;
      }
      result.analysed++;
      if (bytes.indexOf(needle) < 0) continue;
      const candidate = { file, text: bytes.toString('utf8') };
      result.candidates.push(candidate);
      onCandidate?.(candidate);
    } catch (error) {
      result.notes.push({ path: file.path, problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
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
