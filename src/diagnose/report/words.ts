/**
 * Words shared by every form of the doctor's report (Markdown, terminal text, JSON, the VS Code view), so the
 * two faces say the same thing. Pure.
 */
import type { CheckResult, CheckStatus, DiagnosisReport, Owner } from '../types';

/** Whose problem it is, as the report's second line says it. */
export const ownerWords: Record<Owner | 'none' | 'unknown', string> = {
  you: 'Yours: your API key or configuration',
  network: 'Your network (DNS, proxy, TLS interception or firewall)',
  limits: 'Your limits (rate limit or spend cap)',
  anthropic: "Anthropic's",
  none: 'Nobody: nothing is wrong',
  unknown: 'Not known: the diagnosis was stopped before it could tell',
};

/** Short status labels: the same in every form. */
export const statusLabels: Record<CheckStatus, string> = { pass: 'pass', warn: 'warn', fail: 'FAIL', skipped: 'skipped' };

/** "380 ms", "1.2 s". */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Every request-id the checks saw, with the check that saw it, in report order, each once. */
export function requestIdsOf(report: DiagnosisReport): Array<{ check: string; requestId: string }> {
  const seen = new Set<string>();
  const out: Array<{ check: string; requestId: string }> = [];
  for (const check of report.checks) {
    for (const requestId of check.requestIds ?? []) {
      if (seen.has(requestId)) continue;
      seen.add(requestId);
      out.push({ check: check.title, requestId });
    }
  }
  return out;
}

/** What a check's row says beside its status: the summary, or why it was skipped. */
export function rowText(check: CheckResult): string {
  if (check.status === 'skipped' && check.skippedBecause) return `Not run: ${check.skippedBecause}.`;
  return check.summary;
}

/** Where the diagnosis ran and what it looked at, one fact a line (the same lines in Markdown and text). */
export function environmentLines(report: DiagnosisReport): Array<[string, string]> {
  return [
    ['Tool', report.environment.tool],
    ['OS', report.environment.os],
    ['Node', report.environment.node],
    ['API base URL', `${report.target.baseUrl} (${report.target.baseUrlSource})`],
    ['Status page', report.target.statusPageUrl],
    ['Started', report.startedAt],
    ['Took', formatDuration(report.durationMs)],
  ];
}

/** Text on one line: a server's message or a file name must not break a table row or a list item. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
