// Issue 9: "Claude: Diagnose Connection" in the real extension host, against the runner's fake API: the
// command runs the doctor (healthy, and a key the API rejects), the report opens in a webview, "Copy report"
// puts Markdown on the clipboard, the log has the report, and none of them holds the key; the status bar's
// tooltip links to the command.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ClaudeHealthApi } from '../../src/extension';
import type { DiagnoseOutcome } from '../../src/vscode/diagnoseConnection';
import { FAKE_API_KEY } from '../fake-api/server';
import { runnerEnvironmentKey } from '../runners/fakeTarget';
import { keyPiecesIn } from '../support/secretLeaks';
import { activateExtension, waitFor } from './helpers';

/** A well-shaped key the fake does not know (its 401), random so that no piece of it is an English word. */
function randomKey(): string {
  let body = '';
  while (body.length < 93) body += Math.random().toString(36).slice(2);
  return `sk-ant-api03-${body.slice(0, 93)}AA`;
}

function readLog(api: ClaudeHealthApi): string {
  if (!fs.existsSync(api.logFolder)) return '';
  return fs
    .readdirSync(api.logFolder)
    .filter((f) => f.endsWith('.log'))
    .map((f) => fs.readFileSync(path.join(api.logFolder, f), 'utf8'))
    .join('\n');
}

/** No piece of any key in play: the stored one (FAKE_API_KEY's own body is mostly zeros: its distinctive words), the runner's, `extra`. */
function assertNoKey(text: string, what: string, extra?: string): void {
  assert.ok(!text.includes(FAKE_API_KEY) && !text.includes('fake-test-key'), `${what} holds the stored key`);
  assert.ok(!text.includes(runnerEnvironmentKey) && !text.includes('EnvironmentKeyOfTheTestRunner'), `${what} holds the environment's key`);
  if (extra) assert.deepStrictEqual(keyPiecesIn(text, extra), [], `${what} holds pieces of the key`);
}

/** The open Diagnose Connection view's tab, if any. */
function diagnosisTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('claudeHealth.diagnosis'));
}

