/**
 * The doctor's terminal form (`claude-api-health doctor`, the default `--format text`): the verdict, whose
 * problem and the next step first, then one row per check, each check's evidence indented under it, the
 * request-ids and the environment. Colour only when asked (`color: true`): the CLI asks when stdout is a
 * terminal and NO_COLOR is unset or empty (https://no-color.org) and TERM is not `dumb`, so a CI log or a
 * pipe gets plain text. Pure.
 */
import type { CheckResult, CheckStatus, DiagnosisReport } from '../types';
import { environmentLines, formatDuration, oneLine, ownerWords, requestIdsOf, rowText, statusLabels } from './words';

export interface TextReportOptions {
  color: boolean;
}

/** Whether the terminal form should be coloured: a TTY, NO_COLOR unset or empty, TERM not `dumb`. */
export function shouldUseColor(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

const colours: Record<CheckStatus | 'bold' | 'dim', string> = { pass: '32', warn: '33', fail: '31', skipped: '2', bold: '1', dim: '2' };

/** Control characters (an escape sequence in a server's message) never reach the terminal. */
function clean(text: string): string {
  return oneLine(text.replace(/\p{Cc}/gu, ' '));
}

/** The whole report as terminal text, ending with a newline. */
export function renderTextReport(report: DiagnosisReport, options: TextReportOptions): string {
  const paint = (style: keyof typeof colours, text: string): string => (options.color ? `\u001b[${colours[style]}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  lines.push(paint('bold', clean(report.verdict.sentence)));
  lines.push(`Whose problem: ${ownerWords[report.verdict.owner]}`);
  if (report.verdict.nextStep) lines.push(`Next step: ${clean(report.verdict.nextStep)}`);
  if (report.cancelled) lines.push('Cancelled before every check finished.');
  lines.push('');

  const titleWidth = Math.max(0, ...report.checks.map((check) => check.title.length));
  for (const check of report.checks) {
    const label = statusLabels[check.status].padEnd(7);
    const time = check.status === 'skipped' ? '' : `  (${formatDuration(check.durationMs)})`;
    lines.push(`  ${paint(check.status, label)} ${clean(check.title).padEnd(titleWidth)}  ${clean(rowText(check))}${paint('dim', time)}`);
    for (const detail of details(check)) lines.push(`  ${' '.repeat(7)} ${' '.repeat(titleWidth)}  ${paint('dim', '·')} ${detail}`);
  }
  lines.push('');

  const requestIds = requestIdsOf(report);
  if (requestIds.length > 0) {
    lines.push('Request ids (for support):');
    for (const { check, requestId } of requestIds) lines.push(`  ${clean(requestId)}  (${clean(check)})`);
    lines.push('');
  }
  for (const [label, value] of environmentLines(report)) lines.push(paint('dim', `${label}: ${clean(value)}`));
  return `${lines.join('\n')}\n`;
}

function details(check: CheckResult): string[] {
  const out = check.evidence.map((item) => `${clean(item.label)}: ${clean(item.value)}`);
  if (check.status !== 'pass' && check.nextStep && check.status !== 'skipped') out.push(`Next step: ${clean(check.nextStep)}`);
  const shown = new Set(check.evidence.filter((item) => item.label === 'request-id').map((item) => item.value));
  for (const requestId of check.requestIds ?? []) if (!shown.has(requestId)) out.push(`request-id: ${clean(requestId)}`);
  return out;
}
