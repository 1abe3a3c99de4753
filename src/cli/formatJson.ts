/** `--format json`: one JSON object, stable and documented (version 1). */
import type { LintReport } from './report';
import { oneBasedRegion } from './report';

/** The JSON document `--format json` prints. */
export interface JsonReport {
  version: 1;
  catalog: { source: 'bundled' | 'live'; asOf: string };
  files: number;
  findings: JsonFinding[];
  /** Files or folders that could not be read or analysed; the run exits 2 when there is any. */
  errors: Array<{ file: string; message: string }>;
  /** Files named on the command line and not checked. */
  skipped: Array<{ file: string; reason: 'tooLarge' | 'binary' | 'minified' | 'unsupported'; message: string }>;
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The model ID the finding is about; null for rules that are not about a model (retries, keys). */
  model: string | null;
  replacement: string | null;
}

export function formatJson(report: LintReport): string {
  const document: JsonReport = {
    version: 1,
    catalog: { source: report.catalog.source, asOf: report.catalog.asOf },
    files: report.filesAnalysed,
    findings: report.findings.map(({ file, finding }) => ({
      file,
      ...oneBasedRegion(finding),
      rule: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      model: finding.model,
      replacement: finding.replacement,
    })),
    errors: report.errors.map(({ file, message }) => ({ file, message })),
    skipped: report.skipped.map(({ file, reason, message }) => ({ file, reason, message })),
  };
  return `${JSON.stringify(document)}\n`;
}