describe('Diagnose Connection (in the real extension host, against the fake API)', function () {
  this.timeout(60_000);
  let api: ClaudeHealthApi;

  before(async () => {
    api = await activateExtension();
  });

  after(async () => {
    await vscode.commands.executeCommand('claudeHealth.clearApiKey');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('healthy: the verdict, the view, "Copy report" as Markdown and the log, without the key', async () => {
    await vscode.commands.executeCommand('claudeHealth.setApiKey', { key: FAKE_API_KEY });
    const outcome = await vscode.commands.executeCommand<DiagnoseOutcome | undefined>('claudeHealth.diagnoseConnection');
    assert.ok(outcome, 'the command returned no report');
    assert.match(outcome.report.verdict.sentence, /^All good: \d+ ms to the API\./, JSON.stringify(outcome.report.checks.map((c) => [c.id, c.status, c.summary])));
    assert.strictEqual(outcome.report.verdict.owner, 'none');
    assert.strictEqual(outcome.report.checks.find((check) => check.id === 'auth')?.status, 'pass');
    assert.match(outcome.report.environment.tool, /^Claude API Health \d+\.\d+\.\d+ \(VS Code \d+\.\d+\.\d+\)$/);
    assert.strictEqual(outcome.report.target.baseUrlSource, 'setting claudeHealth.apiBaseUrl');

    await waitFor('the report view', () => diagnosisTab());

    assert.strictEqual(await vscode.commands.executeCommand('claudeHealth.copyDiagnosisReport'), true);
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /^# Claude API diagnosis\n\n\*\*All good: \d+ ms to the API\.\*\*/);
    assert.match(copied, /\| Authentication \| ✅ pass \|/);
    assert.match(copied, /## Request ids\n\n- `req_/, 'the request-ids support asks for');
    assert.match(copied, /- Tool: Claude API Health .*\(VS Code /);
    assertNoKey(copied, 'the clipboard');

    const log = await waitFor('the report in the log', () => {
      const text = readLog(api);
      return text.includes('Diagnose Connection: All good') && text.includes('# Claude API diagnosis') ? text : undefined;
    });
    assertNoKey(log, 'the log');
  });

  it('a key the API rejects: "Your API key was rejected (401).", yours, and no piece of it anywhere', async () => {
    const rejected = randomKey();
    await vscode.commands.executeCommand('claudeHealth.setApiKey', { key: rejected });
    const outcome = await vscode.commands.executeCommand<DiagnoseOutcome | undefined>('claudeHealth.diagnoseConnection');
    assert.ok(outcome);
    assert.strictEqual(outcome.report.verdict.sentence, 'Your API key was rejected (401).');
    assert.strictEqual(outcome.report.verdict.owner, 'you');
    assert.ok(outcome.report.verdict.nextStep);
    assertNoKey(JSON.stringify(outcome.report), 'the report', rejected);

    await vscode.commands.executeCommand('claudeHealth.copyDiagnosisReport');
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /^# Claude API diagnosis\n\n\*\*Your API key was rejected \(401\)\.\*\*\n\n- \*\*Whose problem:\*\* Yours/);
    assertNoKey(copied, 'the clipboard', rejected);
    assert.ok(diagnosisTab(), 'the view shows the new report');

    const log = await waitFor('the 401 report in the log', () => {
      const text = readLog(api);
      return text.includes('Diagnose Connection: Your API key was rejected (401).') ? text : undefined;
    });
    assertNoKey(log, 'the log', rejected);
  });

  it('checks the models the open documents use, and says where each was seen', async () => {
    await vscode.commands.executeCommand('claudeHealth.setApiKey', { key: FAKE_API_KEY });
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'models.py'));
    await vscode.window.showTextDocument(document);
    // The analysis is done once the document's diagnostics are published.
    await waitFor('the analysis of models.py', () => (vscode.languages.getDiagnostics(document.uri).length > 0 ? true : undefined), 20_000);
    const outcome = await vscode.commands.executeCommand<DiagnoseOutcome | undefined>('claudeHealth.diagnoseConnection');
    assert.ok(outcome);
    const models = outcome.report.checks.find((check) => check.id === 'models');
    assert.ok(models, 'no model check');
    const evidence = models.evidence.map((item) => `${item.label}: ${item.value}`).join('\n');
    assert.match(evidence, /claude-3-opus-20240229.*models\.py:14/, evidence);
    assert.match(evidence, /claude-haiku-4-5/, evidence);
    assert.ok(!/claude-3-opus-20240229.*models\.py:26/.test(evidence), 'a model named in a comment is not checked');
    assert.strictEqual(models.status, 'fail', 'a retired model in use fails the model check');
    assert.match(outcome.report.verdict.sentence, /claude-3-opus-20240229/);
  });

  it("a workspace .env that sets another ANTHROPIC_API_KEY is reported by fingerprint, never by value", async () => {
    await vscode.commands.executeCommand('claudeHealth.setApiKey', { key: FAKE_API_KEY });
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const dotEnv = vscode.Uri.joinPath(folder.uri, '.env');
    const other = randomKey();
    await vscode.workspace.fs.writeFile(dotEnv, new TextEncoder().encode(`# local\nexport ANTHROPIC_API_KEY='${other}'\n`));
    try {
      const outcome = await vscode.commands.executeCommand<DiagnoseOutcome | undefined>('claudeHealth.diagnoseConnection');
      assert.ok(outcome);
      const key = outcome.report.checks.find((check) => check.id === 'key');
      assert.ok(key && key.status !== 'pass', JSON.stringify(key));
      assert.match(JSON.stringify(key), new RegExp(`${folder.name}/\\.env`));
      assert.match(JSON.stringify(key), new RegExp(`…${other.slice(-4)}`), 'the .env key by its fingerprint');
      assertNoKey(JSON.stringify(outcome.report), 'the report', other);
      assertNoKey(outcome.markdown, 'the Markdown', other);
      assertNoKey(readLog(api), 'the log', other);
    } finally {
      await vscode.workspace.fs.delete(dotEnv);
    }
  });

  it('the status bar tooltip links to Diagnose Connection', async () => {
    const snapshot = await waitFor('the status bar', () => api.health.snapshot());
    assert.match(snapshot.tooltip, /\[\$\(pulse\) Diagnose Connection\]\(command:claudeHealth\.diagnoseConnection\)/);
  });
});
