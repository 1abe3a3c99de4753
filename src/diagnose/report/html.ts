/**
 * The report as the VS Code view shows it: the verdict first, whose problem and the next step, then each check
 * as a <details> (open when it failed or warned) holding its evidence, then the request-ids and environment.
 * Rendered here, not in the webview, so the escaping is unit-tested: every value goes through `escapeHtml`
 * (a server's message or a proxy's page title is text, never markup). The page runs only the one script the
 * nonce allows and loads nothing remote (the CSP says so). Pure.
 */
import type { CheckResult, DiagnosisReport } from '../types';
import { environmentLines, formatDuration, ownerWords, requestIdsOf, rowText, statusLabels } from './words';

export interface HtmlReportOptions {
  /** The webview's `cspSource` (for the stylesheet). */
  cspSource: string;
  /** A fresh random nonce for the one script. */
  nonce: string;
  styleUri: string;
  scriptUri: string;
  /** Show the "live call" button (off when the report already has one, or while a run is on). */
  offerLiveCall: boolean;
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c]);
}

const tones: Record<CheckResult['status'], string> = { pass: 'ok', warn: 'warn', fail: 'bad', skipped: 'muted' };

/** The Content-Security-Policy of the view: nothing but our stylesheet and the one nonce'd script. */
export function reportCsp(options: Pick<HtmlReportOptions, 'cspSource' | 'nonce'>): string {
  return `default-src 'none'; style-src ${options.cspSource}; img-src ${options.cspSource}; script-src 'nonce-${options.nonce}';`;
}

function checkSection(check: CheckResult): string {
  const open = check.status === 'fail' || check.status === 'warn' ? ' open' : '';
  const rows: string[] = check.evidence.map((item) => `<tr><th scope="row">${escapeHtml(item.label)}</th><td>${escapeHtml(item.value)}</td></tr>`);
  if (check.owner && check.status !== 'pass' && check.status !== 'skipped') rows.push(`<tr><th scope="row">Whose problem</th><td>${escapeHtml(ownerWords[check.owner])}</td></tr>`);
  if (check.nextStep && check.status !== 'pass' && check.status !== 'skipped') rows.push(`<tr><th scope="row">Next step</th><td>${escapeHtml(check.nextStep)}</td></tr>`);
  const shown = new Set(check.evidence.filter((item) => item.label === 'request-id').map((item) => item.value));
  for (const requestId of (check.requestIds ?? []).filter((id) => !shown.has(id))) rows.push(`<tr><th scope="row">request-id</th><td><code>${escapeHtml(requestId)}</code></td></tr>`);
  const time = check.status === 'skipped' ? '' : `<span class="time">${escapeHtml(formatDuration(check.durationMs))}</span>`;
  const body = rows.length > 0 ? `<table class="evidence">${rows.join('')}</table>` : '<p class="muted">No evidence recorded.</p>';
  return `<details class="check ${tones[check.status]}" data-check="${escapeHtml(check.id)}"${open}>
<summary><span class="status">${escapeHtml(statusLabels[check.status])}</span> <span class="title">${escapeHtml(check.title)}</span> <span class="summary">${escapeHtml(rowText(check))}</span> ${time}</summary>
${body}
</details>`;
}

/** The view's whole HTML document. */
export function renderHtmlReport(report: DiagnosisReport, options: HtmlReportOptions): string {
  const verdictTone = report.checks.some((check) => check.status === 'fail') ? 'bad' : report.checks.some((check) => check.status === 'warn') ? 'warn' : 'ok';
  const requestIds = requestIdsOf(report);
  const nextStep = report.verdict.nextStep ? `<p class="next"><strong>Next step:</strong> ${escapeHtml(report.verdict.nextStep)}</p>` : '';
  const cancelled = report.cancelled ? '<p class="muted">Cancelled before every check finished.</p>' : '';
  const live = options.offerLiveCall ? '<button id="live" class="secondary" title="Sends a one-token request to the cheapest current model: it costs tokens.">Run with a live call…</button>' : '';
  const ids =
    requestIds.length === 0
      ? '<p class="muted">No API request got a request-id back.</p>'
      : `<ul>${requestIds.map(({ check, requestId }) => `<li><code>${escapeHtml(requestId)}</code> (${escapeHtml(check)})</li>`).join('')}</ul>`;
  const environment = environmentLines(report)
    .map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(reportCsp(options))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>Claude: Diagnose Connection</title>
</head>
<body>
<h1 class="verdict ${verdictTone}" id="verdict">${escapeHtml(report.verdict.sentence)}</h1>
<p class="owner"><strong>Whose problem:</strong> ${escapeHtml(ownerWords[report.verdict.owner])}</p>
${nextStep}${cancelled}
<div class="actions"><button id="copy">Copy report</button> <button id="rerun" class="secondary">Run again</button> ${live} <button id="log" class="secondary">Show log</button></div>
<h2>Checks</h2>
${report.checks.map(checkSection).join('\n')}
<h2>Request ids</h2>
${ids}
<h2>Environment</h2>
<table class="evidence">${environment}</table>
<script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>`;
}
