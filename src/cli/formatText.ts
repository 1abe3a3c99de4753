/** `--format text`: ESLint's "stylish" layout, so it reads like the linters people already use. */
import type { Severity } from '../analysis/types';
import type { FileFinding, LintReport } from './report';
import { oneBasedRegion } from './report';

/**
 * Nothing when every file was checked and nothing found; otherwise one block per file (findings, or why
 * the file was not checked) and a closing count.
 */
export function formatText(report: LintReport): string {
  const { findings, errors, skipped } = report;
  if (findings.length === 0 && errors.length === 0 && skipped.length === 0) return '';
  const byFile = new Map<string, string[][]>();
  const rowsOf = (file: string): string[][] => {
    let rows = byFile.get(file);
    if (!rows) byFile.set(file, (rows = []));
    return rows;
  };
  // A file that was not checked leads its block, like ESLint's fatal parse errors (at 0:0).
  for (const { file, message } of errors) rowsOf(file).push(['0:0', 'error', `Not checked: ${message}`, '']);
  for (const { file, message } of skipped) rowsOf(file).push(['0:0', 'warning', `Skipped: ${message}`, '']);
  for (const { file, finding } of findings as FileFinding[]) {
    const { line, column } = oneBasedRegion(finding);
    rowsOf(file).push([`${line}:${column}`, finding.severity, finding.message, finding.ruleId]);
  }
  let out = '\n';
  for (const file of [...byFile.keys()].sort()) {
    const rows = byFile.get(file) ?? [];
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
    out += `${file}\n`;
    for (const row of rows) out += `  ${row.slice(0, 3).map((cell, i) => cell.padEnd(widths[i])).join('  ')}  ${row[3]}`.trimEnd() + '\n';
    out += '\n';
  }
  const count = (severity: Severity): number => findings.filter(({ finding }) => finding.severity === severity).length;
  const infos = count('info');
  if (findings.length > 0) {
    const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
    if (infos > 0) parts.push(plural(infos, 'info'));
    out += `✖ ${plural(findings.length, 'problem')} (${parts.join(', ')})\n`;
  }
  if (errors.length > 0) out += `✖ ${plural(errors.length, 'file')} could not be checked\n`;
  if (skipped.length > 0) out += `${plural(skipped.length, 'named file')} skipped\n`;
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
