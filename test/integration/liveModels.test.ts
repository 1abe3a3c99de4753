import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { FAKE_API_KEY } from '../fake-api/server';
import { activateExtension, fakeApiUrl, hoverText } from './helpers';

interface RecordedRequestView {
  path: string;
  auth: string;
  keyValid: boolean;
}

/** What the runner's fake API has been asked, through its control endpoint. */
async function requestsToFake(): Promise<RecordedRequestView[]> {
  const response = await fetch(`${fakeApiUrl()}/__control/requests`);
  const body = (await response.json()) as { requests?: RecordedRequestView[] } | RecordedRequestView[];
  return Array.isArray(body) ? body : (body.requests ?? []);
}

describe('live model list (in the real extension host, against the local fake API)', function () {
  this.timeout(30_000);

  before(async () => {
    await activateExtension();
  });

  after(async () => {
    await vscode.commands.executeCommand('claudeHealth.clearApiKey');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Refresh Model List" fetches /v1/models with the stored key, and hovers then cite the Models API', async () => {
    await vscode.commands.executeCommand('claudeHealth.setApiKey', { key: FAKE_API_KEY });
    const before = (await requestsToFake()).length;
    await vscode.commands.executeCommand('claudeHealth.refreshModels');
    const requests = (await requestsToFake()).slice(before);
    const listed = requests.filter((r) => r.path === '/v1/models');
    assert.ok(listed.length >= 2, `expected the active and the retired list, got ${JSON.stringify(requests)}`);
    assert.ok(listed.every((r) => r.keyValid), 'the fake did not accept the key');
    assert.ok(!requests.some((r) => r.path.startsWith('/v1/messages')), 'a refresh must not spend tokens');

    const document = await vscode.workspace.openTextDocument(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'app.py'));
    await vscode.window.showTextDocument(document);
    const offset = document.getText().indexOf('claude-sonnet-4-6') + 3;
    const position = document.positionAt(offset);
    let text = '';
    const deadline = Date.now() + 10_000;
    while (!/Models API/.test(text) && Date.now() < deadline) {
      text = await hoverText(document.uri, position);
      if (!/Models API/.test(text)) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(text, /claude-sonnet-4-6/);
    assert.match(text, /Data: the Models API, fetched \d{4}-\d{2}-\d{2}/);
    // Live limits replace the bundle's unknowns.
    assert.match(text, /Context window \| [\d,]+ tokens/);
  });
});
