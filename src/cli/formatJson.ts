/** `--format json`: one JSON object, stable and documented (version 1). */
import type { LintReport } from './report';
import { oneBasedRegion } from './report';

/** The JSON document `--format json` prints. */
export interface JsonReport {
  version: 1;
  catalog: { source: 'bundled' | 'live'; asOf: string };
  files: number;
  findings: JsonFinding[];
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
  model: string;
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
      model: finding.literal.model,
      replacement: finding.replacement,
    })),
  };
  return `${JSON.stringify(document)}\n`;
}
