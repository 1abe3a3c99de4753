/// <reference types="mocha" />
// Issue 9: the doctor's report in its four forms (Markdown for "Copy report", terminal text, JSON, the VS Code
// view's HTML), built from real runner output over synthetic checks: the verdict first, whose problem, the next
// step, every check with its evidence, the request-ids, the environment; nothing a server sent can become markup
// or a terminal escape; and no key, even one a check quoted.
import * as assert from 'assert';
import { renderHtmlReport } from '../../src/diagnose/report/html';
import { doctorReportSchema, renderJsonReport } from '../../src/diagnose/report/json';
import { renderMarkdownReport } from '../../src/diagnose/report/markdown';
import { renderTextReport, shouldUseColor } from '../../src/diagnose/report/text';
import { runDiagnosis } from '../../src/diagnose/run';
import type { CheckId, CheckOutcome, DiagnosisCheck, DiagnosisReport } from '../../src/diagnose/types';
import { doctorExitCode } from '../../src/diagnose/verdict';
import { keyPiecesIn } from '../support/secretLeaks';
import { diagnoseInputs } from '../support/diagnoseInputs';

// Random pieces only: an English word in the key would be found in the report's own words.
const key = `sk-ant-api03-${Array.from({ length: 6 }, () => Math.random().toString(36).slice(2, 14)).join('Q')}-wxyzAA`;

const inputs = diagnoseInputs({
  credentials: [{ source: 'ANTHROPIC_API_KEY', raw: key }],
  baseUrl: 'https://api.example.test',
  baseUrlSource: '--base-url',
  statusPageUrl: 'https://status.example.test',
  environment: { tool: 'claude-api-health 0.1.0 (CLI)', os: 'linux x64 6.1.0', node: 'v20.20.2' },
});

const check = (id: CheckId, title: string, needs: CheckId[], outcome: CheckOutcome): DiagnosisCheck => ({ id, title, needs, run: async () => outcome });

async function rejectedKeyReport(): Promise<DiagnosisReport> {
  return runDiagnosis(
    [
      check('key', 'API key', [], { status: 'pass', summary: 'sk-ant-api03-…yzAA from ANTHROPIC_API_KEY', evidence: [{ label: 'Source', value: 'ANTHROPIC_API_KEY' }] }),
      check('auth', 'Authentication', ['key'], {
        status: 'fail',
        summary: `401 authentication_error: invalid x-api-key ${key}`,
        owner: 'you',
        cause: 'Your API key was rejected (401).',
        nextStep: 'Create a new key in the Claude Console and set it.',
        requestIds: ['req_011CAuthRejected'],
        evidence: [
          { label: 'Status', value: '401' },
          { label: 'request-id', value: 'req_011CAuthRejected' },
          { label: 'Variable', value: 'ANTHROPIC_API_KEY, not _emphasis_' },
          { label: 'Server said', value: '<script>alert(1)</script> | *bold* `tick` \u001b[31mred\u001b[0m' },
        ],
      }),
      check('models', 'Model access', ['auth'], { status: 'pass', summary: 'never runs' }),
      check('statusPage', 'Status page', [], { status: 'pass', summary: 'All Systems Operational', requestIds: ['req_status_1'] }),
    ],
    inputs,
  );
}

