/** What one lint run found, in the shape every output format starts from. */
import * as path from 'path';
import type { Finding } from '../analysis/types';
import type { FileSkipReason } from '../files/types';
import type { CatalogSource } from '../models/types';

/** A finding and the file it is in. */
export interface FileFinding {
  /** Relative to the current folder, with forward slashes. */
  file: string;
  finding: Finding;
}

/** A file or folder that could not be read or analysed (the run exits 2). */
export interface ReportedError {
  /** As `FileFinding.file`. */
  file: string;
  /** What went wrong, e.g. `cannot be read (EACCES)`. */
  message: string;
}

/** A file named on the command line that was not checked, and why. */
export interface ReportedSkip {
  file: string;
  reason: FileSkipReason;
  /** The reason as a sentence part, e.g. `larger than 1 MB`. */
  message: string;
}

export interface LintReport {
  catalog: CatalogSource;
  /** How many files were read and checked. */
  filesAnalysed: number;
  /** Sorted by file, line, column. */
  findings: FileFinding[];
  /** Sorted by file. */
  errors: ReportedError[];
  /** Sorted by file. */
  skipped: ReportedSkip[];
}

/** 1-based positions of a finding; the end column is the one just after the ID (SARIF's convention). */
export interface OneBasedRegion {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function oneBasedRegion(finding: Finding): OneBasedRegion {
  const { range } = finding;
  return { line: range.startLine + 1, column: range.startColumn + 1, endLine: range.endLine + 1, endColumn: range.endColumn + 1 };
}

/** `file` as printed: relative to `cwd`, forward slashes on every platform. */
export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file) || path.basename(file);
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

/** Orders findings by file, then position, so output does not depend on read order. */
export function compareFileFindings(a: FileFinding, b: FileFinding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const ra = a.finding.range;
  const rb = b.finding.range;
  return ra.startLine - rb.startLine || ra.startColumn - rb.startColumn || (a.finding.ruleId < b.finding.ruleId ? -1 : a.finding.ruleId > b.finding.ruleId ? 1 : 0);
}

/** True when a finding should fail the run (exit status 1). */
export function hasErrors(report: LintReport): boolean {
  return report.findings.some(({ finding }) => finding.severity === 'error');
}
