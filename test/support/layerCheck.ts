/**
 * Whether a test layer really tested something: the test command (scripts/test.mjs) and the
 * integration suite's entry (test/integration/index.ts) both ask this after mocha ends, so that a
 * layer that found no tests, a grep that matched nothing, or a test file whose tests never ran
 * fails instead of passing with "0 failed". Pure: plain Node, no mocha instance, no vscode.
 */
import * as fs from 'fs';
import * as path from 'path';

/** What one test file, or a whole layer, reported. */
export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** A layer's counts, with the same per test file (keyed by the absolute path mocha loaded). */
export interface LayerCounts extends TestCounts {
  files: Record<string, TestCounts>;
  /**
   * Each failed test's full title and the first line of its error, so the test command's summary
   * (the tail of a CI log, often all of it one gets to see) names what failed.
   */
  failures: string[];
}

export interface LayerCheckInput {
  /** The compiled test files the layer was meant to run (absolute paths). */
  expectedFiles: readonly string[];
  counts: LayerCounts;
  /** The grep of a filtered run (CLAUDE_HEALTH_TEST_GREP); then only "at least one test ran" is required. */
  grep?: string;
}

/** What is wrong with a layer's run, one sentence each; empty when it is sound. */
export function checkLayer({ expectedFiles, counts, grep }: LayerCheckInput): string[] {
  const problems: string[] = [];
  const ran = counts.passed + counts.failed;
  if (expectedFiles.length === 0) problems.push('no test files were found');
  if (ran === 0) {
    problems.push(grep ? `no test matched the grep ${JSON.stringify(grep)}` : 'no test ran');
  }
  const expected = new Set(expectedFiles);
  for (const file of Object.keys(counts.files).sort()) {
    if (!expected.has(file)) problems.push(`${file} ran but is not one of the layer's test files (a stale compiled file?)`);
  }
  // A filtered run means to leave most files out; a full run must hear from every file.
  if (!grep && ran > 0) {
    for (const file of expectedFiles) {
      const own = counts.files[file];
      const ranHere = own ? own.passed + own.failed : 0;
      if (ranHere === 0) problems.push(`${file} ran no test${own && own.skipped > 0 ? ` (${own.skipped} skipped)` : ''}`);
    }
  }
  return problems;
}

/**
 * The compiled test files of a layer that still have a source: `<outDir>/<sub>/**.test.js` for each
 * `<root>/<sub>/**.test.ts`. A compiled file whose source was deleted is not listed, so it never runs.
 * `recursive: false` lists only the folder itself (the integration entry loads its own folder).
 */
export function compiledTestFiles(root: string, outDir: string, sub: string, options: { recursive?: boolean } = {}): string[] {
  const sourceDir = path.join(root, sub);
  const files: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (options.recursive !== false) walk(full);
      } else if (entry.name.endsWith('.test.ts')) {
        // Listed whether or not it was compiled: a source with no compiled file must fail the layer, not vanish.
        files.push(path.join(outDir, path.relative(root, full)).replace(/\.ts$/, '.js'));
      }
    }
  };
  walk(sourceDir);
  return files;
}

/** Counts pass/fail/pending events per test file; fed by a mocha runner's events (reporter or entry). */
export class TestTally {
  private readonly totals: TestCounts = { passed: 0, failed: 0, skipped: 0 };
  private readonly files: Record<string, TestCounts> = {};
  private readonly failures: string[] = [];

  /** Records one event for a test (or a failing hook) from `file`. */
  record(outcome: keyof TestCounts, file: string | undefined): void {
    this.totals[outcome]++;
    const key = file ?? '(no file)';
    this.files[key] ??= { passed: 0, failed: 0, skipped: 0 };
    this.files[key][outcome]++;
  }

  /** Records a failed test (or hook) with what it failed on. */
  recordFailure(file: string | undefined, fullTitle: string, error: unknown): void {
    this.record('failed', file);
    this.failures.push(`${fullTitle}: ${firstLine(error)}`);
  }

  counts(): LayerCounts {
    return { ...this.totals, files: structuredClone(this.files), failures: [...this.failures] };
  }
}

/** An error's first line (its message, not the stack), at most 300 characters. */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const line = text.split('\n').find((part) => part.trim() !== '') ?? text;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
