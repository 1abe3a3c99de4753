import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, fakeApiUrl } from './helpers';
import type { ClaudeHealthApi } from '../../src/extension';

describe('endpoint settings (in the real extension host)', () => {
  let api: ClaudeHealthApi;
  const config = () => vscode.workspace.getConfiguration('claudeHealth');

  before(async () => {
    api = await activateExtension();
  });

  afterEach(async () => {
    // Back to the runner's value (the local fake), never to the default real host.
    await config().update('apiBaseUrl', fakeApiUrl(), vscode.ConfigurationTarget.Global);
    assert.strictEqual(api.endpoints().apiBaseUrl, fakeApiUrl());
  });

  it("ignores a workspace's attempt to redirect the API and the status page", () => {
    // The fixture workspace's .vscode/settings.json points both at attacker.example. VS Code drops
    // workspace values of machine-scoped settings itself, so this shows the net effect only; the
    // extension's own guard is tested with workspace values in test/unit/config.endpointGuard.test.ts.
    const inspected = config().inspect<string>('apiBaseUrl');
    assert.ok(inspected, 'the setting is contributed');
    // The user-level value (the runner's fake) is used; the workspace's is not.
    const endpoints = api.endpoints();
    assert.strictEqual(endpoints.apiBaseUrl, fakeApiUrl());
    assert.strictEqual(endpoints.statusPageUrl, fakeApiUrl());
    assert.ok(!JSON.stringify(endpoints).includes('attacker.example'));
  });

  it('follows the user setting', async () => {
    await config().update('apiBaseUrl', 'http://127.0.0.1:4010/', vscode.ConfigurationTarget.Global);
    assert.strictEqual(api.endpoints().apiBaseUrl, 'http://127.0.0.1:4010');
  });

  it('refuses a plain-http user setting to another host, which would send the key in clear text', async () => {
    await config().update('apiBaseUrl', 'http://proxy.example.com', vscode.ConfigurationTarget.Global);
    assert.strictEqual(api.endpoints().apiBaseUrl, 'https://api.anthropic.com');
    // Put the fake back before anything could make a request to the default host.
    await config().update('apiBaseUrl', fakeApiUrl(), vscode.ConfigurationTarget.Global);
  });

  it('cannot be written to workspace settings through the API (machine scope)', async () => {
    await assert.rejects(
      Promise.resolve(config().update('apiBaseUrl', 'https://other.example', vscode.ConfigurationTarget.Workspace)),
      /workspace|scope|machine/i,
    );
  });
});
