/** `--format text`: ESLint's "stylish" layout, so it reads like the linters people already use. */
import type { Severity } from '../analysis/types';
import type { FileFinding, LintReport } from './report';
import { oneBasedRegion } from './report';

/** Nothing when there are no findings; otherwise one block per file and a closing count. */
export function formatText(report: LintReport): string {
  if (report.findings.length === 0) return '';
  const byFile = new Map<string, FileFinding[]>();
  for (const entry of report.findings) {
    const list = byFile.get(entry.file) ?? [];
    list.push(entry);
    byFile.set(entry.file, list);
  }
  let out = '\n';
  for (const [file, entries] of byFile) {
    const rows = entries.map(({ finding }) => {
      const { line, column } = oneBasedRegion(finding);
      return [`${line}:${column}`, finding.severity, finding.message, finding.ruleId];
    });
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
    out += `${file}\n`;
    for (const row of rows) out += `  ${row.slice(0, 3).map((cell, i) => cell.padEnd(widths[i])).join('  ')}  ${row[3]}\n`;
    out += '\n';
  }
  const count = (severity: Severity): number => report.findings.filter(({ finding }) => finding.severity === severity).length;
  const infos = count('info');
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
  if (infos > 0) parts.push(plural(infos, 'info'));
  out += `✖ ${plural(report.findings.length, 'problem')} (${parts.join(', ')})\n`;
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
