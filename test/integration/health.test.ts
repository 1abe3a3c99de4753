import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClaudeHealthApi } from '../../src/extension';
import { FAKE_API_KEY } from '../fake-api/server';
import { activateExtension, fakeApiUrl } from './helpers';

/** Drives the runner's fake API (it runs in the test runner's process) through its control endpoints. */
async function control(action: string, body?: unknown): Promise<void> {
  const response = await fetch(`${fakeApiUrl()}/__control/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  assert.strictEqual(response.status, 200, `control ${action}: ${await response.text()}`);
}

/** Waits until the status bar shows `kind` (confirming re-probes take a few seconds), returning what it shows. */
async function statusBarWhen(api: ClaudeHealthApi, kind: string, timeoutMs = 20_000): Promise<NonNullable<ReturnType<ClaudeHealthApi['health']['snapshot']>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = api.health.snapshot();
    if (snapshot?.kind === kind) return snapshot;
    if (Date.now() > deadline) throw new Error(`status bar never showed ${kind}; it shows ${JSON.stringify(snapshot?.text)} (${snapshot?.kind})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('status bar health (in the real extension host, following the fake API)', function () {
  this.timeout(60_000);
  let api: ClaudeHealthApi;

  before(async () => {
    api = await activateExtension();
    await control('reset');
    await vscode.commands.executeCommand('claudeHealth.setApiKey', { key: FAKE_API_KEY });
  });

  afterEach(async () => {
    await control('reset');
  });

  after(async () => {
    await vscode.commands.executeCommand('claudeHealth.clearApiKey');
  });

  it('Operational: the latency, no alarm colour, and a tooltip with command links', async () => {
    await vscode.commands.executeCommand('claudeHealth.refreshHealth');
    const shown = await statusBarWhen(api, 'operational');
    assert.match(shown.text, /^\$\(pass\) Claude \d+ ms$/);
    assert.strictEqual(shown.background, undefined);
    assert.match(shown.tooltip, /command:claudeHealth\.refreshHealth/);
    assert.match(shown.tooltip, /command:claudeHealth\.showHealthDetails/);
    // Component names come from the network, so the Markdown escapes them: "Claude API \(api\.anthropic\.com\)".
    assert.ok(shown.tooltip.includes('Claude API \\(api\\.anthropic\\.com\\)'), `the status page components are not listed:\n${shown.tooltip}`);
  });

  it('Outage: one 529 is not an outage; confirmed 529s are, in error colour; then it recovers', async () => {
    await vscode.commands.executeCommand('claudeHealth.refreshHealth');
    await statusBarWhen(api, 'operational');
    await control('script', { route: 'models', outcomes: Array.from({ length: 6 }, () => ({ kind: 'error', status: 529 })) });
    await vscode.commands.executeCommand('claudeHealth.refreshHealth');
    // Right after the first failure the state holds while a confirming re-probe runs.
    assert.notStrictEqual(api.health.snapshot()?.kind, 'outage');
    const outage = await statusBarWhen(api, 'outage');
    assert.strictEqual(outage.text, '$(error) Claude outage');
    assert.strictEqual(outage.background, 'error');
    assert.match(outage.tooltip, /overload|529/i);
    await control('reset');
    await vscode.commands.executeCommand('claudeHealth.refreshHealth');
    await statusBarWhen(api, 'operational');
  });

  it('Degraded: the status page can raise a warning while the probe works', async () => {
    await control('status', { state: 'degraded' });
    await vscode.commands.executeCommand('claudeHealth.refreshHealth');
    const degraded = await statusBarWhen(api, 'degraded');
    assert.strictEqual(degraded.text, '$(warning) Claude degraded');
    assert.strictEqual(degraded.background, 'warning');
    assert.match(degraded.tooltip, /Elevated errors on Claude API/);
  });

  it('Key problem: a key the API refuses shows as a key problem, in error colour', async () => {
    await vscode.commands.executeCommand('claudeHealth.setApiKey', { key: 'sk-ant-api03-RevokedKeyOfTheIntegrationTest000000000000000000000000-AAAA' });
    const problem = await statusBarWhen(api, 'keyProblem');
    assert.strictEqual(problem.text, '$(key) Claude key?');
    assert.strictEqual(problem.background, 'error');
    await vscode.commands.executeCommand('claudeHealth.setApiKey', { key: FAKE_API_KEY });
    await statusBarWhen(api, 'operational');
  });

  it('"Show Health Details" opens the details view', async () => {
    await vscode.commands.executeCommand('claudeHealth.showHealthDetails');
    const deadline = Date.now() + 5_000;
    const detailsTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Claude API Health');
    while (!detailsTab() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(detailsTab(), `no details tab among: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  // Last: a rate limit holds until its reset time, whatever the later tests would script.
  it('Rate limited: a 429 with retry-after counts down, in warning colour', async () => {
    await control('script', { route: 'models', outcomes: [{ kind: 'error', status: 429, retryAfter: 42 }] });
    await vscode.commands.executeCommand('claudeHealth.refreshHealth');
    const limited = await statusBarWhen(api, 'rateLimited');
    assert.match(limited.text, /^\$\(clock\) Claude rate-limited 0:[34]\d$/);
    assert.strictEqual(limited.background, 'warning');
  });
});
