/**
 * The core of Scan Workspace: reads and analyses a list of files without holding the thread. Reads are
 * asynchronous with a few in flight; the work between them (decoding, the text checks, the parse) is
 * cut at `maxStepMs` and the loop yields to the event loop then, a large file's parse included (it runs
 * in slices). Cancellable between files and between parse slices. Pure: no `vscode` import; the editor
 * passes its `findFiles` list and a reader, the bench the same core with `nodeFileReader`.
 */
import { promises as fsPromises } from 'fs';
import { performance } from 'perf_hooks';
import { DocumentAnalysis } from '../analysis/documentAnalysis';
import type { TreeSitterParsers, LanguageParser } from '../analysis/parsers';
import { modelIdNeedle, otherUsageNeedles, skipReasonFor } from '../analysis/prefilter';
import type { LanguageId, ModelLiteral } from '../analysis/types';
import { usageLanguageOf } from '../analysis/usage/build';
import { emptyUsage, type FileUsage } from '../analysis/usage/types';
import { maxFileBytes } from './limits';
import { describeError, type FileSkipReason } from './types';

/** One file to scan; `ref` is the caller's handle (a `vscode.Uri`, a path). */
export interface ScanFile<Ref> {
  ref: Ref;
  language: LanguageId;
}

/** Reads a file: its bytes, or 'tooLarge' past `maxFileBytes` (without reading it all, if it can tell). Rejects when unreadable. */
export type ScanReader<Ref> = (ref: Ref) => Promise<Uint8Array | 'tooLarge'>;

export interface ScanHooks<Ref> {
  isCancelled(): boolean;
  /** After each file: how many are done (checked, skipped or failed) of how many. */
  onProgress(done: number, total: number): void;
  /** The literals of a file that was checked (none if it does not mention Claude), and its whole Claude usage. */
  onChecked(ref: Ref, literals: ModelLiteral[], usage: FileUsage): void;
  onSkipped?(ref: Ref, reason: FileSkipReason): void;
  onError?(ref: Ref, message: string): void;
}

export interface ScanOptions {
  /** Longest stretch of work between two yields to the event loop (default 10 ms). */
  maxStepMs?: number;
  /** Reads in flight at once (default 8). */
  readAhead?: number;
}

export interface ScanSummary {
  checked: number;
  skipped: number;
  errors: number;
  cancelled: boolean;
}

const needles = [modelIdNeedle, ...otherUsageNeedles].map((text) => Buffer.from(text));

/** Lets timers, I/O callbacks and other extensions' work run. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

type ReadOutcome = { bytes: Uint8Array | 'tooLarge' } | { error: unknown };

/** Scans `files` in order; resolves when done or cancelled. Never rejects. */
export async function scanFiles<Ref>(
  files: readonly ScanFile<Ref>[],
  read: ScanReader<Ref>,
  parsers: TreeSitterParsers,
  hooks: ScanHooks<Ref>,
  options: ScanOptions = {},
): Promise<ScanSummary> {
  const maxStepMs = options.maxStepMs ?? 10;
  const readAhead = Math.max(1, options.readAhead ?? 8);
  const summary: ScanSummary = { checked: 0, skipped: 0, errors: 0, cancelled: false };
  const reads: Array<Promise<ReadOutcome>> = [];
  const startRead = (index: number): void => {
    // Settled into a value, so a read left in flight by a cancel cannot reject unhandled.
    if (index < files.length) reads[index] = read(files[index].ref).then((bytes) => ({ bytes }), (error: unknown) => ({ error }));
  };
  for (let i = 0; i < readAhead; i++) startRead(i);

  let stepStart = performance.now();
  const pauseIfDue = async (): Promise<void> => {
    if (performance.now() - stepStart < maxStepMs) return;
    await yieldToEventLoop();
    stepStart = performance.now();
  };

  for (let index = 0; index < files.length; index++) {
    if (hooks.isCancelled()) {
      summary.cancelled = true;
      break;
    }
    const { ref, language } = files[index];
    const outcome = await reads[index];
    delete reads[index];
    startRead(index + readAhead);
    if ('error' in outcome) {
      summary.errors++;
      hooks.onError?.(ref, `cannot be read (${describeError(outcome.error)})`);
    } else if (outcome.bytes === 'tooLarge' || outcome.bytes.length > maxFileBytes) {
      summary.skipped++;
      hooks.onSkipped?.(ref, 'tooLarge');
    } else if (!mentionsClaude(Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.length))) {
      summary.checked++;
      hooks.onChecked(ref, [], emptyUsage(usageLanguageOf(language)));
    } else {
      const text = new TextDecoder('utf-8').decode(outcome.bytes);
      const skip = skipReasonFor(text);
      if (skip) {
        summary.skipped++;
        hooks.onSkipped?.(ref, skip);
      } else {
        const usage = await usageInSlices(text, language, await parserOrNone(parsers, language), maxStepMs, hooks.isCancelled, pauseIfDue);
        if (usage === undefined) {
          summary.cancelled = true;
          break;
        }
        summary.checked++;
        hooks.onChecked(ref, usage.modelLiterals, usage);
      }
    }
    hooks.onProgress(index + 1, files.length);
    await pauseIfDue();
  }
  return summary;
}

async function parserOrNone(parsers: TreeSitterParsers, language: LanguageId): Promise<LanguageParser | undefined> {
  try {
    return await parsers.parserFor(language);
  } catch {
    return undefined; // text-level analysis still finds the literals
  }
}

/** A model ID, `anthropic` or a key prefix in the bytes. */
function mentionsClaude(bytes: Buffer): boolean {
  return needles.some((needle) => bytes.indexOf(needle) >= 0);
}

/** The usage of `text`, parsed in slices of `sliceMs` with `pause` between them; undefined if cancelled meanwhile. */
async function usageInSlices(
  text: string,
  language: LanguageId,
  parser: LanguageParser | undefined,
  sliceMs: number,
  isCancelled: () => boolean,
  pause: () => Promise<void>,
): Promise<FileUsage | undefined> {
  const analysis = new DocumentAnalysis(parser, { parseSliceMs: sliceMs }, language);
  try {
    await pause(); // reading, decoding and the text checks were a step already
    if (isCancelled()) return undefined;
    analysis.open(text);
    analysis.literals();
    while (analysis.parsePending) {
      await pause();
      if (isCancelled()) return undefined;
      analysis.literals();
    }
    let usage = analysis.usage();
    while (analysis.usagePending) {
      await pause();
      if (isCancelled()) return undefined;
      usage = analysis.usage();
    }
    return usage;
  } finally {
    analysis.dispose();
  }
}

/**
 * Reads a file from the local disk asynchronously (the editor for `file:` folders, the bench):
 * the size first, so a file over the limit is never read.
 */
export async function nodeFileReader(filePath: string): Promise<Uint8Array | 'tooLarge'> {
  const handle = await fsPromises.open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxFileBytes) return 'tooLarge';
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