describe('diagnose: the report', () => {
  it('Markdown: verdict, owner and next step first, then the table, the evidence, request-ids and versions, no key', async () => {
    const report = await rejectedKeyReport();
    const markdown = renderMarkdownReport(report);
    const lines = markdown.split('\n');
    assert.strictEqual(lines[0], '# Claude API diagnosis');
    assert.strictEqual(lines[2], '**Your API key was rejected (401).**', 'the verdict comes first');
    assert.match(lines[4], /^- \*\*Whose problem:\*\* Yours/);
    assert.match(lines[5], /^- \*\*Next step:\*\* Create a new key/);
    const table = lines.filter((line) => line.startsWith('| '));
    assert.deepStrictEqual(table.slice(1).map((row) => row.split(' | ')[0].slice(2)), ['API key', 'Authentication', 'Model access', 'Status page'], 'every check, in layer order');
    assert.match(markdown, /\| Model access \| ⏭️ skipped \| Not run: Authentication did not pass\. \|/);
    assert.ok(markdown.indexOf('## Evidence') > markdown.indexOf('| Status page |'), 'the evidence follows the table');
    assert.match(markdown, /- Status: 401/);
    assert.match(markdown, /- Variable: ANTHROPIC_API_KEY, not \\_emphasis\\_/, 'an underscore inside a name stays readable; one that could emphasise is escaped');
    const evidence = markdown.slice(markdown.indexOf('### Authentication'), markdown.indexOf('### Model access'));
    assert.strictEqual(evidence.split('req_011CAuthRejected').length - 1, 1, 'a request-id the evidence shows is not listed twice');
    assert.match(markdown, /## Request ids\n\n- `req_011CAuthRejected` \(Authentication\)\n- `req_status_1` \(Status page\)/);
    assert.match(markdown, /- Tool: claude-api-health 0\.1\.0 \(CLI\)\n- OS: linux x64 6\.1\.0\n- Node: v20\.20\.2/);
    assert.match(markdown, /- API base URL: https:\/\/api\.example\.test \(--base-url\)/);
    // A server's words render as text: no raw HTML, no table break, no emphasis.
    assert.ok(!markdown.includes('<script>'), 'raw HTML');
    assert.match(markdown, /\\<script\\>alert\(1\)\\<\/script\\> \\\| \\\*bold\\\* \\`tick\\`/);
    assert.deepStrictEqual(keyPiecesIn(markdown, key), []);
  });

  it('text: the same facts for a terminal; colour only when asked, and no escape sequence from a server', async () => {
    const report = await rejectedKeyReport();
    const plain = renderTextReport(report, { color: false });
    assert.ok(!plain.includes('\u001b'), 'no escape sequence at all without colour');
    const lines = plain.split('\n');
    assert.strictEqual(lines[0], 'Your API key was rejected (401).');
    assert.match(lines[1], /^Whose problem: Yours/);
    assert.match(lines[2], /^Next step: Create a new key/);
    assert.match(plain, /FAIL {4}Authentication +401 authentication_error/);
    assert.match(plain, /skipped Model access +Not run: Authentication did not pass\./);
    assert.match(plain, /· request-id: req_011CAuthRejected/);
    assert.match(plain, /Request ids \(for support\):\n {2}req_011CAuthRejected {2}\(Authentication\)/);
    assert.match(plain, /OS: linux x64 6\.1\.0/);
    assert.deepStrictEqual(keyPiecesIn(plain, key), []);

    const coloured = renderTextReport(report, { color: true });
    assert.ok(coloured.includes('\u001b[31mFAIL'), 'FAIL in red');
    assert.ok(!coloured.includes('\u001b[31mred'), "the server's own escape sequence is gone");
  });

  it('colour: a terminal without NO_COLOR (or with it empty) and not TERM=dumb', () => {
    assert.strictEqual(shouldUseColor(true, {}), true);
    assert.strictEqual(shouldUseColor(true, { NO_COLOR: '' }), true);
    assert.strictEqual(shouldUseColor(true, { NO_COLOR: '1' }), false);
    assert.strictEqual(shouldUseColor(true, { TERM: 'dumb' }), false);
    assert.strictEqual(shouldUseColor(false, {}), false);
    assert.strictEqual(shouldUseColor(undefined, {}), false);
  });

  it('JSON: the documented schema, every field present (null when empty), the exit code, no key', async () => {
    const report = await rejectedKeyReport();
    const exitCode = doctorExitCode(report.checks, report.verdict);
    const text = renderJsonReport(report, exitCode);
    const parsed = JSON.parse(text) as Record<string, unknown> & { checks: Array<Record<string, unknown>>; verdict: Record<string, unknown> };
    assert.deepStrictEqual(Object.keys(parsed), ['schema', 'schemaVersion', 'verdict', 'exitCode', 'cancelled', 'startedAt', 'durationMs', 'target', 'environment', 'checks', 'requestIds']);
    assert.strictEqual(parsed.schema, doctorReportSchema);
    assert.strictEqual(parsed.schemaVersion, 1);
    assert.deepStrictEqual(parsed.verdict, { sentence: 'Your API key was rejected (401).', owner: 'you', nextStep: 'Create a new key in the Claude Console and set it.', causeCheck: 'auth' });
    assert.strictEqual(parsed.exitCode, 1);
    assert.deepStrictEqual(parsed.requestIds, ['req_011CAuthRejected', 'req_status_1']);
    for (const entry of parsed.checks) {
      assert.deepStrictEqual(Object.keys(entry), ['id', 'title', 'status', 'summary', 'owner', 'cause', 'nextStep', 'skippedBecause', 'durationMs', 'requestIds', 'evidence']);
    }
    const skipped = parsed.checks.find((entry) => entry.id === 'models');
    assert.deepStrictEqual([skipped?.status, skipped?.skippedBecause, skipped?.owner, skipped?.requestIds], ['skipped', 'Authentication did not pass', null, []]);
    assert.deepStrictEqual(keyPiecesIn(text, key), []);
  });

  it('HTML: each check a <details> (open when it failed), every value escaped, one nonce\'d script, nothing remote', async () => {
    const report = await rejectedKeyReport();
    const html = renderHtmlReport(report, { cspSource: 'https://webview.test', nonce: 'N0nce123', styleUri: 'https://webview.test/report.css', scriptUri: 'https://webview.test/report.js', offerLiveCall: true });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src https:\/\/webview\.test; img-src https:\/\/webview\.test; script-src &#39;nonce-N0nce123&#39;;">/);
    assert.strictEqual((html.match(/<script/g) ?? []).length, 1, 'one script element');
    assert.match(html, /<script nonce="N0nce123" src="https:\/\/webview\.test\/report\.js"><\/script>/);
    assert.ok(!html.includes('<script>alert'), 'a server\'s markup is text');
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.strictEqual((html.match(/<details /g) ?? []).length, 4);
    assert.match(html, /<details class="check bad" data-check="auth" open>/);
    assert.match(html, /<details class="check ok" data-check="key">/, 'a passing check is closed');
    assert.match(html, /<h1 class="verdict bad" id="verdict">Your API key was rejected \(401\)\.<\/h1>/);
    assert.match(html, /<button id="copy">Copy report<\/button>/);
    assert.match(html, /id="live"/);
    assert.ok(!/(?:src|href)="(?!https:\/\/webview\.test)/.test(html), 'nothing loaded from elsewhere');
    assert.deepStrictEqual(keyPiecesIn(html, key), []);
  });

  it('a healthy report says so in every form, with nobody to blame', async () => {
    const report = await runDiagnosis([check('key', 'API key', [], { status: 'pass', summary: 'ok' })], inputs);
    assert.match(renderMarkdownReport(report), /^# Claude API diagnosis\n\n\*\*All good: the API answers\.\*\*\n\n- \*\*Whose problem:\*\* Nobody: nothing is wrong\n\n\|/);
    assert.match(renderTextReport(report, { color: false }), /^All good: the API answers\.\nWhose problem: Nobody: nothing is wrong\n\n/);
    assert.match(renderMarkdownReport(report), /No API request got a `request-id` back\./);
    assert.strictEqual(JSON.parse(renderJsonReport(report, 0)).verdict.nextStep, null);
    const html = (r: typeof report): string => renderHtmlReport(r, { cspSource: 'x', nonce: 'n', styleUri: 'x', scriptUri: 'x', offerLiveCall: false });
    assert.match(html(report), /<h1 class="verdict ok"/);
    assert.ok(!html(report).includes('id="live"'), 'no live-call button when not offered');
    const warned = await runDiagnosis([check('clock', 'Clock', [], { status: 'warn', summary: 'Your clock is 40 s ahead.', owner: 'you' })], inputs);
    assert.match(html(warned), /<h1 class="verdict warn"/, 'a warning is not shown green');
  });
});
