/**
 * The copyable report ("Copy report" in VS Code, `doctor --format markdown`): the verdict first, whose problem
 * it is and the next step, a table of the checks, then each check's evidence, the request-ids support asks for,
 * and the tool, VS Code / Node and OS versions. It holds no secret: the runner masked every credential, and
 * keys appear only as fingerprints. Pure.
 */
import type { CheckResult, DiagnosisReport } from '../types';
import { environmentLines, formatDuration, oneLine, ownerWords, requestIdsOf, rowText, statusLabels } from './words';

/**
 * Escapes Markdown's inline marks, so a server's message or a page title renders as the text it is. An
 * underscore inside a word (ANTHROPIC_API_KEY) stays as it is: it cannot start emphasis, and support reads
 * the raw text too.
 */
export function escapeMarkdownText(text: string): string {
  return oneLine(text)
    .replace(/[\\`*[\]<>|]/g, (mark) => `\\${mark}`)
    .replace(/_/g, (mark, offset: number, whole: string) => (/[\p{L}\p{N}]/u.test(whole[offset - 1] ?? '') && /[\p{L}\p{N}_]/u.test(whole[offset + 1] ?? '') ? mark : `\\${mark}`));
}

/** `code` that stays code whatever it holds (a backtick inside gets a longer fence). */
function code(text: string): string {
  const flat = oneLine(text);
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return flat.startsWith('`') || flat.endsWith('`') ? `${fence} ${flat} ${fence}` : `${fence}${flat}${fence}`;
}

const statusMarks: Record<CheckResult['status'], string> = { pass: '✅', warn: '⚠️', fail: '❌', skipped: '⏭️' };

/** The whole report as Markdown. */
export function renderMarkdownReport(report: DiagnosisReport): string {
  const lines: string[] = ['# Claude API diagnosis', ''];
  lines.push(`**${escapeMarkdownText(report.verdict.sentence)}**`, '');
  lines.push(`- **Whose problem:** ${ownerWords[report.verdict.owner]}`);
  if (report.verdict.nextStep) lines.push(`- **Next step:** ${escapeMarkdownText(report.verdict.nextStep)}`);
  if (report.cancelled) lines.push('- **Cancelled:** the diagnosis was stopped before every check finished.');
  lines.push('');

  lines.push('| Check | Result | Found | Time |', '|---|---|---|---:|');
  for (const check of report.checks) {
    lines.push(`| ${escapeMarkdownText(check.title)} | ${statusMarks[check.status]} ${statusLabels[check.status]} | ${escapeMarkdownText(rowText(check))} | ${check.status === 'skipped' ? '–' : formatDuration(check.durationMs)} |`);
  }
  lines.push('');

  lines.push('## Evidence', '');
  for (const check of report.checks) {
    lines.push(`### ${escapeMarkdownText(check.title)}: ${statusLabels[check.status]}`, '');
    lines.push(escapeMarkdownText(rowText(check)), '');
    const facts: string[] = [];
    for (const item of check.evidence) facts.push(`- ${escapeMarkdownText(item.label)}: ${escapeMarkdownText(item.value)}`);
    if (check.owner && check.status !== 'pass') facts.push(`- Whose problem: ${ownerWords[check.owner]}`);
    if (check.nextStep && check.status !== 'pass') facts.push(`- Next step: ${escapeMarkdownText(check.nextStep)}`);
    const shown = new Set(check.evidence.filter((item) => item.label === 'request-id').map((item) => item.value));
    for (const requestId of check.requestIds ?? []) if (!shown.has(requestId)) facts.push(`- request-id: ${code(requestId)}`);
    if (facts.length > 0) lines.push(...facts, '');
  }

  const requestIds = requestIdsOf(report);
  lines.push('## Request ids', '');
  if (requestIds.length === 0) lines.push('No API request got a `request-id` back.', '');
  else lines.push(...requestIds.map(({ check, requestId }) => `- ${code(requestId)} (${escapeMarkdownText(check)})`), '');

  lines.push('## Environment', '');
  for (const [label, value] of environmentLines(report)) lines.push(`- ${label}: ${escapeMarkdownText(value)}`);
  lines.push('');
  return lines.join('\n');
}
